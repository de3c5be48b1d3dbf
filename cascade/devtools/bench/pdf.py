"""Benchmark the PDF reports on data it builds itself, then rolls back.

    python manage.py pdf_benchmark [--units 2000] [--out-dir DIR]

Prints render time, pages and peak memory (the process's peak RSS) for a one-unit completion
report, the aggregated report over N units (default 2,000: 40 provinces × 49 communes) and the
dashboard print over the same cascade. Targets: one-unit < 1.5 s; 2,000 units < 20 s, < 1 GB.
Nothing is left in the database: the data lives in a transaction that is rolled back.
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import time
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from directives.deadlines.scheduling import due_soon_until
from directives.models import Assignment, Document, DocumentType, Organization, Task
from reports.models import CompletionReport
from reports.pdf.aggregate import aggregate_defaults, aggregate_payload
from reports.pdf.dashboard_data import dashboard_snapshot
from reports.pdf.render import RenderResult, render_html, render_pdf
from reports.pdf.rollup import cascade_below
from reports.pdf.unit_report import report_queryset, unit_report_payload

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
NARRATIVE = (
    "Ngay sau khi nhận được Hướng dẫn, Ban Thường vụ đã chỉ đạo xây dựng kế hoạch, phân công cụ thể cho "
    "từng chi bộ trực thuộc; tổ chức hội nghị quán triệt trực tiếp kết hợp trực tuyến đến 100% cán bộ, "
    "đảng viên; đưa nội dung Kết luận vào sinh hoạt chi bộ định kỳ và các buổi sinh hoạt chuyên đề."
)


def _step(n: int) -> str:
    out = ""
    for _ in range(Organization.steplen):
        n, r = divmod(n, len(ALPHABET))
        out = ALPHABET[r] + out
    return out


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Rollback(Exception):
    pass


class PdfBenchmark:
    """What `manage.py pdf_benchmark` runs; it writes its report to the command's stdout."""

    def __init__(self, stdout: Any, style: Any) -> None:
        self.stdout = stdout
        self.style = style

    def run(self, **options: object) -> None:
        self.out_dir = Path(str(options["out_dir"])) if options.get("out_dir") else None
        if self.out_dir:
            self.out_dir.mkdir(parents=True, exist_ok=True)
        try:
            with transaction.atomic():
                self._run(int(options["units"]))  # type: ignore[call-overload]
                raise Rollback
        except Rollback:
            self.stdout.write("(benchmark data rolled back)")

    def _run(self, units: int) -> None:
        today = timezone.localdate()
        soon = due_soon_until(today=today)
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        self.stdout.write(f"{os.cpu_count()} CPUs, load average {load} (other processes slow the wall-clock times)")
        started = time.perf_counter()
        root, directive, sample = _build(units=units, today=today)
        self.stdout.write(f"built {units} units in {time.perf_counter() - started:.1f} s; peak {_peak_mb():.0f} MB")

        report = report_queryset().get(pk=sample.pk)
        for label in ("one-unit report (cold)", "one-unit report (warm)"):
            t0 = time.perf_counter()
            payload = unit_report_payload(report=report, today=today)
            data_s = time.perf_counter() - t0
            result, cpu = _timed(payload=payload, number=12, issued_on=today)
            self._line(label, data_s, result, cpu, "unit.pdf")

        t0 = time.perf_counter()
        cascade = cascade_below(directive=directive, unit=root, today=today, due_soon_until=soon)
        payload = aggregate_payload(cascade=cascade, data=aggregate_defaults(cascade))
        data_s = time.perf_counter() - t0
        result, cpu = _timed(payload=payload, number=57, issued_on=today)
        self._line(f"aggregate, {len(cascade.units)} units", data_s, result, cpu, "aggregate.pdf")
        if self.out_dir:
            html = render_html(payload=payload, number=57, issued_on=today)
            (self.out_dir / "aggregate.html").write_text(html)

        t0 = time.perf_counter()
        snapshot = dashboard_snapshot(directive=directive, unit=root, today=today, due_soon_until=soon)
        data_s = time.perf_counter() - t0
        result, cpu = _timed(payload=snapshot, number=None, issued_on=today)
        self._line(f"dashboard print, {len(snapshot['overdue'])} overdue rows", data_s, result, cpu, "dashboard.pdf")

    def _line(self, label: str, data_s: float, result: RenderResult, cpu: float, name: str) -> None:
        if self.out_dir:
            (self.out_dir / name).write_bytes(result.pdf)
        total = data_s + result.seconds
        self.stdout.write(
            f"{label:<38} data {data_s:5.2f} s  render {result.seconds:6.2f} s (CPU {cpu:6.2f} s)  "
            f"total {total:6.2f} s  {result.pages:3d} pages  peak RSS {_peak_mb():5.0f} MB"
        )


