"""A national-scale synthetic cascade for benchmarks: `manage.py seed_synthetic`.

The organisation tree has the shape of the Party since 1/7/2025 (research notes §B1): the Central
Committee → its advisory bodies, the Party organisations directly under it and 34 provinces /
centrally-run cities → the communes and wards (3,321 at full scale) plus the provinces' agency
committees and the ministries' committees → about 52,000 grassroots organisations → cells, up to
the number of units asked. Directives cascade down it as they do in the seeds: a directive of the
Politburo or the Secretariat, the central propaganda board's guidance, each body's own plan a few
weeks later, and so on to the cells — with bodies that are slow, and some that never pass it on.

Everything is drawn from one `random.Random(seed)` and dated relative to `as_of`, so the same
arguments build the same database. Rows are written with COPY and explicit ids (treebeard paths,
depth and numchild computed here); the roll-up triggers are off during the load and the roll-up
tables are rebuilt once at the end.

Names, numbers and subjects are invented; they only look like the real thing.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from cascade.devtools.synthetic.rows import EVENT_OFFSETS, Cascade, Counter, Output, copy_rows
from cascade.devtools.synthetic.tree import DIRECTIVES, PASSWORD, PROVINCES, DirectiveSpec, K, Tree, build_tree
from directives.documents.search import fold
from reports.dashboard.rollup import indexes_dropped, rollup_rebuild, set_rollup_triggers

ORG_COLUMNS = (
    "id", "path", "depth", "numchild", "name", "short_name", "code", "kind", "level", "symbol_code", "is_party",
    "place", "email", "phone", "search_name",
)  # fmt: skip
DOC_COLUMNS = (
    "id", "number", "symbol", "doc_type", "issuer_name", "place", "issued_on", "date_precision", "subject", "state",
    "search_text", "created_at", "updated_at", "primary_parent_id", "root_id", "issuer_id",
    "signer_name", "signer_capacity", "signer_title", "text", "source_file", "received_number", "searchable_file",
    "signatures",
)  # fmt: skip
TASK_COLUMNS = (
    "id", "ordinal", "text", "deadline_text", "deadline_kind", "due_on", "recurrence", "requires", "report_to_name",
    "document_id", "report_to_id",
)  # fmt: skip
ASSIGNMENT_COLUMNS = (
    "id", "period", "due_on", "status", "submitted_at", "submitted_on", "unit_path", "next_check_on", "created_at",
    "updated_at", "directive_id", "unit_id", "task_id",
)  # fmt: skip
REFERENCE_COLUMNS = ("id", "relation", "child_id", "parent_id")
DOMAIN_TABLES = (
    "directives_organization",
    "directives_document",
    "auth_user",
)


@dataclass(frozen=True)
class SeedSummary:
    organizations: int
    documents: int
    tasks: int
    assignments: int
    events: int
    users: int
    seconds: dict[str, float]


def _org_rows(tree: Tree, rng: random.Random) -> Iterable[tuple]:
    for i in range(len(tree)):
        area = 200 + (i * 7919) % 800
        yield (
            i + 1, tree.path[i], tree.depth[i], len(tree.children[i]), tree.name[i], "", tree.code[i], tree.kind[i],
            tree.level[i], tree.symbol[i], True, tree.place[i], f"{tree.code[i]}@cascade.example.vn",
            f"0{area} {rng.randint(3_000_000, 3_999_999)}", fold(tree.name[i]),
        )  # fmt: skip


def _users(tree: Tree) -> tuple[list[tuple], list[tuple]]:
    """Leaders for the root and every province, and a secretary for every body down to depth 3."""
    password = make_password(PASSWORD)
    users: list[tuple] = []
    memberships: list[tuple] = []
    joined = "2025-07-01 08:00:00+07"

    def person(username: str, first: str, last: str, org: int, role: str, title: str) -> None:
        uid = len(users) + 1
        users.append((uid, password, False, username, first, last, f"{username}@cascade.example.vn", False, True,
                      joined))  # fmt: skip
        memberships.append((len(memberships) + 1, role, title, joined, uid, org + 1))

    person("lanhdao.tw", "Nguyễn Văn", "Trung", 0, "leader", "Phó Trưởng Ban Tuyên giáo và Dân vận Trung ương")
    family = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ")
    given = ("Văn An", "Thị Bình", "Minh Châu", "Quốc Dũng", "Thị Hà", "Văn Hùng", "Thanh Lan", "Đức Minh")
    for i in tree.children[0]:
        if tree.code[i].startswith("tu-"):
            person(f"lanhdao.{tree.code[i][3:]}", "Trần Thị", "Tỉnh", i, "leader", "Phó Bí thư Thường trực")
    for i in range(len(tree)):
        if 2 <= tree.depth[i] <= 3 and tree.kind[i] != K.ADVISORY_BOARD:
            first, last = f"{family[i % len(family)]} {given[i % len(given)].split()[0]}", given[i % len(given)]
            person(f"thuky.{tree.code[i]}", first, last.split()[-1], i, "secretary", "Chánh Văn phòng")
    return users, memberships


def reset_domain_tables() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE directives_organization, directives_document, directives_calendaroverride, auth_user, "
            "reports_unitrollup, reports_documentrollup RESTART IDENTITY CASCADE"
        )


def _sync_sequences(tables: Sequence[str]) -> None:
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce((SELECT max(id) FROM {table}), 1))"
            )


def _insert_events(as_of: dt.date) -> int:
    """The deadline watcher's ledger, as it would stand on `as_of`: reminders 7, 3 and 1 days before
    the due date, then overdue and two escalations, for work not done on time (set-based, in SQL)."""
    offsets = ", ".join(f"('{kind}', {offset})" for kind, offset in EVENT_OFFSETS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO directives_deadlineevent (kind, due_on, created_at, processed_at, assignment_id)
            SELECT e.kind, a.due_on,
                   ((a.due_on + e.offset_days)::timestamp + interval '7 hours') AT TIME ZONE 'Asia/Ho_Chi_Minh',
                   ((a.due_on + e.offset_days)::timestamp + interval '7 hours 5 minutes')
                       AT TIME ZONE 'Asia/Ho_Chi_Minh',
                   a.id
            FROM directives_assignment AS a CROSS JOIN (VALUES {offsets}) AS e(kind, offset_days)
            WHERE a.due_on IS NOT NULL
              AND NOT (a.status IN ('submitted', 'accepted') AND a.submitted_on <= a.due_on)
              AND a.due_on + e.offset_days <= CASE WHEN a.status IN ('submitted', 'accepted')
                                                   THEN a.submitted_on - 1 ELSE %s END
              AND a.due_on + e.offset_days >= (a.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
            ORDER BY a.id, e.offset_days
            """,
            [as_of],
        )
        return cursor.rowcount


