"""`manage.py bench_ocr [FILE …] [--dpi 300]`: OCR seconds per page and memory (cascade.devtools.bench.ocr)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Benchmark OCR of scanned PDFs/photos: seconds per page (median, p95), peak RSS, load average."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", type=Path, help="scans to read (default: the test corpus scan)")
        parser.add_argument("--dpi", type=int, default=300, help="resolution PDF pages are rendered at")

    def handle(self, *args: Any, **options: Any) -> None:
        from cascade.devtools.bench import ocr as bench

        files = options["files"] or list(bench.DEFAULT_FILES)
        missing = [str(f) for f in files if not f.is_file()]
        if missing:
            raise CommandError(f"Không tìm thấy tệp: {', '.join(missing)}")
        bench.run(files, dpi=options["dpi"], write=self.stdout.write)
