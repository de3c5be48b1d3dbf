"""The backlog ranking: units with the most open overdue work under the viewer's node, worst first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from directives.models import Organization
from reports.dashboard.counts import STEP, count_source
from reports.dashboard.values import (
    UNIT_FIELDS,
    Contact,
    DashboardScope,
    UnitInfo,
    node_paths,
    secretaries,
)

# --- heatmap ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BacklogRow:
    rank: int
    unit: UnitInfo
    parent_name: str
    overdue: int
    overdue_days: int
    longest_days: int
    done_late: int
    contact: Contact | None


@dataclass(frozen=True)
class BacklogPage:
    rows: tuple[BacklogRow, ...]
    total: int
    page: int
    num_pages: int
    per_page: int


def backlog_ranking(
    *,
    scope: DashboardScope,
    node: UnitInfo | None,
    level: int,
    today: dt.date,
    directive_id: int | None = None,
    due_from: dt.date | None = None,
    due_to: dt.date | None = None,
    page: int = 1,
    per_page: int = 50,
) -> BacklogPage:
    """Units of `level` ranked by how much of their own work is overdue (count, then days overdue),
    for work due in [due_from, due_to] — the list leaders publish to push laggards."""
    ranked, total = count_source().own_ranking(
        paths=node_paths(scope, node),
        today=today,
        level=level,
        directive_id=directive_id,
        due_from=due_from,
        due_to=due_to,
        offset=(page - 1) * per_page,
        limit=per_page,
    )
    paths = [r.path for r in ranked]
    units = {u["path"]: UnitInfo.of(u) for u in Organization.objects.filter(path__in=paths).values(*UNIT_FIELDS)}
    parents = dict(Organization.objects.filter(path__in={p[:-STEP] for p in paths}).values_list("path", "name"))
    contacts = secretaries(u.id for u in units.values())
    rows = []
    for index, r in enumerate(ranked, start=(page - 1) * per_page + 1):
        unit = units.get(r.path)
        if unit is None:
            continue
        found = contacts.get(unit.id) or []
        rows.append(
            BacklogRow(
                rank=index,
                unit=unit,
                parent_name=parents.get(r.path[:-STEP], ""),
                overdue=r.overdue,
                overdue_days=r.overdue_days,
                longest_days=(today - r.oldest_due).days if r.oldest_due else 0,
                done_late=r.done_late,
                contact=found[0] if found else None,
            )
        )
    return BacklogPage(tuple(rows), total, page, max(1, -(-total // per_page)), per_page)
