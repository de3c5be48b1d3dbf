"""Snapshot of the aggregated report (báo cáo tổng hợp) a unit sends upward for a directive.

The body carries the leader's narrative, the totals and a roll-up per child unit; the table of
every unit below goes to an annex split into one table per child unit (per province in a
national report), which keeps WeasyPrint away from one table spanning dozens of pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from directives.models import Assignment
from directives.timeliness import Timeliness
from reports.pdf.common import (
    Signature,
    default_recipients,
    default_signature,
    document_head,
    document_reference,
    format_recipients,
    parent_of,
    signature_payload,
)
from reports.pdf.formatting import paragraphs, vn_date, vn_int, vn_percent
from reports.pdf.profiles import PROFILES, LayoutProfile, profile_for
from reports.pdf.rollup import STEP, Cascade

# An overdue list longer than this moves from the body to its own annex.
OVERDUE_IN_BODY_MAX = 30

STATUS_SHORT = {
    Timeliness.DONE_ON_TIME: "Báo cáo đúng hạn",
    Timeliness.DONE_LATE: "Báo cáo quá hạn",
    Timeliness.ON_TRACK: "Chưa báo cáo, trong hạn",
    Timeliness.DUE_SOON: "Chưa báo cáo, sắp đến hạn",
    Timeliness.OVERDUE: "Chưa báo cáo, quá hạn",
}


def status_text(timeliness: Timeliness, late_days: int) -> str:
    """Status and lateness in one cell ("Báo cáo quá hạn 3 ngày"): four cells a row, not five,
    is a fifth less table layout in WeasyPrint for a 2,000-unit annex."""
    text = STATUS_SHORT[timeliness]
    return f"{text} {vn_int(late_days)} ngày" if late_days else text


@dataclass(frozen=True)
class AggregateInput:
    """What the leader writes or confirms in the browser before rendering."""

    narrative: str
    recipients: list[str] = field(default_factory=list)
    signature: Signature = field(default_factory=Signature)


def unit_counts(cascade: Cascade) -> dict[str, int]:
    c = cascade.unit_counts
    on_time, late = c[Timeliness.DONE_ON_TIME], c[Timeliness.DONE_LATE]
    overdue = c[Timeliness.OVERDUE]
    in_time = c[Timeliness.ON_TRACK] + c[Timeliness.DUE_SOON]
    return {
        "total": len(cascade.units),
        "reported": on_time + late,
        "on_time": on_time,
        "late": late,
        "open": in_time + overdue,
        "in_time": in_time,
        "overdue": overdue,
    }


def default_narrative(cascade: Cascade) -> str:
    """The leader's starting text, written from the figures; they edit it before rendering."""
    n = unit_counts(cascade)
    f = cascade.figures
    reference = document_reference(cascade.directive)
    first = (
        f"Đến ngày {vn_date(cascade.today)}, có {vn_int(n['total'])} đơn vị trực thuộc được giao triển khai "
        f"{reference}; {vn_int(n['reported'])} đơn vị đã báo cáo kết quả "
        f"({vn_percent(n['reported'], n['total'])}), trong đó {vn_int(n['on_time'])} đơn vị báo cáo đúng hạn, "
        f"{vn_int(n['late'])} đơn vị báo cáo quá hạn; {vn_int(n['open'])} đơn vị chưa báo cáo, trong đó "
        f"{vn_int(n['overdue'])} đơn vị đã quá hạn."
    )
    lines = [first]
    if f.reports:
        lines.append(
            f"Các đơn vị đã tổ chức {vn_int(f.sessions_held)} hội nghị, buổi học tập với {vn_int(f.participants)} "
            f"lượt người tham dự; {vn_int(f.members_reached)}/{vn_int(f.members_total)} đảng viên, đoàn viên "
            f"được quán triệt, đạt {vn_percent(f.members_reached, f.members_total)}."
        )
    return "\n".join(lines)


def aggregate_defaults(cascade: Cascade) -> AggregateInput:
    unit = cascade.unit
    parent = parent_of(unit)
    profile = profile_for(is_party=unit.is_party, on=cascade.today)
    directive = cascade.directive
    # Whom the unit's own tasks in this cascade say to report to; else the directive's issuer.
    upward = list(
        dict.fromkeys(
            Assignment.objects.filter(directive=directive, unit=unit, task__report_to__isnull=False)
            .exclude(task__report_to=unit)
            .order_by("task__document__issued_on", "task__ordinal")
            .values_list("task__report_to__name", flat=True)
        )
    )
    if not upward and directive.issuer_id != unit.id and directive.issuer is not None:
        upward = [directive.issuer.name]
    return AggregateInput(
        narrative=default_narrative(cascade),
        recipients=default_recipients(profile=profile, parent=parent, upward=upward),
        signature=default_signature(unit),
    )


def _child_table(cascade: Cascade) -> tuple[list[list[str]], list[str]]:
    groups: dict[str, dict[Timeliness, int]] = {path: dict.fromkeys(Timeliness, 0) for path in cascade.children}
    for u in cascade.units:
        groups.setdefault(cascade.group_path(u.path), dict.fromkeys(Timeliness, 0))[u.timeliness] += 1
    rows: list[list[str]] = []
    total = dict.fromkeys(Timeliness, 0)
    for path, counts in groups.items():
        n = sum(counts.values())
        if not n:
            continue
        for key, value in counts.items():
            total[key] += value
        rows.append(_child_row(cascade.children.get(path, "—"), counts))
    return rows, _child_row("Tổng cộng", total)


