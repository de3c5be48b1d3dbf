"""One "sắp đến hạn": DEADLINE_DUE_SOON_DAYS working days ahead, the same on every screen.

The unit inbox (its filter and its badges), the assignment page, the dashboard (its overdue table,
its figures, its export) all take the last "due soon" day from `scheduling.due_soon_until`; changing
the setting moves all of them together.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse

from directives.models import Assignment
from directives.timeliness import Timeliness
from tests.factories import AssignmentFactory, TaskFactory

pytestmark = pytest.mark.django_db

D = dt.date
TODAY = D(2023, 11, 3)  # a Friday
# Open work is due on every day from TODAY to the Monday after next; "due soon" ends this many
# working days ahead (the weekend does not count):
LAST_DUE_SOON_DAY = {1: D(2023, 11, 6), 3: D(2023, 11, 8), 5: D(2023, 11, 10)}


@pytest.fixture
def due_every_day(cascade, tree):
    """District A's work due each day from TODAY to 13/11, beside the cascade's (all due 9/11 but
    the commune's, due 31/10)."""
    for offset in range(11):
        task = TaskFactory(document=cascade.document, due_on=TODAY + dt.timedelta(days=offset))
        AssignmentFactory(task=task, unit=tree.district_a)
    with time_machine.travel(dt.datetime(2023, 11, 3, 9, tzinfo=dt.UTC), tick=False):
        yield


def _expected(*, unit_path: str, last: dt.date) -> set[int]:
    rows = Assignment.objects.filter(
        unit_path__startswith=unit_path, status__in=Assignment.OPEN_STATUSES, due_on__gte=TODAY, due_on__lte=last
    )
    return set(rows.values_list("pk", flat=True))


@pytest.mark.parametrize("days", sorted(LAST_DUE_SOON_DAY))
def test_the_inbox_and_the_assignment_page_follow_the_setting(client, settings, due_every_day, tree, secretary_a, days):
    settings.DEADLINE_DUE_SOON_DAYS = days
    expected = _expected(unit_path=tree.district_a.path, last=LAST_DUE_SOON_DAY[days])
    client.force_login(secretary_a)

    filtered = client.get(reverse("assignment_list"), {"status": "due_soon"}).context["rows"]
    assert {r["assignment"].pk for r in filtered} == expected
    badges = client.get(reverse("assignment_list")).context["rows"]
    assert {r["assignment"].pk for r in badges if r["timeliness"] is Timeliness.DUE_SOON} == expected
    for pk in Assignment.objects.filter(unit=tree.district_a).values_list("pk", flat=True):
        page = client.get(reverse("assignment_detail", args=[pk]))
        assert (page.context["timeliness"] is Timeliness.DUE_SOON) == (pk in expected), pk


@pytest.mark.parametrize("days", sorted(LAST_DUE_SOON_DAY))
def test_the_dashboard_and_its_export_follow_the_setting(client, settings, due_every_day, cascade, tree, leader, days):
    settings.DEADLINE_DUE_SOON_DAYS = days
    expected = _expected(unit_path=tree.province.path, last=LAST_DUE_SOON_DAY[days])
    client.force_login(leader)

    table = client.get(reverse("dashboard_overdue"), {"status": "due_soon"})
    assert {r.id for r in table.context["page"].rows} == expected
    assert f"Sắp đến hạn (≤ {days} ngày làm việc)" in table.content.decode()
    export = client.get(reverse("dashboard_overdue_export", args=["csv"]), {"status": "due_soon"})
    lines = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert len(lines) - 1 == len(expected)
    figures = client.get(reverse("dashboard_cascade", args=[cascade.document.pk]))
    assert figures.context["data"].totals.due_soon == len(expected)


def test_more_days_make_more_work_due_soon_on_every_screen(client, settings, due_every_day, tree, secretary_a):
    client.force_login(secretary_a)
    seen = {}
    for days in (1, 5):
        settings.DEADLINE_DUE_SOON_DAYS = days
        rows = client.get(reverse("assignment_list"), {"status": "due_soon"}).context["rows"]
        seen[days] = {r["assignment"].due_on for r in rows}
    assert seen[1] == {D(2023, 11, 3), D(2023, 11, 4), D(2023, 11, 5), D(2023, 11, 6)}
    assert seen[5] - seen[1] == {D(2023, 11, 7), D(2023, 11, 8), D(2023, 11, 9), D(2023, 11, 10)}
