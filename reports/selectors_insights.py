"""Dashboard selectors beyond the cascade: heatmap, charts, cascade latency, backlog ranking, one unit.

Same contract as `reports.selectors_dashboard` (which re-exports these): scope, directive, node,
filters and `today` in; plain dataclasses out.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import connection

from directives.models import Assignment, Document, Organization, Task
from directives.timeliness import Timeliness
from reports.dashboard_counts import STEP, count_source
from reports.dashboard_values import (
    DOCUMENT_FIELDS,
    LEVEL_SHORT,
    UNIT_FIELDS,
    Contact,
    DashboardScope,
    DocumentInfo,
    DocumentSummary,
    UnitInfo,
    breadcrumb,
    level_label,
    node_paths,
    prefix_q,
    secretaries,
)
from reports.models_dashboard import NO_DUE_DATE
from reports.selectors_overdue import event_counts
from reports.timeliness_sql import Counts, open_q

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
        offset=(page - 1) * per_page,
        limit=per_page,
    )
    units = {
        u["path"]: UnitInfo.of(u)
        for u in Organization.objects.filter(path__in=[p for p, _ in ranked]).values(*UNIT_FIELDS)
    }
    ids = [units[p].id for p, _ in ranked if p in units]
    assignments = (
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
    assignments = list(assignments)
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
            today=today
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


@dataclass(frozen=True)
class ChartData:
    cumulative: dict
    by_child: dict
    by_level: dict


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def chart_series(*, scope: DashboardScope, directive: DocumentInfo, node: UnitInfo | None, today: dt.date) -> ChartData:
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
        by_node = source.totals_by_node(directive_id=directive.id, parents=[node.path], today=today)
        child_totals = {p: c for p, c in by_node.items() if p != node.path}
    else:
        child_totals = source.totals_at(directive_id=directive.id, paths=scope.paths, today=today)
    names = dict(Organization.objects.filter(path__in=list(child_totals)).values_list("path", "name"))
    worst = sorted(child_totals.items(), key=lambda kv: (-kv[1].overdue, kv[0]))[:25]
    by_child = {
        "labels": [names.get(p, p) for p, _ in worst],
        "overdue": [c.overdue for _, c in worst],
        "due_soon": [c.due_soon for _, c in worst],
        "total": [c.total for _, c in worst],
    }
    levels = sorted(source.totals_by_level(directive_id=directive.id, paths=paths, today=today).items())
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


@dataclass(frozen=True)
class LatencyItem:
    document: DocumentInfo
    parent_label: str
    parent_issued_on: dt.date | None
    days: int
    level: int  # hops from the directive in the issuance tree
    approximate: bool  # the child or the parent is dated to the month or year only


@dataclass(frozen=True)
class LatencyLevel:
    level: int
    issued: int
    median: float | None
    p90: float | None
    slowest: int | None
    fastest: int | None
    not_issued: int


@dataclass(frozen=True)
class NotIssued:
    unit: UnitInfo
    parent_name: str
    document: DocumentInfo
    due_on: dt.date | None
    days_overdue: int


@dataclass(frozen=True)
class LatencyData:
    levels: tuple[LatencyLevel, ...]
    slowest: tuple[LatencyItem, ...]
    timeline: dict
    not_issued: tuple[NotIssued, ...]
    not_issued_total: int


def _percentile(values: Sequence[int], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    rank = q * (len(ordered) - 1)
    low, high = int(rank), min(int(rank) + 1, len(ordered) - 1)
    return round(ordered[low] + (ordered[high] - ordered[low]) * (rank - low), 1)


def _issuance_tree(directive_id: int, paths: Sequence[str]) -> tuple[list[dict], dict[int, int]]:
    """Documents below the directive issued by a body under one of `paths`, with their parent's date
    and their hops from the directive; and the hops of every document of the directive.

    One indexed scan of the directive's documents (`root`), the tree walked breadth-first in Python:
    cheaper than a recursive query at national scale (tens of thousands of documents)."""
    prefixes = tuple(paths)
    roots = set(Organization.objects.filter(depth=1).values_list("path", flat=True))
    everywhere = roots <= set(prefixes)  # the viewer reaches every body: no need to look at issuers
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT id, primary_parent_id, issued_on, date_precision, number
            FROM directives_document WHERE root_id = %s OR id = %s
            """,
            [directive_id, directive_id],
        )
        documents = {row[0]: row for row in cursor.fetchall()}
        in_reach: set[int] | None = None
        if not everywhere:
            reach = " OR ".join(["o.path LIKE %s"] * len(prefixes)) or "1 = 0"
            cursor.execute(
                f"""
                SELECT d.id FROM directives_document d
                JOIN directives_organization o ON o.id = d.issuer_id AND ({reach})
                WHERE d.root_id = %s
                """,
                [*(f"{p}%" for p in prefixes), directive_id],
            )
            in_reach = {row[0] for row in cursor.fetchall()}
    children: dict[int, list[int]] = defaultdict(list)
    for document_id, parent_id, *_rest in documents.values():
        if parent_id is not None and document_id != directive_id:
            children[parent_id].append(document_id)
    hops = {directive_id: 0}
    frontier = [directive_id]
    while frontier:
        following = []
        for parent_id in frontier:
            for child_id in children.get(parent_id, ()):
                if child_id not in hops:
                    hops[child_id] = hops[parent_id] + 1
                    following.append(child_id)
        frontier = following
    rows = []
    for document_id, parent_id, issued_on, precision, _number in documents.values():
        if document_id not in hops or document_id == directive_id or parent_id not in documents:
            continue
        if in_reach is not None and document_id not in in_reach:
            continue
        parent = documents[parent_id]
        rows.append(
            {
                "id": document_id,
                "hops": hops[document_id],
                "issued_on": issued_on,
                "precision": precision,
                "parent_issued_on": parent[2],
                "parent_precision": parent[3],
                "parent_number": parent[4],
                "parent_id": parent_id,
            }
        )
    return rows, hops


