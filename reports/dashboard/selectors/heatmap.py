"""The heatmap: units (rows) by tasks (columns) of one directive, each cell the unit's worst status."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from directives.models import Assignment, Organization
from directives.timeliness import Timeliness
from reports.dashboard.counts import STEP, count_source
from reports.dashboard.values import (
    DOCUMENT_FIELDS,
    LEVEL_SHORT,
    UNIT_FIELDS,
    DashboardScope,
    DocumentInfo,
    UnitInfo,
    node_paths,
)
from reports.timeliness_sql import Counts

# --- heatmap ------------------------------------------------------------------------------------


_WORST_FIRST = (
    Timeliness.OVERDUE,
    Timeliness.DUE_SOON,
    Timeliness.ON_TRACK,
    Timeliness.DONE_LATE,
    Timeliness.DONE_ON_TIME,
)


MAX_TASK_COLUMNS = 16


@dataclass(frozen=True)
class HeatmapColumn:
    key: tuple
    label: str
    title: str


@dataclass(frozen=True)
class HeatmapCell:
    state: Timeliness | None
    count: int = 0
    due_on: dt.date | None = None

    @property
    def css(self) -> str:
        return f"hm-{self.state.value}" if self.state else "hm-none"


@dataclass(frozen=True)
class HeatmapRow:
    unit: UnitInfo
    counts: Counts
    cells: tuple[HeatmapCell, ...]
    parent_name: str = ""


@dataclass(frozen=True)
class HeatmapData:
    level: int
    columns: tuple[HeatmapColumn, ...]
    rows: tuple[HeatmapRow, ...]
    total_units: int
    page: int
    per_page: int

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total_units // self.per_page))


def heatmap(
    *,
    scope: DashboardScope,
    directive: DocumentInfo,
    node: UnitInfo | None,
    level: int,
    today: dt.date,
    due_soon_until: dt.date,
    page: int = 1,
    per_page: int = 40,
) -> HeatmapData:
    """Units at `level` below `node` (rows, worst first) × the tasks they were given (columns)."""
    paths = node_paths(scope, node)
    ranked, total = count_source().units_at_level(
        directive_id=directive.id,
        paths=paths,
        level=level,
        today=today,
        due_soon_until=due_soon_until,
        offset=(page - 1) * per_page,
        limit=per_page,
    )
    units = {
        u["path"]: UnitInfo.of(u)
        for u in Organization.objects.filter(path__in=[p for p, _ in ranked]).values(*UNIT_FIELDS)
    }
    ids = [units[p].id for p, _ in ranked if p in units]
    assignment_rows = (
        Assignment.objects.filter(directive_id=directive.id, unit_id__in=ids)
        .order_by()
        .values(
            "unit_id",
            "status",
            "due_on",
            "submitted_on",
            "task_id",
            "task__ordinal",
            "task__text",
            "task__document__issued_on",
            "task__document_id",
            "task__document__number",
            "task__document__doc_type",
            "task__document__issuer__depth",
            "task__document__issuer__level",
        )
    )
    assignments = list(assignment_rows)
    # Columns: the tasks themselves when the rows share few of them (a province's communes all get
    # the province's plan); past that, tasks grouped by slot (issuing level, ordinal) so a national
    # view of 3,000 communes does not get a column per provincial plan.
    by_task = len({a["task_id"] for a in assignments}) <= MAX_TASK_COLUMNS
    cells: dict[tuple[int, tuple], list[tuple[Timeliness, dt.date | None]]] = defaultdict(list)
    slots: dict[tuple, dict] = {}
    for a in assignments:
        depth = a["task__document__issuer__depth"] or 0
        key = (depth, a["task__document__issued_on"] or dt.date.min, a["task__document_id"], a["task__ordinal"])
        if not by_task:
            key = (depth, dt.date.min, 0, a["task__ordinal"])
        state = Assignment(status=a["status"], due_on=a["due_on"], submitted_on=a["submitted_on"]).timeliness(
            today=today, due_soon_until=due_soon_until
        )
        cells[(a["unit_id"], key)].append((state, a["due_on"]))
        slot = slots.setdefault(key, {"documents": set(), "text": a["task__text"], "level": None, "number": None})
        slot["documents"].add(a["task__document_id"])
        slot["number"] = (
            a["task__document__number"]
            or DocumentInfo.of(dict.fromkeys(DOCUMENT_FIELDS) | {"doc_type": a["task__document__doc_type"]}).label
        )
        slot["level"] = a["task__document__issuer__level"]
    columns = []
    for key in sorted(slots):
        slot = slots[key]
        source = slot["number"] if len(slot["documents"]) == 1 else f"VB {LEVEL_SHORT.get(slot['level'], '')}"
        columns.append(HeatmapColumn(key, f"{source} · NV{key[-1]}", slot["text"]))
    parents = dict(Organization.objects.filter(path__in={p[:-STEP] for p, _ in ranked}).values_list("path", "name"))
    rows = []
    for path, counts in ranked:
        unit = units.get(path)
        if unit is None:
            continue
        row_cells = []
        for column in columns:
            found = cells.get((unit.id, column.key), [])
            if not found:
                row_cells.append(HeatmapCell(None))
                continue
            worst = min(found, key=lambda f: _WORST_FIRST.index(f[0]))
            row_cells.append(HeatmapCell(worst[0], len(found), worst[1]))
        rows.append(HeatmapRow(unit, counts, tuple(row_cells), parents.get(unit.parent_path, "")))
    return HeatmapData(level, tuple(columns), tuple(rows), total, page, per_page)


# --- charts -------------------------------------------------------------------------------------
