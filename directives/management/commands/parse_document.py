"""`manage.py parse_document PATH --json`: what the parser reads in a .txt/.docx/.pdf, a scan or a
photo (OCR'd inline, page progress on stderr), or stdin."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from directives.documents.intake import parse_text
from directives.documents.signatures import signature_lines


class Command(BaseCommand):
    help = (
        "Parse a guidance document (.txt, .docx, .pdf, a scanned PDF or a .jpg/.png photo, or - for stdin)"
        " and print the extracted fields."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="a .txt, .docx, .pdf, .jpg or .png file, or - to read text from stdin")
        parser.add_argument("--json", action="store_true", help="print the parser's JSON shape")

    def handle(self, *args: Any, **options: Any) -> None:
        text = self._read(options["path"])
        outcome = parse_text(text)
        if options["json"]:
            self.stdout.write(json.dumps(outcome.result, ensure_ascii=False, indent=2))
            return
        self._summary(outcome.result, outcome.warnings)

    def _read(self, path: str) -> str:
        from directives.ingest import ingest
        from directives.parsing.extract import ExtractionError

        if path == "-":
            data, name = sys.stdin.buffer.read(), "stdin"
        else:
            file = Path(path)
            if not file.is_file():
                raise CommandError(f"Không tìm thấy tệp {path}")
            data, name = file.read_bytes(), file.name
        started = time.monotonic()

        def progress(done: int, total: int) -> None:
            self.stderr.write(f"OCR: {done}/{total} trang ({time.monotonic() - started:.1f} s)")

        try:
            # The kind is judged by content, not by the name.
            ingested = ingest(data, name, on_page=progress, trust_roots=settings.SIGNATURE_TRUST_ROOTS or None)
        except ExtractionError as exc:
            raise CommandError(str(exc)) from exc
        for note in ingested.notes:
            self.stderr.write(note)
        for line in signature_lines([sig.as_json() for sig in ingested.signatures]):
            self.stderr.write(line.text)
        return ingested.text

    def _summary(self, result: dict[str, Any], warnings: list[str]) -> None:
        w = self.stdout.write
        w(f"Số, ký hiệu: {result['number'] or '—'}   Loại: {result['type'] or '—'}")
        w(f"Cơ quan ban hành: {result['issuer'] or '—'}   {result['place'] or ''} {result['date'] or ''}")
        w(f"Trích yếu: {result['subject'] or '—'}")
        for ref in result["references"]:
            w(f"  ↳ {ref['relation']}: {ref['number']} {ref['date'] or ''} {ref['issuer'] or ''}")
        for i, task in enumerate(result["tasks"], start=1):
            w(f"  {i}. [{task['kind'] or '—'} {task['due'] or ''}] {task['text'][:100]}")
        for warning in warnings:
            w(self.style.WARNING(f"! {warning}"))