def cascade_latency(
    *, scope: DashboardScope, directive: DocumentInfo, node: UnitInfo | None, today: dt.date, slowest: int = 15
) -> LatencyData:
    """How many days each body took to pass the directive on (parent's issue date → its own), per
    level of the issuance tree; the slowest; and the bodies that have not issued their guidance."""
    paths = node_paths(scope, node)
    in_reach, lineage_hops = _issuance_tree(directive.id, paths)
    rows = [r for r in in_reach if r["issued_on"] and r["parent_issued_on"]]
    for r in rows:
        r["days"] = (r["issued_on"] - r["parent_issued_on"]).days
    by_level: dict[int, list[int]] = defaultdict(list)
    for r in rows:
        by_level[r["hops"]].append(r["days"])

    # Open "issue your own guidance" assignments: the bodies that have not passed the directive on.
    # (Two queries, one per side of "the directive or a document below it": an OR defeats the indexes.)
    open_documents = (
        Assignment.objects.filter(directive_id=directive.id, task__requires=Task.Requires.DOCUMENT)
        .filter(prefix_q("unit_path", paths))
        .filter(open_q())
        .order_by()
    )
    fields = ("id", "task__document_id", "due_on", "unit_path")
    pending = [
        *open_documents.filter(task__document__root_id=directive.id).values_list(*fields),
        *open_documents.filter(task__document_id=directive.id).values_list(*fields),
    ]
    pending_by_level: dict[int, int] = defaultdict(int)
    for _pk, document_id, _due, _path in pending:
        pending_by_level[lineage_hops.get(document_id, 0) + 1] += 1
    levels = tuple(
        LatencyLevel(
            level=hops,
            issued=len(by_level.get(hops, [])),
            median=statistics.median(by_level[hops]) if by_level.get(hops) else None,
            p90=_percentile(by_level.get(hops, []), 0.9),
            slowest=max(by_level[hops]) if by_level.get(hops) else None,
            fastest=min(by_level[hops]) if by_level.get(hops) else None,
            not_issued=pending_by_level.get(hops, 0),
        )
        for hops in sorted(set(by_level) | set(pending_by_level))
    )

    top = sorted(rows, key=lambda r: (-r["days"], r["id"]))[:slowest]
    documents = {
        d["id"]: DocumentInfo.of(d)
        for d in Document.objects.filter(pk__in=[r["id"] for r in top]).values(*DOCUMENT_FIELDS)
    }
    approximate = {Document.DatePrecision.MONTH, Document.DatePrecision.YEAR}
    slow = tuple(
        LatencyItem(
            document=documents[r["id"]],
            parent_label=r["parent_number"] or "",
            parent_issued_on=r["parent_issued_on"],
            days=r["days"],
            level=r["hops"],
            approximate=r["precision"] in approximate or r["parent_precision"] in approximate,
        )
        for r in top
        if r["id"] in documents
    )

    origin = directive.issued_on
    timeline: dict = {"levels": [], "max_day": 0}
    if origin:
        for hops in sorted(by_level):
            offsets = sorted((r["issued_on"] - origin).days for r in rows if r["hops"] == hops)
            points: list[dict[str, int]] = [{"x": 0, "y": 0}]
            for running, offset in enumerate(offsets, start=1):
                if points[-1]["x"] == offset:
                    points[-1]["y"] = running
                else:
                    points.append({"x": offset, "y": running})
            points.append({"x": max((today - origin).days, points[-1]["x"]), "y": len(offsets)})
            timeline["levels"].append({"label": f"Cấp {hops}", "points": points})
            if offsets:
                timeline["max_day"] = max(timeline["max_day"], offsets[-1])

    oldest = sorted(pending, key=lambda p: (p[2] or dt.date.max, p[3]))[:20]
    by_id = Assignment.objects.select_related("unit", "task__document").in_bulk([p[0] for p in oldest])
    late_list = [by_id[p[0]] for p in oldest if p[0] in by_id]
    parents = dict(
        Organization.objects.filter(path__in={a.unit_path[:-STEP] for a in late_list}).values_list("path", "name")
    )
    not_issued = tuple(
        NotIssued(
            unit=UnitInfo.of(a.unit),
            parent_name=parents.get(a.unit_path[:-STEP], ""),
            document=DocumentInfo.of(a.task.document),
            due_on=a.due_on,
            days_overdue=a.days_overdue(today=today),
        )
        for a in late_list
    )
    return LatencyData(levels, slow, timeline, not_issued, len(pending))


