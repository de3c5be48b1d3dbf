"""Synthetic data for `manage.py bench_sweep`: its own organisation tree, users and assignments.

Everything lives under one new root organisation (code `bench-<token>`) and users named
`bench-<token>-…`, built with COPY, and is deleted afterwards with set-based DELETEs.
PostgreSQL only.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import secrets
from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from directives.deadlines.scheduling import NextCheck
from directives.models import (
    Assignment,
    DeadlineEvent,
    DeadlineKind,
    Document,
    DocumentType,
    EmailDelivery,
    Membership,
    Notification,
    Organization,
    Task,
)


@dataclass(frozen=True)
class BenchData:
    token: str
    root_path: str
    assignments: int
    units: int
    tasks: int


def _copy(table: str, columns: list[str], rows: Iterator[tuple[object, ...]]) -> None:
    """COPY rows in chunks (bounded memory)."""
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg2 cursor
        while True:
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            count = 0
            for row in rows:
                writer.writerow(["\\N" if v is None else v for v in row])
                count += 1
                if count >= 200_000:
                    break
            if not count:
                return
            buffer.seek(0)
            raw.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buffer)
            if count < 200_000:
                return


@transaction.atomic
def bench_build(
    *, assignments: int, units: int, today: dt.date, spread_days: int, recurring_share: float = 0.0
) -> BenchData:
    """`units` grassroots units under 100 districts; tasks × units = `assignments`, all open.

    Due dates are spread evenly over `spread_days` centred on today (a year: what a live system
    holds), or with `spread_days=0` over 25 days ago to 9 days ahead, where every row needs a notice
    on the first sweep (the worst case: reminders, overdue notices and escalations for all).
    A `recurring_share` of the tasks recur monthly ("trước ngày 25 hằng tháng"), spread evenly among
    the others: the first sweep also creates their next periods."""
    if connection.vendor != "postgresql":
        raise RuntimeError("the benchmark runs on PostgreSQL")
    token = secrets.token_hex(3)
    tasks = max(1, assignments // units)
    districts = 100
    root = Organization.objects.add_root({"name": f"Bench {token}", "code": f"bench-{token}", "level": 0})
    steplen = Organization.steplen

    def child_path(parent: str, index: int) -> str:
        return parent + Organization._get_path("", 1, index)[-steplen:]

    board_path = child_path(root.path, 1)
    orgs = [
        Organization(
            path=board_path, depth=2, numchild=0, name=f"Ban Tuyên giáo {token}", code=f"bench-{token}-btg", level=1
        )
    ]
    district_paths = [child_path(root.path, 2 + d) for d in range(districts)]
    per_district = -(-units // districts)
    unit_paths: list[str] = []
    for d, path in enumerate(district_paths):
        n = min(per_district, units - len(unit_paths))
        orgs.append(
            Organization(path=path, depth=2, numchild=max(n, 0), name=f"Huyện {d}", code=f"bench-{token}-h{d}", level=2)
        )
        for c in range(max(n, 0)):
            unit_paths.append(child_path(path, 1 + c))
            orgs.append(
                Organization(
                    path=unit_paths[-1], depth=3, numchild=0, name=f"Xã {d}-{c}", code=f"bench-{token}-x{d}-{c}"
                )
            )
    Organization.objects.bulk_create(orgs, batch_size=5000)
    Organization.objects.filter(pk=root.pk).update(numchild=districts + 1)
    org_id = dict(Organization.objects.filter(path__startswith=root.path).values_list("path", "pk"))

    user_model = get_user_model()
    people = [
        user_model(username=f"bench-{token}-tk{i}", email=f"tk{i}@bench.invalid", password="!") for i in range(units)
    ]
    people += [
        user_model(username=f"bench-{token}-ld{d}", email=f"ld{d}@bench.invalid", password="!")
        for d in range(districts)
    ]
    people.append(user_model(username=f"bench-{token}-btg", email="btg@bench.invalid", password="!"))
    user_model.objects.bulk_create(people, batch_size=5000)
    user_id = dict(user_model.objects.filter(username__startswith=f"bench-{token}-").values_list("username", "pk"))
    memberships = [
        Membership(user_id=user_id[f"bench-{token}-tk{i}"], organization_id=org_id[p], role=Membership.Role.SECRETARY)
        for i, p in enumerate(unit_paths)
    ]
    memberships += [
        Membership(user_id=user_id[f"bench-{token}-ld{d}"], organization_id=org_id[p], role=Membership.Role.LEADER)
        for d, p in enumerate(district_paths)
    ]
    memberships.append(
        Membership(user_id=user_id[f"bench-{token}-btg"], organization_id=org_id[board_path], role="leader")
    )
    Membership.objects.bulk_create(memberships, batch_size=5000)

    directive = Document.objects.create(
        number=f"{token}-KL/BENCH", doc_type=DocumentType.KL, issuer_id=org_id[board_path], issued_on=today
    )
    task_rows = []
    for t in range(tasks):
        if spread_days:
            offset = -spread_days // 2 + (spread_days * t) // max(tasks - 1, 1)
        else:
            offset = -25 + (34 * t) // max(tasks - 1, 1)
        due = today + dt.timedelta(days=offset)
        # Every k-th task recurs: int((t + 1) * share) steps up once per 1/share tasks.
        recurs = int((t + 1) * recurring_share) > int(t * recurring_share)
        if recurs:
            due = due.replace(day=min(due.day, 25))
        task_rows.append(
            Task(
                document=directive,
                ordinal=t + 1,
                text=f"Nhiệm vụ {t + 1}",
                due_on=due,
                deadline_kind=DeadlineKind.RECURRING if recurs else "",
                recurrence=f"FREQ=MONTHLY;BYMONTHDAY={due.day}" if recurs else "",
            )
        )
    Task.objects.bulk_create(task_rows)
    compute = NextCheck()
    now = timezone.now().isoformat()
    task_list = list(
        Task.objects.filter(document=directive).order_by("ordinal").values_list("pk", "due_on", "recurrence")
    )

    def rows() -> Iterator[tuple[object, ...]]:
        for task_id, due, recurrence in task_list:
            next_check = compute(due_on=due, is_done=False, recurrence=recurrence)
            for path in unit_paths:
                yield (task_id, org_id[path], 0, due, "pending", path, directive.pk, next_check, now, now)

    columns = ["task_id", "unit_id", "period", "due_on", "status", "unit_path", "directive_id", "next_check_on"]
    _copy(Assignment._meta.db_table, [*columns, "created_at", "updated_at"], rows())
    with connection.cursor() as cursor:
        for model in (Assignment, DeadlineEvent, Notification, Organization, Membership):
            cursor.execute(f"ANALYZE {model._meta.db_table}")
    return BenchData(
        token=token, root_path=root.path, assignments=tasks * len(unit_paths), units=len(unit_paths), tasks=tasks
    )


def bench_cleanup(data: BenchData) -> None:
    """Set-based deletes in dependency order (a cascading ORM delete would load a million rows)."""
    user_table = get_user_model()._meta.db_table
    a = Assignment._meta.db_table
    users = f"SELECT id FROM {user_table} WHERE username LIKE %s"
    assignments = f"SELECT id FROM {a} WHERE unit_path LIKE %s"
    like_user, like_path = f"bench-{data.token}-%", f"{data.root_path}%"
    statements = [
        (f"DELETE FROM {Notification._meta.db_table} WHERE recipient_id IN ({users})", [like_user]),
        (f"DELETE FROM {Notification._meta.db_table} WHERE assignment_id IN ({assignments})", [like_path]),
        (f"DELETE FROM {EmailDelivery._meta.db_table} WHERE recipient_id IN ({users})", [like_user]),
        (f"DELETE FROM {DeadlineEvent._meta.db_table} WHERE assignment_id IN ({assignments})", [like_path]),
        (f"DELETE FROM {a} WHERE unit_path LIKE %s", [like_path]),
        (
            f"DELETE FROM {Task._meta.db_table} WHERE document_id IN "
            f"(SELECT id FROM {Document._meta.db_table} WHERE number = %s)",
            [f"{data.token}-KL/BENCH"],
        ),
        (f"DELETE FROM {Document._meta.db_table} WHERE number = %s", [f"{data.token}-KL/BENCH"]),
        (f"DELETE FROM {Membership._meta.db_table} WHERE user_id IN ({users})", [like_user]),
        (f"DELETE FROM {user_table} WHERE username LIKE %s", [like_user]),
        (f"DELETE FROM {Organization._meta.db_table} WHERE path LIKE %s", [like_path]),
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
    # Millions of deleted rows stay as dead tuples until vacuumed; where autovacuum is off or slow
    # (this machine's PostgreSQL runs without it), they would slow every later query and benchmark.
    # VACUUM cannot run in a transaction: this runs in autocommit, after the deletes committed.
    tables = (Notification, EmailDelivery, DeadlineEvent, Assignment, Task, Membership, Organization)
    names = [model._meta.db_table for model in tables] + [get_user_model()._meta.db_table]
    existing = set(connection.introspection.table_names())
    names += [t for t in ("reports_unitrollup", "reports_documentrollup") if t in existing]
    if not connection.in_atomic_block:  # (a test wraps everything in one transaction)
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (ANALYZE) {', '.join(names)}")
