from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from directives.notifications.tasks import enqueue_deliveries
from directives.watcher.sweep import deadlines_sweep


def parse_now(value: str) -> dt.datetime:
    """ISO 8601; a time without an offset is local (Asia/Ho_Chi_Minh), a bare date is 00:00 local."""
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--now {value!r}: cần dạng 2023-11-10T08:00") from exc
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


class Command(BaseCommand):
    help = "Run the deadline sweep once (what beat runs every 15 minutes) and print its counts as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now", type=parse_now, default=None, help="the instant to sweep as, e.g. 2023-11-10T08:00"
        )
        parser.add_argument("--no-email", action="store_true", help="fill the outbox but enqueue no e-mail task")

    def handle(self, *args: Any, **options: Any) -> None:
        now = options["now"] or timezone.now()
        counts = deadlines_sweep(now=now)
        if not options["no_email"]:
            enqueue_deliveries(counts.email_ids)
        self.stdout.write(json.dumps(counts.as_dict()))