# --- one unit -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitAssignment:
    id: int
    document: DocumentInfo
    directive_id: int | None
    task_text: str
    task_ordinal: int
    due_on: dt.date | None
    status: str
    status_label: str
    submitted_on: dt.date | None
    timeliness: Timeliness
    days_overdue: int
    reminders: int
    escalations: int


@dataclass(frozen=True)
class UnitOverview:
    unit: UnitInfo
    breadcrumb: list[UnitInfo]
    contacts: tuple[Contact, ...]
    directives: tuple[DocumentSummary, ...]
    assignments: tuple[UnitAssignment, ...]
    own_totals: Counts = field(default_factory=Counts)


def unit_overview(
    *, scope: DashboardScope, unit: UnitInfo, today: dt.date, directive_id: int | None = None
) -> UnitOverview:
    totals = count_source().totals_by_directive(paths=[unit.path], today=today)
    directives = {
        d["id"]: DocumentInfo.of(d) for d in Document.objects.filter(pk__in=list(totals)).values(*DOCUMENT_FIELDS)
    }
    summaries = tuple(
        sorted(
            (DocumentSummary(directives[i], c) for i, c in totals.items() if i in directives and c.total),
            key=lambda s: (-(s.document.issued_on or dt.date.min).toordinal(), s.document.id),
        )
    )
    own = Assignment.objects.filter(unit_id=unit.id).select_related("task__document")
    if directive_id:
        own = own.filter(directive_id=directive_id)
    own_list = list(own.order_by("due_on", "id")[:200])
    events = event_counts([a.id for a in own_list])
    rows = tuple(
        UnitAssignment(
            id=a.id,
            document=DocumentInfo.of(a.task.document),
            directive_id=a.directive_id,
            task_text=a.task.text,
            task_ordinal=a.task.ordinal,
            due_on=a.due_on,
            status=a.status,
            status_label=a.get_status_display(),
            submitted_on=a.submitted_on,
            timeliness=a.timeliness(today=today),
            days_overdue=a.days_overdue(today=today),
            reminders=events.get(a.id, (0, 0))[0],
            escalations=events.get(a.id, (0, 0))[1],
        )
        for a in own_list
    )
    own_totals = Counts(
        **{
            state.value: sum(1 for r in rows if r.timeliness is state)
            for state in Timeliness
        }
    )  # fmt: skip
    return UnitOverview(
        unit=unit,
        breadcrumb=breadcrumb(scope, unit),
        contacts=tuple(secretaries([unit.id]).get(unit.id, [])),
        directives=summaries,
        assignments=rows,
        own_totals=own_totals,
    )


# --- backlog ranking (nợ đọng) ------------------------------------------------------------------


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
