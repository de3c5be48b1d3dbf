"""Render a report to a file, for scripting and benchmarks.

    python manage.py render_report --assignment ID --out F.pdf
    python manage.py render_report --aggregate --document 57-KL/TW [--unit CODE] --out F.pdf
    python manage.py render_report --dashboard --document 57-KL/TW [--unit CODE] --out F.pdf

The render is claimed and stored like one made in the browser: the same data returns the
stored PDF (and its number); changed data takes the next number of the unit's register.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from directives.deadlines.scheduling import due_soon_until
from directives.models import Document, Organization
from reports.models import CompletionReport
from reports.pdf.requests import aggregate_request, dashboard_request, unit_report_request
from reports.pdf.services import render_run
from reports.pdf.unit_report import SUBMITTED_STATUSES, report_queryset


class Command(BaseCommand):
    help = "Render a unit's report, an aggregated report or the dashboard print to a PDF file."

    def add_arguments(self, parser: CommandParser) -> None:
        what = parser.add_mutually_exclusive_group(required=True)
        what.add_argument("--assignment", type=int, help="id of the assignment whose latest submitted report to render")
        what.add_argument("--aggregate", action="store_true", help="the aggregated report for --document")
        what.add_argument("--dashboard", action="store_true", help="the dashboard print for --document")
        parser.add_argument("--document", help="number and symbol of the directive, e.g. 57-KL/TW")
        parser.add_argument("--unit", help="code of the reporting unit (default: the document's issuer)")
        parser.add_argument("--out", required=True, help="where to write the PDF")

    def handle(self, *args: object, **options: Any) -> None:  # argparse values, as BaseCommand types them
        today = timezone.localdate()
        started = time.perf_counter()
        if options["assignment"]:
            report = (
                report_queryset()
                .filter(assignment_id=options["assignment"], status__in=SUBMITTED_STATUSES)
                .order_by("-version")
                .first()
            )
            if report is None:
                raise CommandError(f"Giao việc {options['assignment']} chưa có báo cáo đã gửi.")
            claim = unit_report_request(report=report, today=today, requested_by=None)
        else:
            directive, unit = self._directive_and_unit(options)
            request = aggregate_request if options["aggregate"] else dashboard_request
            soon = due_soon_until(today=today)
            claim = request(directive=directive, unit=unit, today=today, due_soon_until=soon, requested_by=None)
        render = claim.render if claim.render.is_done else render_run(render_id=claim.render.pk)
        out = Path(str(options["out"]))
        with render.file.open("rb") as source:
            out.write_bytes(source.read())
        number = render.outgoing.symbol if render.outgoing else "—"
        reused = "dùng lại bản đã lưu" if not claim.created else "bản mới"
        self.stdout.write(f"{out}: {render.pages} trang, số {number}, {reused}, {time.perf_counter() - started:.2f} s")

    def _directive_and_unit(self, options: dict) -> tuple[Document, Organization]:
        number = options.get("document")
        if not number:
            raise CommandError("--document là bắt buộc với --aggregate và --dashboard.")
        document = Document.objects.select_related("issuer", "root").filter(number=number).first()
        if document is None:
            raise CommandError(f"Không tìm thấy văn bản {number}.")
        directive = document.root or document
        if options.get("unit"):
            unit = Organization.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"Không tìm thấy đơn vị có mã {options['unit']}.")
        elif document.issuer:
            unit = document.issuer
        else:
            raise CommandError(f"Văn bản {number} không có cơ quan ban hành; hãy chỉ rõ --unit.")
        return directive, unit


__all__ = ["Command", "CompletionReport"]
