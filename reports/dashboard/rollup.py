"""The dashboard roll-up tables: whether to use them, rebuilding them, and checking them.

The tables are kept exact by PostgreSQL triggers (migration ``reports.0003``). ``rollup_rebuild``
recomputes them from the assignments in one transaction (after a bulk load with the triggers
disabled, or to repair); ``rollup_differences`` recounts everything by brute force in Python and
lists every key where the tables disagree, so tests and ``manage.py dashboard_rollup --check``
can prove them right.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from directives.models import Assignment, Document, Organization, Task
from directives.timeliness import Timeliness, timeliness_of
from reports.models.dashboard import DOCUMENT_SCOPE_DEPTH, NO_DUE_DATE, DocumentRollup, UnitRollup

STEP = Organization.steplen
TRIGGERED_TABLES = (
    "directives_assignment",
    "directives_document",
    "directives_task",
    "directives_organization",
)


def rollup_enabled() -> bool:
    """Read the roll-up tables (PostgreSQL, where triggers maintain them) unless settings say no.

    ``DASHBOARD_ROLLUP``: "auto" (default), "off" (always count from the assignments: slower at
    national scale, used by tests to prove both ways give the same numbers).
    """
    mode = getattr(settings, "DASHBOARD_ROLLUP", "auto")
    return mode != "off" and connection.vendor == "postgresql"


# Bottom-up: each unit's own assignments first, then each level summed from the level below it
# (reads every row once per level instead of expanding every assignment into all its ancestors).
_REBUILD_OWN = f"""
INSERT INTO reports_unitrollup
    (directive_id, node_path, node_depth, unit_level, own, due_on, open_n, on_time_n, late_n, late_days)
WITH classified AS (
    SELECT a.directive_id, a.unit_path, o.level AS unit_level, coalesce(a.due_on, DATE '{NO_DUE_DATE}') AS due_on,
           cascade_rollup_class(a.status, a.due_on, a.submitted_on) AS cls,
           a.submitted_on - a.due_on AS late_by
    FROM directives_assignment AS a JOIN directives_organization AS o ON o.id = a.unit_id
    WHERE a.directive_id IS NOT NULL AND length(a.unit_path) >= {STEP}
)
SELECT directive_id, unit_path, length(unit_path) / {STEP}, unit_level, true, due_on,
       count(*) FILTER (WHERE cls = 0),
       count(*) FILTER (WHERE cls = 1),
       count(*) FILTER (WHERE cls = 2),
       coalesce(sum(late_by) FILTER (WHERE cls = 2), 0)
FROM classified GROUP BY directive_id, unit_path, unit_level, due_on
"""

_REBUILD_LEVEL = f"""
INSERT INTO reports_unitrollup
    (directive_id, node_path, node_depth, unit_level, own, due_on, open_n, on_time_n, late_n, late_days)
SELECT directive_id, substr(node_path, 1, {STEP} * %(depth)s), %(depth)s, unit_level, false, due_on,
       sum(open_n), sum(on_time_n), sum(late_n), sum(late_days)
FROM reports_unitrollup
WHERE node_depth = %(depth)s + 1
GROUP BY directive_id, substr(node_path, 1, {STEP} * %(depth)s), unit_level, due_on
"""

_REBUILD_DOCUMENTS = f"""
INSERT INTO reports_documentrollup
    (directive_id, document_id, scope_path, due_on, open_n, on_time_n, late_n, late_days)
