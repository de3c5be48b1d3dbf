"""Cascade latency: how long each level took to issue its own implementing document, and who has not."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection

from directives.models import Assignment, Document, Organization, Task
from reports.dashboard.counts import STEP
from reports.dashboard.values import (
    DOCUMENT_FIELDS,
    DashboardScope,
    DocumentInfo,
    UnitInfo,
    node_paths,
    prefix_q,
)
from reports.timeliness_sql import open_q

# --- heatmap ------------------------------------------------------------------------------------


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
