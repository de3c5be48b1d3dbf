"""Reads behind the aggregate report and the dashboard print: a directive's cascade below a unit.

Three queries whatever the size of the subtree (children, assignments, latest reports), as
plain tuples: the 2,000-unit benchmark spends its time in WeasyPrint, not here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from directives.models import Assignment, Document, Organization
from directives.timeliness import Timeliness, timeliness_of
from reports.models import CompletionReport
from reports.pdf.formatting import vn_int, vn_percent

SUBMITTED_STATUSES = (CompletionReport.Status.SUBMITTED, CompletionReport.Status.ACCEPTED)
DONE_STATUSES = {str(s) for s in Assignment.DONE_STATUSES}
STEP = Organization.steplen


@dataclass(frozen=True, slots=True)
class AssignmentRow:
    id: int
    unit_id: int
    unit_name: str
    unit_path: str
    task_label: str
    due_on: dt.date | None
    done: bool
    submitted_on: dt.date | None
    timeliness: Timeliness
    late_days: int  # days late (done) or overdue (open); 0 when on time


@dataclass(slots=True)
class UnitStatus:
    unit_id: int
    name: str
    path: str
    timeliness: Timeliness
    reported_on: dt.date | None
    late_days: int
    earliest_due: dt.date | None


@dataclass
class Figures:
    """Totals of the units' latest submitted reports; the percentage is recomputed from sums."""

    reports: int = 0
    sessions_held: int = 0
    participants: int = 0
    members_reached: int = 0
    members_total: int = 0
    documents_issued: int = 0

    def lines(self) -> list[str]:
        if not self.reports:
            return ["Chưa có đơn vị nào gửi báo cáo kết quả."]
        reach = f"{vn_int(self.members_reached)}/{vn_int(self.members_total)}"
        return [
            f"Số báo cáo kết quả đã tổng hợp: {vn_int(self.reports)}.",
            f"Số hội nghị, buổi học tập đã tổ chức: {vn_int(self.sessions_held)}.",
            f"Số lượt người tham dự: {vn_int(self.participants)}.",
            f"Số đảng viên, đoàn viên được quán triệt: {reach}, đạt "
            f"{vn_percent(self.members_reached, self.members_total)}.",
            f"Số văn bản các đơn vị ban hành để triển khai: {vn_int(self.documents_issued)}.",
        ]


@dataclass
class Cascade:
    directive: Document
    unit: Organization
    today: dt.date
    children: dict[str, str]  # path of each child of `unit` → its name
    assignments: list[AssignmentRow]
    units: list[UnitStatus]
    figures: Figures
    unit_counts: Counter[Timeliness] = field(default_factory=Counter)

    def group_path(self, path: str) -> str:
        return path[: len(self.unit.path) + STEP]


def _late_days(*, due_on: dt.date | None, done: bool, submitted_on: dt.date | None, today: dt.date) -> int:
    if due_on is None:
        return 0
    end = submitted_on if done and submitted_on else today
    return max(0, (end - due_on).days)


def cascade_below(*, directive: Document, unit: Organization, today: dt.date, due_soon_until: dt.date) -> Cascade:
    children = dict(
        Organization.objects.filter(path__startswith=unit.path, depth=unit.depth + 1)
        .order_by("path")
        .values_list("path", "name")
    )
    raw = (
        Assignment.objects.filter(directive=directive, unit_path__startswith=unit.path)
        .exclude(unit_id=unit.id)
        .order_by("unit_path", "task__document_id", "task__ordinal", "period", "id")
        .values_list(
            "id",
            "unit_id",
            "unit__name",
            "unit_path",
            "task__document__number",
            "task__ordinal",
            "due_on",
            "status",
            "submitted_on",
        )
    )
    assignments: list[AssignmentRow] = []
    for pk, unit_id, name, path, number, ordinal, due_on, status, submitted_on in raw:
        done = status in DONE_STATUSES
        assignments.append(
            AssignmentRow(
                id=pk,
                unit_id=unit_id,
                unit_name=name,
                unit_path=path,
                task_label=f"{number or 'Văn bản'} · nhiệm vụ {ordinal}",
                due_on=due_on,
                done=done,
                submitted_on=submitted_on,
                timeliness=timeliness_of(
                    due_on=due_on, done=done, done_on=submitted_on, today=today, due_soon_until=due_soon_until
                ),
                late_days=_late_days(due_on=due_on, done=done, submitted_on=submitted_on, today=today),
            )
        )
    units = _unit_statuses(assignments)
    cascade = Cascade(
        directive=directive,
        unit=unit,
        today=today,
        children=children,
        assignments=assignments,
        units=units,
        figures=_figures(directive=directive, unit=unit),
    )
    cascade.unit_counts = Counter(u.timeliness for u in units)
    return cascade


def _unit_statuses(assignments: list[AssignmentRow]) -> list[UnitStatus]:
    """One line per unit over its assignments in the directive (several tasks, recurring periods).

    Anything overdue makes the unit overdue; otherwise what it has reported decides (late if any
    report was late), so a period not yet due does not hide a report already made; a unit with
    nothing reported yet is due soon or in time.
    """
    by_unit: dict[int, list[AssignmentRow]] = {}
    for row in assignments:
        by_unit.setdefault(row.unit_id, []).append(row)
    out = []
    for rows in by_unit.values():
        first = rows[0]
        overdue = [r for r in rows if r.timeliness == Timeliness.OVERDUE]
        done = [r for r in rows if r.done]
        if overdue:
            status, late = Timeliness.OVERDUE, max(r.late_days for r in overdue)
        elif done:
            late = max(r.late_days for r in done)
            status = Timeliness.DONE_LATE if late else Timeliness.DONE_ON_TIME
        else:
            late = 0
            soon = any(r.timeliness == Timeliness.DUE_SOON for r in rows)
            status = Timeliness.DUE_SOON if soon else Timeliness.ON_TRACK
        reported = [r.submitted_on for r in done if r.submitted_on]
        dues = [r.due_on for r in (overdue or rows) if r.due_on]
        out.append(
            UnitStatus(
                unit_id=first.unit_id,
                name=first.unit_name,
                path=first.unit_path,
                timeliness=status,
                reported_on=max(reported) if reported else None,
                late_days=late,
                earliest_due=min(dues) if dues else None,
            )
        )
    return sorted(out, key=lambda u: u.path)


def _figures(*, directive: Document, unit: Organization) -> Figures:
    """Each unit's latest submitted report on this directive counts once."""
    rows = (
        CompletionReport.objects.filter(
            assignment__directive=directive,
            assignment__unit_path__startswith=unit.path,
            status__in=SUBMITTED_STATUSES,
        )
        .exclude(assignment__unit_id=unit.id)
        .order_by("assignment__unit_id", "-submitted_at", "-version")
        .values_list(
            "assignment__unit_id",
            "sessions_held",
            "participants",
            "members_reached",
            "members_total",
            "documents_issued",
        )
    )
    figures = Figures()
    seen: set[int] = set()
    for unit_id, sessions, participants, reached, total, issued in rows:
        if unit_id in seen:
            continue
        seen.add(unit_id)
        figures.reports += 1
        figures.sessions_held += sessions or 0
        figures.participants += participants or 0
        if reached is not None and total:
            figures.members_reached += reached
            figures.members_total += total
        figures.documents_issued += issued or 0
    return figures
