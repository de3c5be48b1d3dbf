"""Benchmark the PDF reports (the work is in `cascade.devtools.bench.pdf`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cascade.devtools.bench.pdf import PdfBenchmark


class Command(BaseCommand):
    help = "Benchmark PDF rendering: one unit's report and the aggregate over N units (data rolled back)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--units", type=int, default=2000, help="units below the reporting body (default 2000)")
        parser.add_argument("--out-dir", help="also write the PDFs here, to look at them")

    def handle(self, *args: Any, **options: Any) -> None:
        PdfBenchmark(self.stdout, self.style).run(**options)
