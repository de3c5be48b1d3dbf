"""Snapshot of a unit's completion report (báo cáo kết quả) on one assignment."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from reports.models import CompletionReport
from reports.pdf.common import (
    default_recipients,
    default_signature,
    document_head,
    document_reference,
    format_recipients,
    lower_first,
    parent_of,
    signature_payload,
)
from reports.pdf.formatting import paragraphs, vn_date, vn_int, vn_percent
from reports.pdf.profiles import PROFILES

SUBMITTED_STATUSES = (CompletionReport.Status.SUBMITTED, CompletionReport.Status.ACCEPTED)

# The genre's sections (research notes Part A4), in order; empty ones are left out.
SECTIONS = (
    ("deployment", "Tình hình triển khai"),
    ("results", "Kết quả đạt được"),
    ("shortcomings", "Hạn chế"),
    ("causes", "Nguyên nhân"),
    ("next_steps", "Phương hướng, nhiệm vụ thời gian tới"),
    ("proposals", "Kiến nghị, đề xuất"),
)


def report_queryset() -> QuerySet[CompletionReport]:
    return CompletionReport.objects.select_related(
        "assignment__unit",
        "assignment__task__document__issuer",
        "assignment__task__report_to",
        "issued_document",
    )


def figure_lines(report: CompletionReport) -> list[str]:
    lines = []
    if report.sessions_held is not None:
        lines.append(f"Số hội nghị, buổi học tập đã tổ chức: {vn_int(report.sessions_held)}.")
    if report.participants is not None:
        lines.append(f"Số lượt người tham dự: {vn_int(report.participants)}.")
    if report.members_reached is not None:
        line = f"Số đảng viên, đoàn viên được quán triệt: {vn_int(report.members_reached)}"
        if report.members_total:
            line += f"/{vn_int(report.members_total)}, đạt {vn_percent(report.members_reached, report.members_total)}"
        lines.append(line + ".")
    if report.documents_issued is not None or report.issued_document_id:
        line = f"Số văn bản đơn vị ban hành để triển khai: {vn_int(report.documents_issued or 1)}"
        if report.issued_document and report.issued_document.number:
            line += f" (trong đó có {report.issued_document.type_name} số {report.issued_document.number})"
        lines.append(line + ".")
    return lines


def unit_report_payload(*, report: CompletionReport, today: dt.date) -> dict:
    """Everything the PDF shows, as plain strings: hashing it tells whether anything changed."""
    assignment = report.assignment
    unit = assignment.unit
    parent = parent_of(unit)
    task = assignment.task
    document = task.document
    reference = document_reference(document)
    subject = f"Kết quả thực hiện {reference.split(' của ')[0]}"
    head = document_head(unit=unit, parent=parent, today=today, subject=subject)
    profile = PROFILES[head["profile"]]

    opening = f"Thực hiện {reference}"
    if document.subject:
        opening += f" về {lower_first(document.subject.rstrip('.'))}"
    opening += f", {unit.name} báo cáo kết quả thực hiện như sau:"

    task_line = f"Nhiệm vụ được giao: {task.text.rstrip('.')}"
    if task.deadline_text:
        task_line += f" (thời hạn: {task.deadline_text.strip().rstrip('.')})"
    elif assignment.due_on:
        task_line += f" (thời hạn: {vn_date(assignment.due_on)})"
    task_line += "."

    submitted_on = timezone.localdate(report.submitted_at) if report.submitted_at else None
    timing = ""
    if submitted_on and assignment.due_on:
        late_days = (submitted_on - assignment.due_on).days
        if late_days > 0:
            timing = (
                f"Báo cáo gửi ngày {vn_date(submitted_on)}, chậm {late_days} ngày so với thời hạn "
                f"{vn_date(assignment.due_on)}."
            )

    sections = []
    if report.nothing_arose:
        sections.append(
            {
                "heading": profile.section_heading(1, "Kết quả"),
                "paragraphs": ["Trong kỳ, đơn vị không phát sinh nội dung."],
            }
        )
    else:
        figures = figure_lines(report)
        for field, title in SECTIONS:
            body = paragraphs(getattr(report, field))
            if field == "results":
                body = body + [f"- {line}" for line in figures]
            if body:
                sections.append({"heading": profile.section_heading(len(sections) + 1, title), "paragraphs": body})

    upward = [task.report_to.name] if task.report_to else []
    if not upward and document.issuer_id != unit.id and document.issuer is not None:
        upward = [document.issuer.name]
    recipients = default_recipients(profile=profile, parent=parent, upward=upward)
    return {
        "kind": "unit",
        "head": head,
        "opening": opening,
        "task_line": task_line,
        "timing": timing,
        "unit_name": unit.name,
        "version_note": (
            f"Đây là báo cáo lần {report.version}, thay cho báo cáo đã gửi trước." if report.version > 1 else ""
        ),
        "sections": sections,
        "recipients": format_recipients(recipients, profile),
        "signature": signature_payload(default_signature(unit), profile),
        "rows": 0,
    }
