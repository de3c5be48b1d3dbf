"""The dashboard's current view as a print snapshot: roll-up per child unit, charts, overdue list.

SWAP POINT: the leaders' dashboard selectors (`reports/selectors_dashboard.py`) were not on this
branch yet, so `dashboard_snapshot` builds the same roll-up from the models (via
`reports.pdf.rollup.cascade_below`). When they are merged, replace the body of
`dashboard_snapshot` with calls to those selectors and keep the returned dict's shape; the
template and the tests read only that dict. Counts here are per assignment, as a dashboard shows.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from directives.models import Document, Organization
from directives.timeliness import Timeliness
from reports.pdf.charts import Series, donut, stacked_bars
from reports.pdf.common import document_reference
from reports.pdf.formatting import vn_date, vn_int, vn_percent
from reports.pdf.profiles import profile_for
from reports.pdf.rollup import cascade_below

# More child units than this: the chart shows those with the most overdue tasks (the table has all).
CHART_MAX_ROWS = 40

SERIES = (
    Series(Timeliness.DONE_ON_TIME, "Hoàn thành đúng hạn", "#6b7280"),
    Series(Timeliness.DONE_LATE, "Hoàn thành quá hạn", "#b6bcc6"),
    Series(Timeliness.ON_TRACK, "Trong hạn", "#1f7a3a"),
    Series(Timeliness.DUE_SOON, "Sắp đến hạn", "#d69e2e"),
    Series(Timeliness.OVERDUE, "Quá hạn", "#c53030"),
)


def dashboard_snapshot(*, directive: Document, unit: Organization, today: dt.date, due_soon_until: dt.date) -> dict:
    cascade = cascade_below(directive=directive, unit=unit, today=today, due_soon_until=due_soon_until)
    by_child: dict[str, Counter[str]] = {path: Counter() for path in cascade.children}
    overall: Counter[str] = Counter()
    for row in cascade.assignments:
        by_child.setdefault(cascade.group_path(row.unit_path), Counter())[row.timeliness] += 1
        overall[row.timeliness] += 1

    children = []
    chart_rows = []
    for path, counts in by_child.items():
        total = sum(counts.values())
        if not total:
            continue
        name = cascade.children.get(path, "—")
        children.append(_child_row(name, counts))
        chart_rows.append((name, dict(counts)))
    overdue = sorted(
        (a for a in cascade.assignments if a.timeliness == Timeliness.OVERDUE),
        key=lambda a: (-a.late_days, a.unit_path),
    )
    chart_note = ""
    if len(chart_rows) > CHART_MAX_ROWS:
        chart_rows = sorted(chart_rows, key=lambda r: -r[1].get(Timeliness.OVERDUE, 0))[:CHART_MAX_ROWS]
        chart_note = f"Biểu đồ: {CHART_MAX_ROWS} đơn vị có nhiều nhiệm vụ quá hạn nhất."
    profile = profile_for(is_party=unit.is_party, on=today)
    return {
        "kind": "dashboard",
        "profile": profile.key,
        "unit": unit.name,
        "directive": document_reference(directive),
        "as_of": vn_date(today),
        "summary": [[s.label, vn_int(overall[s.key])] for s in SERIES],
        "total": vn_int(sum(overall.values())),
        "children": children,
        "children_total": _child_row("Tổng cộng", overall),
        "figures": cascade.figures.lines(),
        "overdue": [
            [str(i), a.unit_name, a.task_label, vn_date(a.due_on), vn_int(a.late_days)]
            for i, a in enumerate(overdue, start=1)
        ],
        "chart_note": chart_note,
        "charts": {
            "bars": stacked_bars(chart_rows, SERIES) if chart_rows else "",
            "donut": donut([(s, overall[s.key]) for s in SERIES]),
        },
        "rows": len(children) + len(overdue),
    }


def _child_row(name: str, counts: Counter[str]) -> list[str]:
    total = sum(counts.values())
    done = counts[Timeliness.DONE_ON_TIME] + counts[Timeliness.DONE_LATE]
    return [name, vn_int(total), *(vn_int(counts[s.key]) for s in SERIES), vn_percent(done, total)]
