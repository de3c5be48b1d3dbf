"""`manage.py bench_parse`: the parser's benchmark (cascade.devtools.bench.parse), printed as numbers."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Benchmark the document parser on the seed documents and samples (median milliseconds)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--runs", type=int, default=15, help="runs per document (the median is printed)")

    def handle(self, *args: Any, **options: Any) -> None:
        from cascade.devtools.bench import parse as bench

        bench.main(runs=options["runs"])