WITH RECURSIVE lineage(document_id, ancestor_id, hops) AS (
    SELECT id, id, 0 FROM directives_document
    UNION ALL
    SELECT l.document_id, d.primary_parent_id, l.hops + 1
    FROM lineage AS l JOIN directives_document AS d ON d.id = l.ancestor_id
    WHERE d.primary_parent_id IS NOT NULL AND l.hops < 64
), classified AS (
    SELECT a.directive_id, t.document_id, a.unit_path, coalesce(a.due_on, DATE '{NO_DUE_DATE}') AS due_on,
           cascade_rollup_class(a.status, a.due_on, a.submitted_on) AS cls,
           a.submitted_on - a.due_on AS late_by
    FROM directives_assignment AS a JOIN directives_task AS t ON t.id = a.task_id
    WHERE a.directive_id IS NOT NULL AND length(a.unit_path) >= {STEP}
), per_document AS (
    SELECT directive_id, document_id, substr(unit_path, 1, {STEP} * k) AS scope_path, due_on,
           count(*) FILTER (WHERE cls = 0) AS open_n,
           count(*) FILTER (WHERE cls = 1) AS on_time_n,
           count(*) FILTER (WHERE cls = 2) AS late_n,
           coalesce(sum(late_by) FILTER (WHERE cls = 2), 0) AS late_days
    FROM classified
    CROSS JOIN LATERAL generate_series(1, least({DOCUMENT_SCOPE_DEPTH}, length(unit_path) / {STEP})) AS k
    GROUP BY 1, 2, 3, 4
)
SELECT p.directive_id, l.ancestor_id, p.scope_path, p.due_on,
       sum(p.open_n), sum(p.on_time_n), sum(p.late_n), sum(p.late_days)
