"""Benchmark the deadline sweep on PostgreSQL (the work is in `cascade.devtools.bench.sweep`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cascade.devtools.bench.sweep import SweepBenchmark


class Command(BaseCommand):
    help = (
        "Benchmark the deadline sweep on PostgreSQL: build N open assignments under a throw-away "
        "organisation tree, time a first and a repeated sweep (queries, peak memory), then delete it all."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--assignments", type=int, default=100_000)
        parser.add_argument("--units", type=int, default=10_000, help="grassroots units (assignments ÷ units = tasks)")
        parser.add_argument("--batch", type=int, default=None, help="assignments per sweep transaction")
        parser.add_argument(
            "--spread-days",
            type=int,
            default=365,
            help="due dates spread over this many days around today; 0 = worst case (every row due for a notice)",
        )
        parser.add_argument(
            "--recurring-share",
            type=float,
            default=0.0,
            help="share of tasks that recur monthly; their past periods are a backlog the first sweep creates",
        )
        parser.add_argument("--keep", action="store_true", help="leave the synthetic data in place")

    def handle(self, *args: Any, **options: Any) -> None:
        SweepBenchmark(self.stdout, self.style).run(**options)
