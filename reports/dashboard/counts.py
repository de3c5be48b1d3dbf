"""Where the dashboard's numbers come from: the roll-up tables, or the assignments themselves.

Both sources answer the same questions with the same `Counts`; `count_source()` picks the roll-up
tables on PostgreSQL (kept exact by triggers, O(children) reads at national scale) and direct
aggregation elsewhere (the SQLite embedded default, or ``DASHBOARD_ROLLUP = "off"``). The tests run
every question through both and against a brute-force count.

Paths are organisation subtree prefixes (treebeard ``path``), never empty: a user who sees
everything passes the root paths.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.db import connection
from django.db.models import Count, F, Min, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, Substr

from directives.models import Assignment, Organization
from directives.timeliness import Timeliness
from reports.dashboard.rollup import rollup_enabled
from reports.models.dashboard import DOCUMENT_SCOPE_DEPTH, NO_DUE_DATE, DocumentRollup, UnitRollup
from reports.timeliness_sql import (
    DONE_STATUSES,
    Counts,
    DaysBetween,
    assignment_counts,
    done_late_q,
    done_on_time_q,
    overdue_q,
    rollup_counts,
    timeliness_q,
)

STEP = Organization.steplen


@dataclass(frozen=True, slots=True)
class RankedUnit:
    path: str
    overdue: int
    overdue_days: int
    oldest_due: dt.date | None
    done_late: int


@dataclass(frozen=True, slots=True)
class AssignmentSlice:
    """The filters both sources can count: directive, subtree, unit level, states, due-date window."""

    paths: tuple[str, ...]
    states: frozenset[Timeliness]
    directive_id: int | None = None
    level: int | None = None
    due_from: dt.date | None = None  # applies to the overdue (days-overdue range)
    due_to: dt.date | None = None


def _any_prefix(field: str, paths: Iterable[str]) -> Q:
    parts = [Q(**{f"{field}__startswith": p}) for p in paths]
    return reduce(or_, parts) if parts else Q(pk__in=[])


def _ranked_page(grouped: QuerySet[Any], path: str, *, offset: int, limit: int) -> tuple[list[RankedUnit], int]:
    """One page of a backlog ranking (worst first) and the number of ranked units; `grouped` is one
    row per unit (`path`) with overdue, overdue_days, oldest_due and done_late, from either source."""
    rows = grouped.order_by("-overdue", "-overdue_days", path)[offset : offset + limit]
    ranked = [RankedUnit(r[path], r["overdue"], r["overdue_days"], r["oldest_due"], r["done_late"]) for r in rows]
    return ranked, grouped.count()


def _level_page(grouped: QuerySet[Any], path: str, *, offset: int, limit: int) -> tuple[list[tuple[str, Counts]], int]:
    """One page of a level's units with their counts (worst first) and how many there are."""
    rows = grouped.order_by("-overdue", "-due_soon", path)[offset : offset + limit]
    return [(r[path], Counts.from_row(r)) for r in rows], grouped.count()