FROM per_document AS p JOIN lineage AS l ON l.document_id = p.document_id
GROUP BY 1, 2, 3, 4
"""


@contextmanager
def indexes_dropped(tables: Sequence[str]) -> Iterator[None]:
    """Drop the secondary indexes and unique constraints of `tables` for a bulk load and build them
    after: one sort per index instead of millions of inserts into each."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c
            WHERE c.contype = 'u' AND c.conrelid::regclass::text = ANY(%s)
            """,
            [list(tables)],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            """
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
            """,
            [list(tables)],
        )
        indexes = cursor.fetchall()
        for table, name, _definition in constraints:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for table, name, definition in constraints:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        for _name, definition in indexes:
            cursor.execute(definition)


@transaction.atomic
def rollup_rebuild() -> tuple[int, int]:
    """Recompute both tables from the assignments; returns (unit rows, document rows).

    TRUNCATE locks the tables first, so a concurrent writer's trigger waits for this transaction
    and then applies its change on top of the rebuilt numbers.
    """
    if connection.vendor != "postgresql":
        return (0, 0)
    with connection.cursor() as cursor:
        # The planner over-estimates generate_series and would spend seconds JIT-compiling; the
        # national aggregate wants memory rather than spilling to disk.
        cursor.execute("SET LOCAL jit = off")
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute("TRUNCATE reports_unitrollup, reports_documentrollup")
    with indexes_dropped(("reports_unitrollup", "reports_documentrollup")), connection.cursor() as cursor:
        cursor.execute(_REBUILD_OWN)
        units = cursor.rowcount
        cursor.execute("SELECT coalesce(max(node_depth), 0) FROM reports_unitrollup")
        deepest = cursor.fetchone()[0]
        for depth in range(deepest - 1, 0, -1):
            cursor.execute(_REBUILD_LEVEL, {"depth": depth})
            units += cursor.rowcount
        cursor.execute(_REBUILD_DOCUMENTS)
        documents = cursor.rowcount
    return units, documents


def set_rollup_triggers(*, enabled: bool) -> None:
    """Switch the maintaining triggers off for a bulk load (then `rollup_rebuild`), and back on."""
    if connection.vendor != "postgresql":
        return
    action = "ENABLE" if enabled else "DISABLE"
    with connection.cursor() as cursor:
        for table in TRIGGERED_TABLES:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND tgname LIKE 'cascade_rollup_%%'",
                [table],
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f'ALTER TABLE {table} {action} TRIGGER "{name}"')


# --- brute force --------------------------------------------------------------------------------

_DONE_CLASSES = {Timeliness.DONE_ON_TIME: 1, Timeliness.DONE_LATE: 2}


@dataclass(frozen=True)
class RollupDifference:
    table: str
    key: tuple
    expected: tuple[int, int, int, int]
    stored: tuple[int, int, int, int]


def _classify(row: Mapping[str, Any]) -> tuple[int, int]:
    """(class, late days) the Python way, through directives.timeliness (any day will do: only
    done / done late matter here, and those do not depend on the day)."""
    done = row["status"] in Assignment.DONE_STATUSES
    state = timeliness_of(
        due_on=row["due_on"], done=done, done_on=row["submitted_on"], today=NO_DUE_DATE, due_soon_until=NO_DUE_DATE
    )
    cls = _DONE_CLASSES.get(state, 0)
    late_days = (row["submitted_on"] - row["due_on"]).days if cls == 2 else 0
    return cls, late_days


def _add(counter: dict, key: tuple, cls: int, late_days: int) -> None:
    current = counter.setdefault(key, [0, 0, 0, 0])
    current[cls] += 1
    current[3] += late_days


def expected_rollups() -> tuple[dict[tuple, tuple], dict[tuple, tuple]]:
    """Every roll-up key and its counts, recomputed in Python from the assignments."""
    levels = dict(Organization.objects.values_list("id", "level"))
    parents = dict(Document.objects.values_list("id", "primary_parent_id"))
    task_documents = dict(Task.objects.values_list("id", "document_id"))
    units: dict[tuple, list[int]] = {}
    documents: dict[tuple, list[int]] = {}
    rows = Assignment.objects.filter(directive__isnull=False).values(
        "directive_id", "unit_id", "unit_path", "task_id", "status", "due_on", "submitted_on"
    )
    for row in rows:
        path = row["unit_path"]
        depth = len(path) // STEP
        if depth == 0:
            continue
        cls, late_days = _classify(row)
        due = row["due_on"] or NO_DUE_DATE
        for k in range(1, depth + 1):
            key = (row["directive_id"], path[: STEP * k], levels[row["unit_id"]], k == depth, due)
            _add(units, key, cls, late_days)
        document: int | None = task_documents[row["task_id"]]
        seen = 0
        while document is not None and seen < 64:
            for k in range(1, min(DOCUMENT_SCOPE_DEPTH, depth) + 1):
                _add(documents, (row["directive_id"], document, path[: STEP * k], due), cls, late_days)
            document = parents.get(document)
            seen += 1
    return (
        {k: (v[0], v[1], v[2], v[3]) for k, v in units.items()},
        {k: (v[0], v[1], v[2], v[3]) for k, v in documents.items()},
    )


def stored_rollups() -> tuple[dict[tuple, tuple], dict[tuple, tuple]]:
    counts = ("open_n", "on_time_n", "late_n", "late_days")
    units = {
        (r[0], r[1], r[2], r[3], r[4]): tuple(r[5:])
        for r in UnitRollup.objects.values_list("directive_id", "node_path", "unit_level", "own", "due_on", *counts)
        if any(r[5:])
    }
    documents = {
        (r[0], r[1], r[2], r[3]): tuple(r[4:])
        for r in DocumentRollup.objects.values_list("directive_id", "document_id", "scope_path", "due_on", *counts)
        if any(r[4:])
    }
    return units, documents


def rollup_differences(limit: int = 50) -> list[RollupDifference]:
    """Keys where the stored roll-ups and a brute-force recount disagree (empty when exact)."""
    expected_units, expected_documents = expected_rollups()
    stored_units, stored_documents = stored_rollups()
    found: list[RollupDifference] = []
    zero = (0, 0, 0, 0)
    for table, expected, stored in (
        ("unit", expected_units, stored_units),
        ("document", expected_documents, stored_documents),
    ):
        for key in sorted(set(expected) | set(stored), key=repr):
            if expected.get(key, zero) != stored.get(key, zero):
                found.append(RollupDifference(table, key, expected.get(key, zero), stored.get(key, zero)))
                if len(found) >= limit:
                    return found
    return found


def rollup_row_counts() -> Counter[str]:
    return Counter({"unit": UnitRollup.objects.count(), "document": DocumentRollup.objects.count()})
