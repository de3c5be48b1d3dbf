"""Measure the dashboard at scale: server time p50/p95 and query count per view, next to the floor.

Run after `seed_synthetic` on PostgreSQL:

    python manage.py bench_dashboard --repeat 30

Each view is requested through Django's test client (middleware, session, templates: the whole
server side) as a leader of the whole country and as a leader of one province. The floor is the
single hand-written SQL aggregate that answers the top view's numbers (the four-way counts of each
unit directly under the root, over all of the directive's assignments), timed in the same run.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.management.base import CommandError
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.db.models import F, Sum
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from directives.models import Assignment, Membership, Organization
from reports.models.dashboard import UnitRollup

FLOOR_SQL = """
SELECT substr(unit_path, 1, %(width)s) AS child,
       count(*) FILTER (WHERE status IN ('submitted', 'accepted')
                        AND NOT (due_on IS NOT NULL AND submitted_on IS NOT NULL AND submitted_on > due_on)),
       count(*) FILTER (WHERE status IN ('submitted', 'accepted') AND submitted_on > due_on),
       count(*) FILTER (WHERE status NOT IN ('submitted', 'accepted') AND (due_on IS NULL OR due_on > %(soon)s)),
       count(*) FILTER (WHERE status NOT IN ('submitted', 'accepted') AND due_on BETWEEN %(today)s AND %(soon)s),
       count(*) FILTER (WHERE status NOT IN ('submitted', 'accepted') AND due_on < %(today)s)
FROM directives_assignment
WHERE directive_id = %(directive)s AND unit_path LIKE %(prefix)s
GROUP BY 1
"""

ROLLUP_FLOOR_SQL = """
SELECT node_path,
       sum(on_time_n), sum(late_n),
       sum(open_n) FILTER (WHERE due_on > %(soon)s),
       sum(open_n) FILTER (WHERE due_on BETWEEN %(today)s AND %(soon)s),
       sum(open_n) FILTER (WHERE due_on < %(today)s)
