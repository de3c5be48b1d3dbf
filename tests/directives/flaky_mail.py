"""A mail backend that fails the first FAILURES sends, like a mail server that is down for a while."""

from __future__ import annotations

import smtplib
import threading

from django.core.mail.backends.locmem import EmailBackend


class FlakyBackend(EmailBackend):
    failures = 2
    attempts = 0
    _lock = threading.Lock()

    def send_messages(self, messages):  # type: ignore[no-untyped-def]
        with self._lock:
            type(self).attempts += 1
            failing = type(self).attempts <= type(self).failures
        if failing:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


class BrokenBackend(EmailBackend):
    def send_messages(self, messages):  # type: ignore[no-untyped-def]
        raise ConnectionRefusedError(111, "Connection refused")