def _timed(**kwargs: object) -> tuple[RenderResult, float]:
    """Render, and the CPU seconds it took (the wall time is in the result)."""
    cpu = time.process_time()
    result = render_pdf(**kwargs)  # type: ignore[arg-type]
    return result, time.process_time() - cpu


def _build(*, units: int, today: dt.date) -> tuple[Organization, Document, CompletionReport]:
    """A root committee, provinces below it, communes below those; one assignment each."""
    root = Organization.objects.add_root(
        {
            "code": "bench-root",
            "name": "Tỉnh ủy Thử nghiệm",
            "kind": Organization.Kind.PARTY_COMMITTEE,
            "level": Organization.Level.PROVINCE,
            "symbol_code": "TU",
            "place": "Đồng Nai",
        }
    )
    provinces_n = max(1, round(units / 50))
    per_province = (units - provinces_n) // provinces_n
    extra = units - provinces_n - per_province * provinces_n
    orgs: list[Organization] = []
    for p in range(provinces_n):
        n_children = per_province + (1 if p < extra else 0)
        province_path = root.path + _step(p + 1)
        orgs.append(
            Organization(
                path=province_path,
                depth=2,
                numchild=n_children,
                code=f"bench-p{p:03d}",
                name=f"Huyện ủy Thử nghiệm số {p + 1:02d}",
                kind=Organization.Kind.PARTY_COMMITTEE,
                level=Organization.Level.DISTRICT,
                symbol_code="HU",
                place="Đồng Nai",
            )
        )
        for c in range(n_children):
            orgs.append(
                Organization(
                    path=province_path + _step(c + 1),
                    depth=3,
                    numchild=0,
                    code=f"bench-p{p:03d}-c{c:03d}",
                    name=f"Đảng ủy xã Phước Thiền {p + 1:02d}.{c + 1:02d}",
                    kind=Organization.Kind.PARTY_COMMITTEE,
                    level=Organization.Level.GRASSROOTS,
                    symbol_code="ĐU",
                    place="Đồng Nai",
                )
            )
    Organization.objects.filter(pk=root.pk).update(numchild=provinces_n)
    orgs = Organization.objects.bulk_create(orgs, batch_size=1000)
    due = today - dt.timedelta(days=20)
    directive = Document.objects.create(
        number="9999-KL/TW",
        doc_type=DocumentType.KL,
        issuer=root,
        issued_on=today - dt.timedelta(days=90),
        subject="Tiếp tục nâng cao chất lượng, hiệu quả công tác thông tin đối ngoại trong tình hình mới",
    )
    task = Task.objects.create(
        document=directive, ordinal=1, text="Tổ chức quán triệt, triển khai", due_on=due, deadline_text="Trong tháng"
    )
    assignments = []
    for i, org in enumerate(orgs):
        reported = i % 4 != 0  # a quarter has not reported: overdue
        late = i % 7 == 0
        submitted_on = due + dt.timedelta(days=3 if late else -2) if reported else None
        assignments.append(
            Assignment(
                task=task,
                unit=org,
                unit_path=org.path,
                directive=directive,
                due_on=due,
                status=Assignment.Status.SUBMITTED if reported else Assignment.Status.PENDING,
                submitted_on=submitted_on,
                submitted_at=timezone.make_aware(dt.datetime.combine(submitted_on, dt.time(9)))
                if submitted_on
                else None,
            )
        )
    assignments = Assignment.objects.bulk_create(assignments, batch_size=1000)
    reports = [
        CompletionReport(
            assignment=a,
            status=CompletionReport.Status.SUBMITTED,
            deployment=NARRATIVE,
            results="Tổ chức 3 hội nghị; đảng viên tham dự đầy đủ, nghiêm túc.",
            shortcomings="Một số chi bộ ở xa tổ chức chậm so với kế hoạch.",
            next_steps="Tiếp tục tuyên truyền, kiểm tra việc thực hiện ở các chi bộ.",
            sessions_held=3,
            participants=120 + i % 50,
            members_reached=100 + i % 30,
            members_total=110 + i % 30,
            documents_issued=1,
            submitted_at=a.submitted_at,
            is_late=bool(a.submitted_on and a.submitted_on > due),
        )
        for i, a in enumerate(assignments)
        if a.status == Assignment.Status.SUBMITTED
    ]
    reports = CompletionReport.objects.bulk_create(reports, batch_size=1000)
    return root, directive, reports[0]
