"""The cascade view: the four-way counts per child unit and per implementing document under a node.

Like every selector here it takes the viewer's `DashboardScope`, the directive, the node and `today`
(read once at the edge) and returns plain dataclasses — never a lazy queryset — so the PDF print
renders the dashboard's current view with the same numbers the screen shows. Counts come from
`reports.dashboard.counts` (roll-up tables on PostgreSQL, direct aggregation elsewhere).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Q

from directives.models import Document, Organization
from reports.dashboard.counts import STEP, count_source, document_lineage
from reports.dashboard.values import (
    DOCUMENT_FIELDS,
    UNIT_FIELDS,
    DashboardScope,
    DocumentInfo,
    UnitInfo,
    breadcrumb,
    node_paths,
)
from reports.timeliness_sql import Counts

# --- directive picker ---------------------------------------------------------------------------


@dataclass
class UnitRow:
    unit: UnitInfo | None  # None: the node's own assignments
    counts: Counts
    children: list[UnitRow] | None = None  # set when expanded

    @property
    def expanded(self) -> bool:
        return self.children is not None


@dataclass
class DocumentRow:
    document: DocumentInfo
    counts: Counts
    depth: int
    latency_days: int | None
    child_count: int
    expanded: bool
    focused: bool = False
    in_reach: bool = True


@dataclass
class CascadeData:
    directive: DocumentInfo
    node: UnitInfo | None
    breadcrumb: list[UnitInfo]
    totals: Counts
    units: list[UnitRow]
    documents: list[DocumentRow]
    expanded_units: tuple[int, ...]
    expanded_documents: tuple[int, ...]
    today: dt.date
    source: str = ""


def _unit_rows(
    parent_path: str, totals: dict[str, Counts], names: dict[str, UnitInfo], expanded: dict[str, list[UnitRow]]
) -> list[UnitRow]:
    rows = []
    for path, counts in totals.items():
        if len(path) == len(parent_path) + STEP and path.startswith(parent_path) and counts.total:
            unit = names.get(path)
            if unit is not None:
                rows.append(UnitRow(unit, counts, expanded.get(path)))
    rows.sort(key=lambda r: (-r.counts.overdue, -r.counts.due_soon, r.unit.path if r.unit else ""))
    own = totals.get(parent_path)
    if own is not None and own.total:
        rows.insert(0, UnitRow(None, own))
    return rows


def cascade_view(
    *,
    scope: DashboardScope,
    directive: DocumentInfo,
    node: UnitInfo | None,
    today: dt.date,
    due_soon_until: dt.date,
    expanded_units: Sequence[UnitInfo] = (),
    expanded_documents: Sequence[int] = (),
    focus: int | None = None,
    parts: frozenset[str] = frozenset({"units", "documents"}),
) -> CascadeData:
    """The issuance tree and the organisation tree below `node` (the viewer's reach when None), each
    node with its subtree's counts; `expanded_*` open further levels, `focus` opens the way to a document."""
    source = count_source()
    open_units = [u for u in expanded_units if node is None or (u.path.startswith(node.path) and u.path != node.path)]
    if node is not None:
        by_node = source.totals_by_node(
            directive_id=directive.id,
            parents=[node.path, *(u.path for u in open_units)],
            today=today,
            due_soon_until=due_soon_until,
        )
        top = {p: c for p, c in by_node.items() if p == node.path or (len(p) == len(node.path) + STEP)}
        totals = sum(top.values(), Counts())
    else:
        at_roots = source.totals_at(
            directive_id=directive.id, paths=scope.paths, today=today, due_soon_until=due_soon_until
        )
        by_node = dict(at_roots)
        if open_units:
            by_node.update(
                source.totals_by_node(
                    directive_id=directive.id,
                    parents=[u.path for u in open_units],
                    today=today,
                    due_soon_until=due_soon_until,
                )
            )
        totals = sum(at_roots.values(), Counts())

    units: list[UnitRow] = []
    if "units" in parts:
        child_paths = [p for p in by_node if node is None or p != node.path]
        names = {
            u["path"]: UnitInfo.of(u)
            for u in Organization.objects.filter(path__in=child_paths).values(*UNIT_FIELDS)
        } if child_paths else {}  # fmt: skip
        expanded: dict[str, list[UnitRow]] = {}
        for unit in sorted(open_units, key=lambda u: -u.depth):
            expanded[unit.path] = _unit_rows(unit.path, by_node, names, expanded)
        if node is not None:
            units = _unit_rows(node.path, by_node, names, expanded)
        else:
            units = [
                UnitRow(names.get(p) or r, c, expanded.get(p))
                for r in scope.roots
                for p, c in [(r.path, by_node.get(r.path, Counts()))]
                if c.total
            ]

    documents: list[DocumentRow] = []
    open_documents = tuple(expanded_documents)
    if "documents" in parts:
        if focus:
            open_documents = tuple(dict.fromkeys([*open_documents, *document_lineage([focus]).get(focus, [])[1:]]))
        documents = _document_rows(
            directive=directive,
            node=node,
            scope=scope,
            today=today,
            due_soon_until=due_soon_until,
            expanded=open_documents,
            focus=focus,
        )
    return CascadeData(
        directive=directive,
        node=node,
        breadcrumb=breadcrumb(scope, node),
        totals=totals,
        units=units,
        documents=documents,
        expanded_units=tuple(u.id for u in open_units),
        expanded_documents=open_documents,
        today=today,
        source=source.name,
    )


def _document_rows(
    *,
    directive: DocumentInfo,
    node: UnitInfo | None,
    scope: DashboardScope,
    today: dt.date,
    due_soon_until: dt.date,
    expanded: Sequence[int],
    focus: int | None,
) -> list[DocumentRow]:
    opened = {directive.id, *expanded}
    rows = list(
        Document.objects.filter(Q(pk=directive.id) | Q(primary_parent_id__in=opened, root_id=directive.id))
        .annotate(child_count=Count("primary_children"))
        .values(*DOCUMENT_FIELDS, "child_count", "issuer__path")
    )
    paths = node_paths(scope, node)
    totals = count_source().totals_by_document(
        directive_id=directive.id,
        document_ids=[r["id"] for r in rows],
        paths=paths,
        today=today,
        due_soon_until=due_soon_until,
    )
    info = {r["id"]: r for r in rows}
    children: dict[int | None, list[dict]] = defaultdict(list)
    for r in rows:
        if r["id"] != directive.id:
            children[r["primary_parent_id"]].append(r)

    def visible(r: dict) -> bool:
        issuer_path = r["issuer__path"] or ""
        return totals.get(r["id"], Counts()).total > 0 or any(issuer_path.startswith(p) for p in paths)

    result: list[DocumentRow] = []

    def walk(row: dict, depth: int) -> None:
        document = DocumentInfo.of(row)
        parent = info.get(row["primary_parent_id"]) if row["primary_parent_id"] else None
        latency = None
        if parent and parent["issued_on"] and row["issued_on"]:
            latency = (row["issued_on"] - parent["issued_on"]).days
        is_open = row["id"] in opened
        result.append(
            DocumentRow(
                document=document,
                counts=totals.get(row["id"], Counts()),
                depth=depth,
                latency_days=latency,
                child_count=row["child_count"],
                expanded=is_open and row["child_count"] > 0,
                focused=row["id"] == focus,
                in_reach=visible(row),
            )
        )
        if is_open:
            kids = sorted(children.get(row["id"], []), key=lambda r: (r["issued_on"] or dt.date.max, r["id"]))
            for kid in kids:
                if visible(kid):
                    walk(kid, depth + 1)

    if directive.id in info:
        walk(info[directive.id], 0)
    return result
