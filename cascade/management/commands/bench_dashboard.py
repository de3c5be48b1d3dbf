"""Time the dashboard views at scale against their SQL floor (the work is in `cascade.devtools.bench.dashboard`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cascade.devtools.bench.dashboard import DashboardBenchmark


class Command(BaseCommand):
    help = "Time the dashboard views (p50/p95, query count) against the hand-written SQL floor."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--repeat", type=int, default=30, help="timed requests per view (default 30)")
        parser.add_argument("--warmup", type=int, default=3, help="untimed requests first (default 3)")
        parser.add_argument("--province", default="", help="province code for the provincial leader (default: largest)")

    def handle(self, *args: Any, **options: Any) -> None:
        DashboardBenchmark(self.stdout, self.style).run(**options)