def _bulk_load_mode() -> bool:
    """Skip triggers during the load: as a superuser, replication mode (no per-row foreign-key events
    either: the ids are generated consistent); otherwise just the roll-up triggers (rebuilt after)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
        if row and row[0]:
            cursor.execute("SET LOCAL session_replication_role = replica")
            return True
    set_rollup_triggers(enabled=False)
    return False


def generate(*, units: int, directives: int, seed: int, as_of: dt.date) -> tuple[Tree, Output, random.Random]:
    """The whole synthetic nation in memory (pure: same arguments, same rows)."""
    rng = random.Random(seed)
    tree = build_tree(units=units, rng=rng)
    out = Output()
    ids = {name: Counter() for name in ("document", "task", "assignment", "event", "reference")}
    numbers: dict[int, int] = {}
    for index in range(directives):
        spec = DIRECTIVES[index % len(DIRECTIVES)]
        if index >= len(DIRECTIVES):
            n, rest = spec.number.split("-", 1)
            spec = DirectiveSpec(f"{int(n) + 100 * (index // len(DIRECTIVES))}-{rest}", spec.doc_type, spec.issuer,
                                 spec.subject, spec.started_days_ago + 30 * index, spec.reach)  # fmt: skip
        Cascade(tree, rng, as_of, ids, out, numbers, spec, index).run()
    return tree, out, rng


def seed_synthetic(
    *, units: int, directives: int, seed: int, as_of: dt.date, log: Callable[[str], None] = print
) -> SeedSummary:
    """Build the synthetic nation into an empty database (PostgreSQL only)."""
    import time

    if connection.vendor != "postgresql":
        raise RuntimeError("seed_synthetic needs PostgreSQL (COPY and the roll-up triggers).")
    timings: dict[str, float] = {}
    clock = time.monotonic()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.monotonic()
        timings[name] = round(now - clock, 1)
        log(f"  {name}: {timings[name]} s")
        clock = now

    tree, out, rng = generate(units=units, directives=directives, seed=seed, as_of=as_of)
    lap(f"generated {len(tree):,} units, {len(out.documents):,} documents, {len(out.assignments):,} assignments")
    users, memberships = _users(tree)

    with transaction.atomic():
        fast = _bulk_load_mode()
        with indexes_dropped(
            ("directives_organization", "directives_document", "directives_task", "directives_reference")
        ):
            copy_rows("directives_organization", ORG_COLUMNS, _org_rows(tree, rng))
            copy_rows("auth_user", ("id", "password", "is_superuser", "username", "first_name", "last_name", "email",
                                    "is_staff", "is_active", "date_joined"), users)  # fmt: skip
            copy_rows("directives_membership", ("id", "role", "title", "created_at", "user_id", "organization_id"),
                      memberships)  # fmt: skip
            blank = ("", "", "", "", "", "", "", "[]")  # signer…searchable_file, signatures (JSON)
            copy_rows("directives_document", DOC_COLUMNS, ((*d, *blank) for d in out.documents))
            copy_rows("directives_reference", REFERENCE_COLUMNS, out.references)
            copy_rows("directives_task", TASK_COLUMNS, out.tasks)
        lap("organisations, users, documents, tasks")
        with indexes_dropped(("directives_assignment", "directives_deadlineevent")):
            copy_rows("directives_assignment", ASSIGNMENT_COLUMNS, out.assignments)
            lap("assignments")
            events = _insert_events(as_of)
            lap(f"deadline events ({events:,})")
        lap("indexes rebuilt")
        _sync_sequences(
            (
                "directives_organization", "auth_user", "directives_membership", "directives_document",
                "directives_reference", "directives_task", "directives_assignment", "directives_deadlineevent",
            )
        )  # fmt: skip
        if fast:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = origin")
        else:
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # check the foreign keys now, before ALTER TABLE
            lap("foreign key checks")
            set_rollup_triggers(enabled=True)
        units_rows, document_rows = rollup_rebuild()
        lap(f"roll-up tables ({units_rows:,} + {document_rows:,} rows)")
    if connection.in_atomic_block:  # inside a test's transaction: ANALYZE only (VACUUM cannot run there)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return _summary(tree, out, users, timings, events)
    with connection.cursor() as cursor:
        for table in ("directives_organization", "directives_document", "directives_task", "directives_assignment",
                      "directives_deadlineevent", "reports_unitrollup", "reports_documentrollup"):  # fmt: skip
            cursor.execute(f"VACUUM ANALYZE {table}")
    lap("vacuum analyze")
    return _summary(tree, out, users, timings, events)


def _summary(tree: Tree, out: Output, users: list[tuple], timings: dict[str, float], events: int) -> SeedSummary:
    return SeedSummary(
        organizations=len(tree),
        documents=len(out.documents),
        tasks=len(out.tasks),
        assignments=len(out.assignments),
        events=events,
        users=len(users),
        seconds=timings,
    )


__all__ = ["DIRECTIVES", "PROVINCES", "SeedSummary", "build_tree", "generate", "reset_domain_tables", "seed_synthetic"]
