"""The charts page: completions over time and the four-way status per level for one directive."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from directives.models import Organization
from reports.dashboard.counts import count_source
from reports.dashboard.values import (
    LEVEL_SHORT,
    DashboardScope,
    DocumentInfo,
    UnitInfo,
    level_label,
    node_paths,
)
from reports.models.dashboard import NO_DUE_DATE

# --- heatmap ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartData:
    cumulative: dict
    by_child: dict
    by_level: dict


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def chart_series(
    *, scope: DashboardScope, directive: DocumentInfo, node: UnitInfo | None, today: dt.date, due_soon_until: dt.date
) -> ChartData:
    """Chart.js-ready series: cumulative submissions against deadlines, overdue by child unit, and
    the four-way shares per level."""
    source = count_source()
    paths = node_paths(scope, node)
    due = [(d, n) for d, n in source.totals_by_due_date(directive_id=directive.id, paths=paths) if d != NO_DUE_DATE]
    submitted = source.submissions_by_date(directive_id=directive.id, paths=paths)
    start = directive.issued_on or min([d for d, _ in due] + [d for d, _, _ in submitted] + [today])
    end = max([today] + [d for d, _ in due if d <= today + dt.timedelta(days=120)])
    weeks: list[dt.date] = []
    cursor = _week_start(start)
    while cursor <= end:
        weeks.append(cursor)
        cursor += dt.timedelta(days=7)
    due_by_week: dict[dt.date, int] = defaultdict(int)
    done_by_week: dict[dt.date, int] = defaultdict(int)
    on_time_by_week: dict[dt.date, int] = defaultdict(int)
    for day, n in due:
        due_by_week[_week_start(max(day, start))] += n
    for day, n, on_time in submitted:
        done_by_week[_week_start(max(day, start))] += n
        on_time_by_week[_week_start(max(day, start))] += on_time
    series: dict[str, list[int]] = {"due": [], "done": [], "on_time": []}
    running = [0, 0, 0]
    for week in weeks:
        running[0] += due_by_week.get(week, 0)
        running[1] += done_by_week.get(week, 0)
        running[2] += on_time_by_week.get(week, 0)
        series["due"].append(running[0])
        series["done"].append(running[1] if week <= today else None)  # type: ignore[arg-type]
        series["on_time"].append(running[2] if week <= today else None)  # type: ignore[arg-type]
    cumulative = {"labels": [f"{w:%d/%m/%Y}" for w in weeks], **series, "today": f"{_week_start(today):%d/%m/%Y}"}

    if node is not None:
        by_node = source.totals_by_node(
            directive_id=directive.id, parents=[node.path], today=today, due_soon_until=due_soon_until
        )
        child_totals = {p: c for p, c in by_node.items() if p != node.path}
    else:
        child_totals = source.totals_at(
            directive_id=directive.id, paths=scope.paths, today=today, due_soon_until=due_soon_until
        )
    names = dict(Organization.objects.filter(path__in=list(child_totals)).values_list("path", "name"))
    worst = sorted(child_totals.items(), key=lambda kv: (-kv[1].overdue, kv[0]))[:25]
    by_child = {
        "labels": [names.get(p, p) for p, _ in worst],
        "overdue": [c.overdue for _, c in worst],
        "due_soon": [c.due_soon for _, c in worst],
        "total": [c.total for _, c in worst],
    }
    levels = sorted(
        source.totals_by_level(
            directive_id=directive.id, paths=paths, today=today, due_soon_until=due_soon_until
        ).items()
    )
    by_level = {
        "labels": [str(LEVEL_SHORT.get(lv, level_label(lv))) for lv, _ in levels],
        **{
            state: [c.share(getattr(c, state)) for _, c in levels]
            for state in ("done_on_time", "done_late", "on_track", "due_soon", "overdue")
        },
        "on_time_share": [c.on_time_share for _, c in levels],
        "total": [c.total for _, c in levels],
    }
    return ChartData(cumulative, by_child, by_level)


# --- cascade latency ----------------------------------------------------------------------------
