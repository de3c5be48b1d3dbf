"""django-axes' backend, tolerant of authentication without a request.

Brute force arrives over HTTP, always with a request, and is checked as usual. Authentication without
one (Django's test `Client.login()`, a management command) has no client to lock out; axes' own
backend would raise there, so we let it pass to the next backend instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class AxesBackend(AxesStandaloneBackend):
    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