FROM reports_unitrollup
WHERE directive_id = %(directive)s AND node_depth = %(depth)s AND node_path LIKE %(prefix)s
GROUP BY 1
"""


@dataclass
class Result:
    name: str
    times_ms: list[float]
    queries: int | None
    status: int | None = None

    @property
    def p50(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p95(self) -> float:
        ordered = sorted(self.times_ms)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


class DashboardBenchmark:
    """What `manage.py bench_dashboard` runs; it writes its report to the command's stdout."""

    def __init__(self, stdout: Any, style: Any) -> None:
        self.stdout = stdout
        self.style = style

    def run(self, **options: object) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("bench_dashboard measures PostgreSQL; set DATABASE_URL.")
        repeat, warmup = int(options["repeat"]), int(options["warmup"])  # type: ignore[call-overload]
        today = timezone.localdate()
        root = Organization.objects.filter(depth=1).order_by("path").first()
        if root is None:
            raise CommandError("No organisations: run seed_synthetic first.")
        totals = (
            UnitRollup.objects.filter(node_path=root.path)
            .values("directive_id")
            .annotate(n=Sum(F("open_n") + F("on_time_n") + F("late_n")))
            .order_by("-n")
        )
        largest = totals.first()
        if largest is None:
            raise CommandError("No assignments: run seed_synthetic first.")
        directive_id = largest["directive_id"]
        province = self._province(root, options["province"], directive_id)  # type: ignore[arg-type]
        commune_level = (
            Organization.objects.filter(path__startswith=province.path, depth=province.depth + 1)
            .values_list("level", flat=True)
            .order_by("-level")
            .first()
            or Organization.Level.DISTRICT
        )
        top_user = self._leader("bench.trunguong", root)
        province_user = self._leader(f"bench.{province.code}", province)
        n_assignments = Assignment.objects.filter(directive_id=directive_id).count()
        self.stdout.write(
            f"{Organization.objects.count():,} units · {Assignment.objects.count():,} assignments · "
            f"largest directive #{directive_id}: {n_assignments:,} assignments · province: {province.name} · "
            f"today {today:%d/%m/%Y} · {repeat} timed requests per view"
        )

        cascade = reverse("dashboard_cascade", kwargs={"document_id": directive_id})
        overdue_url = (
            f"{reverse('dashboard_overdue')}?directive={directive_id}&unit={province.pk}&level={commune_level}"
            "&status=overdue&sort=-days"
        )
        views: list[tuple[str, object, str, dict[str, str]]] = [
            ("cascade · whole country", top_user, cascade, {}),
            ("cascade · one province", province_user, cascade, {}),
            ("overdue table · page 1, filtered", top_user, overdue_url, {}),
            ("heatmap · provinces", top_user, reverse("dashboard_heatmap", kwargs={"document_id": directive_id}), {}),
            (
                "heatmap · communes of a province",
                province_user,
                reverse("dashboard_heatmap", kwargs={"document_id": directive_id}),
                {},
            ),
            ("directive picker · whole country", top_user, reverse("dashboard"), {}),
            ("charts · whole country", top_user, reverse("dashboard_charts", kwargs={"document_id": directive_id}), {}),
            (
                "latency · whole country",
                top_user,
                reverse("dashboard_latency", kwargs={"document_id": directive_id}),
                {},
            ),
            ("backlog ranking · whole country", top_user, reverse("dashboard_backlog"), {}),
        ]
        results: list[Result] = []
        # As Django's test runner does: keep one connection across requests (the query log lives on it).
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        plain_static = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
        with override_settings(
            STORAGES={"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}, **plain_static}
        ):
            for name, user, url, headers in views:
                client = Client(SERVER_NAME="localhost")
                client.force_login(user)  # type: ignore[arg-type]
                results.append(self._time_view(name, client, url, headers, repeat, warmup))

        params = {
            "width": root.steplen * (root.depth + 1),
            "soon": today + dt.timedelta(days=3),
            "today": today,
            "directive": directive_id,
            "prefix": f"{root.path}%",
            "depth": root.depth + 1,
        }
        floor = self._time_sql("floor · hand-written SQL over assignments", FLOOR_SQL, params, repeat, warmup)
        rollup_floor = self._time_sql("floor · hand-written SQL over roll-up", ROLLUP_FLOOR_SQL, params, repeat, warmup)

        self.stdout.write("")
        self.stdout.write(f"{'view':44} {'p50 ms':>9} {'p95 ms':>9} {'queries':>8} {'p95/floor':>10}")
        for r in [*results, floor, rollup_floor]:
            times = f"{r.p95 / floor.p95:.2f}×" if floor.p95 else "-"
            queries = "" if r.queries is None else str(r.queries)
            flag = "" if r.status in (None, 200) else f"  HTTP {r.status}"
            self.stdout.write(f"{r.name:44} {r.p50:9.1f} {r.p95:9.1f} {queries:>8} {times:>10}{flag}")
        targets = results[:4]  # the cascade (country, province), the overdue table, the heatmap
        worst = max(r.p95 for r in targets)
        verdict = "within" if worst < 300 else "OVER"
        ratio = max(r.p95 for r in targets) / floor.p95 if floor.p95 else 0
        self.stdout.write(
            f"\nTarget views: slowest p95 {worst:.1f} ms ({verdict} the 300 ms target), at most {ratio:.2f}× the floor."
        )

    def _province(self, root: Organization, code: str, directive_id: int) -> Organization:
        if code:
            found = Organization.objects.filter(code__in=[code, f"tu-{code}"], depth=root.depth + 1).first()
            if found is None:
                raise CommandError(f"No province with code {code}.")
            return found
        biggest = (
            UnitRollup.objects.filter(
                directive_id=directive_id, node_depth=root.depth + 1, node_path__startswith=root.path
            )
            .values("node_path")
            .annotate(n=Sum(F("open_n") + F("on_time_n") + F("late_n")))
            .order_by("-n")
            .first()
        )
        return Organization.objects.get(path=biggest["node_path"]) if biggest else root

    def _leader(self, username: str, unit: Organization) -> User:
        user, _ = get_user_model().objects.get_or_create(username=username, defaults={"first_name": "Bench"})
        Membership.objects.get_or_create(user=user, organization=unit, role=Membership.Role.LEADER)
        return user

    def _time_view(
        self, name: str, client: Client, url: str, headers: dict[str, str], repeat: int, warmup: int
    ) -> Result:
        for _ in range(warmup):
            client.get(url, headers=headers)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, headers=headers)
        queries = len(captured.captured_queries)  # now: the log is cleared by the next request
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            response = client.get(url, headers=headers)
            times.append(1000 * (time.perf_counter() - start))
        # Session and user lookups are part of every request: counted, as the tests count them.
        return Result(name, times, queries, response.status_code)

    def _time_sql(self, name: str, sql: str, params: dict, repeat: int, warmup: int) -> Result:
        def run() -> None:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                cursor.fetchall()

        run_many(run, warmup)
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            run()
            times.append(1000 * (time.perf_counter() - start))
        return Result(name, times, 1)


def run_many(fn: Callable[[], None], n: int) -> None:
    for _ in range(n):
        fn()