def document_lineage(document_ids: Iterable[int]) -> dict[int, list[int]]:
    """Each document's ancestors-or-self along ``primary_parent`` (one recursive query, any backend)."""
    ids = sorted(set(document_ids))
    if not ids:
        return {}
    placeholders = ", ".join(["%s"] * len(ids))
    sql = f"""
        WITH RECURSIVE lineage(document_id, ancestor_id, hops) AS (
            SELECT id, id, 0 FROM directives_document WHERE id IN ({placeholders})
            UNION ALL
            SELECT l.document_id, d.primary_parent_id, l.hops + 1
            FROM lineage l JOIN directives_document d ON d.id = l.ancestor_id
            WHERE d.primary_parent_id IS NOT NULL AND l.hops < 64
        )
        SELECT document_id, ancestor_id FROM lineage ORDER BY document_id, hops
    """
    result: dict[int, list[int]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(sql, ids)
        for document_id, ancestor_id in cursor.fetchall():
            result[document_id].append(ancestor_id)
    return dict(result)


class DirectCounts:
    """Aggregates over the assignment rows (exact anywhere; scans a whole subtree)."""

    name = "direct"

    def _base(self, paths: Sequence[str], directive_id: int | None = None) -> QuerySet[Assignment]:
        qs = Assignment.objects.filter(directive__isnull=False).filter(_any_prefix("unit_path", paths))
        if directive_id is not None:
            qs = qs.filter(directive_id=directive_id)
        return qs.order_by()

    def totals_by_directive(
        self,
        *,
        paths: Sequence[str],
        today: dt.date,
        due_soon_until: dt.date,
        directive_ids: Sequence[int] | None = None,
    ) -> dict[int, Counts]:
        qs = self._base(paths)
        if directive_ids is not None:
            qs = qs.filter(directive_id__in=directive_ids)
        rows = qs.values("directive_id").annotate(**assignment_counts(today=today, due_soon_until=due_soon_until))
        return {r["directive_id"]: Counts.from_row(r) for r in rows}

    def totals_at(
        self, *, directive_id: int, paths: Sequence[str], today: dt.date, due_soon_until: dt.date
    ) -> dict[str, Counts]:
        """Each path's whole subtree."""
        result = {}
        for path in paths:
            row = self._base([path], directive_id).aggregate(
                **assignment_counts(today=today, due_soon_until=due_soon_until)
            )
            counts = Counts.from_row(row)
            if counts.total:
                result[path] = counts
        return result

    def totals_by_node(
        self, *, directive_id: int, parents: Sequence[str], today: dt.date, due_soon_until: dt.date
    ) -> dict[str, Counts]:
        """For each parent path: its own assignments (keyed by the parent path) and each child's subtree."""
        result: dict[str, Counts] = {}
        for parent in parents:
            rows = (
                self._base([parent], directive_id)
                .annotate(node_path=Substr("unit_path", 1, len(parent) + STEP))
                .values("node_path")
                .annotate(**assignment_counts(today=today, due_soon_until=due_soon_until))
            )
            for r in rows:
                result[r["node_path"]] = Counts.from_row(r)
        return result

    def totals_by_level(
        self, *, directive_id: int, paths: Sequence[str], today: dt.date, due_soon_until: dt.date
    ) -> dict[int, Counts]:
        rows = (
            self._base(paths, directive_id)
            .values("unit__level")
            .annotate(**assignment_counts(today=today, due_soon_until=due_soon_until))
        )
        return {r["unit__level"]: Counts.from_row(r) for r in rows}

    def totals_by_due_date(self, *, directive_id: int, paths: Sequence[str]) -> list[tuple[dt.date, int]]:
        rows = self._base(paths, directive_id).values("due_on").annotate(n=Count("id"))
        merged: dict[dt.date, int] = defaultdict(int)
        for r in rows:
            merged[r["due_on"] or NO_DUE_DATE] += r["n"]
        return sorted(merged.items())

    def own_ranking(
        self,
        *,
        paths: Sequence[str],
        today: dt.date,
        level: int,
        directive_id: int | None = None,
        due_from: dt.date | None = None,
        due_to: dt.date | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> tuple[list[RankedUnit], int]:
        overdue = overdue_q(today=today)
        late = done_late_q()
        qs = self._base(paths, directive_id).filter(unit__level=level, due_on__lt=today).filter(overdue | late)
        if due_from:
            qs = qs.filter(due_on__gte=due_from)
        if due_to:
            qs = qs.filter(due_on__lte=due_to)
        grouped = (
            qs.values("unit_path")
            .annotate(
                overdue=Count("id", filter=overdue),
                overdue_days=Coalesce(Sum(DaysBetween(today, "due_on"), filter=overdue), 0),
                oldest_due=Min("due_on", filter=overdue),
                done_late=Count("id", filter=late),
            )
            .filter(overdue__gt=0)
        )
        return _ranked_page(grouped, "unit_path", offset=offset, limit=limit)

    def units_at_level(
        self,
        *,
        directive_id: int,
        paths: Sequence[str],
        level: int,
        today: dt.date,
        due_soon_until: dt.date,
        offset: int = 0,
        limit: int = 50,
    ) -> tuple[list[tuple[str, Counts]], int]:
        """Units of one level with their own assignments of the directive, worst first."""
        grouped = (
            self._base(paths, directive_id)
            .filter(unit__level=level)
            .values("unit_path")
            .annotate(**assignment_counts(today=today, due_soon_until=due_soon_until))
        )
        return _level_page(grouped, "unit_path", offset=offset, limit=limit)

    def submissions_by_date(self, *, directive_id: int, paths: Sequence[str]) -> list[tuple[dt.date, int, int]]:
        """(day, reports done that day, of which on time): always from the assignments."""
        rows = (
            self._base(paths, directive_id)
            .filter(status__in=DONE_STATUSES, submitted_on__isnull=False)
            .values("submitted_on")
            .annotate(
                n=Count("id"),
                on_time=Count("id", filter=done_on_time_q()),
            )
            .order_by("submitted_on")
        )
        return [(r["submitted_on"], r["n"], r["on_time"]) for r in rows]

    def totals_by_document(
        self,
        *,
        directive_id: int | None,
        document_ids: Sequence[int],
        paths: Sequence[str],
        today: dt.date,
        due_soon_until: dt.date,
    ) -> dict[int, Counts]:
        """Subtree totals in the issuance tree: each document's own tasks and everything below it."""
        wanted = set(document_ids)
        rows = (
            self._base(paths, directive_id)
            .values("task__document_id")
            .annotate(**assignment_counts(today=today, due_soon_until=due_soon_until))
        )
        own = {r["task__document_id"]: Counts.from_row(r) for r in rows}
        lineage = document_lineage(own)
        result: dict[int, Counts] = {}
        for document_id, counts in own.items():
            for ancestor in lineage.get(document_id, [document_id]):
                if ancestor in wanted:
                    result[ancestor] = result.get(ancestor, Counts()) + counts
        return result

    def count_assignments(self, *, slice_: AssignmentSlice, today: dt.date, due_soon_until: dt.date) -> int:
        qs = self._base(slice_.paths, slice_.directive_id)
        if slice_.level is not None:
            qs = qs.filter(unit__level=slice_.level)
        states = [timeliness_q(s, today=today, due_soon_until=due_soon_until) for s in slice_.states]
        qs = qs.filter(reduce(or_, states)) if states else qs.none()
        if slice_.due_from or slice_.due_to:
            window = Q()
            if slice_.due_from:
                window &= Q(due_on__gte=slice_.due_from)
            if slice_.due_to:
                window &= Q(due_on__lte=slice_.due_to)
            qs = qs.filter(~overdue_q(today=today) | window)
        return qs.count()


class RollupTables(DirectCounts):
    """Sums over the trigger-maintained roll-up tables: O(children) rows at any scale."""

    name = "rollup"

    def totals_by_directive(
        self,
        *,
        paths: Sequence[str],
        today: dt.date,
        due_soon_until: dt.date,
        directive_ids: Sequence[int] | None = None,
    ) -> dict[int, Counts]:
        qs = UnitRollup.objects.filter(node_path__in=list(paths))
        if directive_ids is not None:
            qs = qs.filter(directive_id__in=directive_ids)
        rows = (
            qs.order_by().values("directive_id").annotate(**rollup_counts(today=today, due_soon_until=due_soon_until))
        )
        return {r["directive_id"]: Counts.from_row(r) for r in rows}

    def totals_at(
        self, *, directive_id: int, paths: Sequence[str], today: dt.date, due_soon_until: dt.date
    ) -> dict[str, Counts]:
        rows = (
            UnitRollup.objects.filter(directive_id=directive_id, node_path__in=list(paths))
            .order_by()
            .values("node_path")
            .annotate(**rollup_counts(today=today, due_soon_until=due_soon_until))
        )
        return {r["node_path"]: Counts.from_row(r) for r in rows if Counts.from_row(r).total}

    def totals_by_node(
        self, *, directive_id: int, parents: Sequence[str], today: dt.date, due_soon_until: dt.date
    ) -> dict[str, Counts]:
        if not parents:
            return {}
        where = reduce(
            or_,
            (Q(node_path=p, own=True) | Q(node_depth=len(p) // STEP + 1, node_path__startswith=p) for p in parents),
        )
        rows = (
            UnitRollup.objects.filter(directive_id=directive_id)
            .filter(where)
            .order_by()
            .values("node_path")
            .annotate(**rollup_counts(today=today, due_soon_until=due_soon_until))
        )
        return {r["node_path"]: Counts.from_row(r) for r in rows}

    def totals_by_level(
        self, *, directive_id: int, paths: Sequence[str], today: dt.date, due_soon_until: dt.date
    ) -> dict[int, Counts]:
        rows = (
            UnitRollup.objects.filter(directive_id=directive_id, node_path__in=list(paths))
            .order_by()
            .values("unit_level")
            .annotate(**rollup_counts(today=today, due_soon_until=due_soon_until))
        )
        return {r["unit_level"]: Counts.from_row(r) for r in rows}

    def totals_by_due_date(self, *, directive_id: int, paths: Sequence[str]) -> list[tuple[dt.date, int]]:
        rows = (
            UnitRollup.objects.filter(directive_id=directive_id, node_path__in=list(paths))
            .order_by()
            .values("due_on")
            .annotate(n=Sum(F("open_n") + F("on_time_n") + F("late_n")))
            .order_by("due_on")
        )
        return [(r["due_on"], r["n"]) for r in rows if r["n"]]

    def own_ranking(
        self,
        *,
        paths: Sequence[str],
        today: dt.date,
        level: int,
        directive_id: int | None = None,
        due_from: dt.date | None = None,
        due_to: dt.date | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> tuple[list[RankedUnit], int]:
        qs = UnitRollup.objects.filter(own=True, unit_level=level, due_on__lt=today).filter(
            _any_prefix("node_path", paths)
        )
        if directive_id is not None:
            qs = qs.filter(directive_id=directive_id)
        if due_from:
            qs = qs.filter(due_on__gte=due_from)
        if due_to:
            qs = qs.filter(due_on__lte=due_to)
        grouped = (
            qs.order_by()
            .values("node_path")
            .annotate(
                overdue=Coalesce(Sum("open_n"), 0),
                overdue_days=Coalesce(Sum(F("open_n") * DaysBetween(today, "due_on")), 0),
                oldest_due=Min("due_on", filter=Q(open_n__gt=0)),
                done_late=Coalesce(Sum("late_n"), 0),
            )
            .filter(overdue__gt=0)
        )
        return _ranked_page(grouped, "node_path", offset=offset, limit=limit)

    def units_at_level(
        self,
        *,
        directive_id: int,
        paths: Sequence[str],
        level: int,
        today: dt.date,
        due_soon_until: dt.date,
        offset: int = 0,
        limit: int = 50,
    ) -> tuple[list[tuple[str, Counts]], int]:
        grouped = (
            UnitRollup.objects.filter(directive_id=directive_id, own=True, unit_level=level)
            .filter(_any_prefix("node_path", paths))
            .order_by()
            .values("node_path")
            .annotate(**rollup_counts(today=today, due_soon_until=due_soon_until))
        )
        return _level_page(grouped, "node_path", offset=offset, limit=limit)

    def totals_by_document(
        self,
        *,
        directive_id: int | None,
        document_ids: Sequence[int],
        paths: Sequence[str],
        today: dt.date,
        due_soon_until: dt.date,
    ) -> dict[int, Counts]:
        shallow = [p for p in paths if len(p) // STEP <= DOCUMENT_SCOPE_DEPTH]
        deep = [p for p in paths if len(p) // STEP > DOCUMENT_SCOPE_DEPTH]
        result: dict[int, Counts] = {}
        if shallow and document_ids:
            qs = DocumentRollup.objects.filter(document_id__in=list(document_ids), scope_path__in=shallow)
            if directive_id is not None:
                qs = qs.filter(directive_id=directive_id)
            rows = (
                qs.order_by()
                .values("document_id")
                .annotate(**rollup_counts(today=today, due_soon_until=due_soon_until))
            )
            result = {r["document_id"]: Counts.from_row(r) for r in rows}
        if deep:
            # Below a province the subtree is small: count it directly.
            for document_id, counts in (
                super()
                .totals_by_document(
                    directive_id=directive_id,
                    document_ids=document_ids,
                    paths=deep,
                    today=today,
                    due_soon_until=due_soon_until,
                )
                .items()
            ):
                result[document_id] = result.get(document_id, Counts()) + counts
        return result

    def count_assignments(self, *, slice_: AssignmentSlice, today: dt.date, due_soon_until: dt.date) -> int:
        qs = UnitRollup.objects.filter(node_path__in=list(slice_.paths))
        if slice_.directive_id is not None:
            qs = qs.filter(directive_id=slice_.directive_id)
        if slice_.level is not None:
            qs = qs.filter(unit_level=slice_.level)
        overdue_window = Q(due_on__lt=today)
        if slice_.due_from:
            overdue_window &= Q(due_on__gte=slice_.due_from)
        if slice_.due_to:
            overdue_window &= Q(due_on__lte=slice_.due_to)
        parts = {
            Timeliness.DONE_ON_TIME: Sum("on_time_n"),
            Timeliness.DONE_LATE: Sum("late_n"),
            Timeliness.OVERDUE: Sum("open_n", filter=overdue_window),
            Timeliness.DUE_SOON: Sum("open_n", filter=Q(due_on__gte=today, due_on__lte=due_soon_until)),
            Timeliness.ON_TRACK: Sum("open_n", filter=Q(due_on__gt=due_soon_until)),
        }
        aggregates = {s.value: Coalesce(parts[s], 0) for s in slice_.states}
        if not aggregates:
            return 0
        return sum(qs.order_by().aggregate(**aggregates).values())


def count_source() -> DirectCounts:
    return RollupTables() if rollup_enabled() else DirectCounts()
