"""`manage.py bench_parse`: the parser's benchmark (directives.parsing.bench), printed as numbers."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Benchmark the document parser on the seed documents (prints timings)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("args", nargs="*", help="passed through to directives.parsing.bench")

    def handle(self, *args: Any, **options: Any) -> None:
        from directives.parsing import bench

        saved = sys.argv
        sys.argv = ["bench_parse", *args]
        try:
            status = bench.main()
        finally:
            sys.argv = saved
        if status:
            raise SystemExit(status)