def _child_row(name: str, counts: dict[Timeliness, int]) -> list[str]:
    n = sum(counts.values())
    done = counts[Timeliness.DONE_ON_TIME] + counts[Timeliness.DONE_LATE]
    return [
        name,
        vn_int(n),
        vn_int(counts[Timeliness.DONE_ON_TIME]),
        vn_int(counts[Timeliness.DONE_LATE]),
        vn_int(counts[Timeliness.ON_TRACK] + counts[Timeliness.DUE_SOON]),
        vn_int(counts[Timeliness.OVERDUE]),
        vn_percent(done, n),
    ]


def _annex_groups(cascade: Cascade) -> list[dict]:
    """One table per child unit; names indented by depth below it."""
    base_depth = len(cascade.unit.path) // STEP
    groups: dict[str, dict] = {}
    for number, u in enumerate(cascade.units, start=1):
        key = cascade.group_path(u.path)
        group = groups.get(key)
        if group is None:
            group = groups[key] = {"title": cascade.children.get(key, u.name), "rows": [], "overdue": 0}
        depth = min(len(u.path) // STEP - base_depth - 1, 3)
        if u.timeliness == Timeliness.OVERDUE:
            group["overdue"] += 1
        group["rows"].append(
            [str(number), u.name, f"d{depth}", vn_date(u.reported_on), status_text(u.timeliness, u.late_days)]
        )
    if all(len(group["rows"]) == 1 for group in groups.values()):
        # Only direct children below: one table, no group headings.
        rows = [row for group in groups.values() for row in group["rows"]]
        return [{"title": "", "summary": "", "rows": rows}] if rows else []
    out = []
    for i, group in enumerate(groups.values(), start=1):
        n = len(group["rows"])
        summary = f"{vn_int(n)} đơn vị"
        if group["overdue"]:
            summary += f", {vn_int(group['overdue'])} đơn vị quá hạn chưa báo cáo"
        out.append({"title": f"{i}. {group['title']}", "summary": summary, "rows": group["rows"]})
    return out


def _overdue_rows(cascade: Cascade) -> list[list[str]]:
    overdue = [u for u in cascade.units if u.timeliness == Timeliness.OVERDUE]
    overdue.sort(key=lambda u: (-u.late_days, u.path))
    return [[str(i), u.name, vn_date(u.earliest_due), vn_int(u.late_days)] for i, u in enumerate(overdue, start=1)]


def _overdue_by_group(cascade: Cascade) -> list[dict]:
    """The long overdue list as one paragraph per child unit, not a table: "A (20 ngày); B (3 ngày)".

    Text flows cost WeasyPrint a fraction of what table cells do, and a long annex reads as well.
    """
    groups: dict[str, list[str]] = {}
    for u in cascade.units:
        if u.timeliness == Timeliness.OVERDUE:
            groups.setdefault(cascade.group_path(u.path), []).append(f"{u.name} ({vn_int(u.late_days)} ngày)")
    return [
        {
            "title": f"{i}. {cascade.children.get(path, '—')}",
            "count": vn_int(len(names)),
            "text": "; ".join(names) + ".",
        }
        for i, (path, names) in enumerate(groups.items(), start=1)
    ]


def aggregate_payload(*, cascade: Cascade, data: AggregateInput) -> dict:
    unit = cascade.unit
    parent = parent_of(unit)
    reference = document_reference(cascade.directive)
    subject = f"Tổng hợp kết quả thực hiện {reference.split(' của ')[0]}"
    head = document_head(unit=unit, parent=parent, today=cascade.today, subject=subject)
    profile: LayoutProfile = PROFILES[head["profile"]]
    n = unit_counts(cascade)
    children, children_total = _child_table(cascade)
    overdue = _overdue_rows(cascade)
    overdue_in_annex = len(overdue) > OVERDUE_IN_BODY_MAX
    counts = [
        f"Tổng số đơn vị được giao: {vn_int(n['total'])}.",
        f"Đã báo cáo: {vn_int(n['reported'])} ({vn_percent(n['reported'], n['total'])}), trong đó đúng hạn "
        f"{vn_int(n['on_time'])}, quá hạn {vn_int(n['late'])}.",
        f"Chưa báo cáo: {vn_int(n['open'])}, trong đó còn trong hạn {vn_int(n['in_time'])}, đã quá hạn "
        f"{vn_int(n['overdue'])}.",
    ]
    return {
        "kind": "aggregate",
        "head": head,
        "unit_name": unit.name,
        "as_of": vn_date(cascade.today),
        "opening": (
            f"Thực hiện {reference}, {unit.name} tổng hợp, báo cáo kết quả triển khai thực hiện "
            "của các đơn vị trực thuộc như sau:"
        ),
        "headings": [profile.section_heading(i, t) for i, t in enumerate(SECTION_TITLES, start=1)],
        "narrative": paragraphs(data.narrative),
        "counts": counts,
        "figures": cascade.figures.lines(),
        "children": children,
        "children_total": children_total,
        "overdue": [] if overdue_in_annex else overdue,
        "overdue_count": vn_int(len(overdue)),
        "overdue_in_annex": overdue_in_annex,
        "overdue_groups": _overdue_by_group(cascade) if overdue_in_annex else [],
        "groups": _annex_groups(cascade),
        "recipients": format_recipients(data.recipients, profile),
        "signature": signature_payload(data.signature, profile),
        "rows": len(cascade.units) + (len(overdue) // 10 if overdue_in_annex else len(overdue)),
    }


SECTION_TITLES = (
    "Tình hình triển khai, thực hiện",
    "Số liệu tổng hợp",
    "Các đơn vị quá hạn chưa báo cáo",
)
