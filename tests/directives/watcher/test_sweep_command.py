from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from directives.models import Notification
from tests.directives.deadline_helpers import scheduled_assignment

pytestmark = pytest.mark.django_db


def run(*args: str) -> dict:
    out = StringIO()
    call_command("sweep_deadlines", *args, stdout=out)
    (line,) = out.getvalue().splitlines()
    return json.loads(line)


def test_the_command_prints_one_json_line_of_counts(tree, secretary_a):
    scheduled_assignment(unit=tree.district_a, due_on=dt.date(2023, 11, 15))
    assert run("--now", "2023-11-14T08:00", "--no-email") == {
        "checked": 1,
        "reminders": 1,
        "overdue": 0,
        "escalations": 0,
        "recurrences": 0,
    }
    assert run("--now", "2023-11-14T08:00", "--no-email")["reminders"] == 0
    assert Notification.objects.filter(recipient=secretary_a).count() == 1


def test_a_bad_now_is_refused_in_vietnamese():
    with pytest.raises(CommandError, match="cần dạng 2023-11-10T08:00"):
        call_command("sweep_deadlines", "--now", "10/11/2023")


def test_the_benchmark_builds_sweeps_twice_and_leaves_nothing_behind():
    """`bench_sweep` at a small size: the first sweep notifies and creates recurring periods, the
    repeated one finds nothing to do, and the throw-away tree is gone afterwards."""
    from directives.models import Assignment, Organization

    before = (Assignment.objects.count(), Organization.objects.count(), Notification.objects.count())
    out = StringIO()
    call_command("bench_sweep", "--assignments", "2000", "--units", "100", "--recurring-share", "0.2", stdout=out)
    result = json.loads(out.getvalue().splitlines()[-1])
    first, repeat = result["first"], result["repeat"]
    assert result["assignments"] == 2000
    assert first["checked"] > 0
    assert first["reminders"] + first["overdue"] > 0
    assert first["recurrences"] > 0, "the recurring tasks' next periods are created"
    assert repeat["checked"] == 0
    assert repeat["reminders"] == repeat["overdue"] == repeat["recurrences"] == 0
    # A handful, whatever the size (4 outside a test; the test's transaction adds savepoints).
    assert repeat["queries"] <= 10
    assert (Assignment.objects.count(), Organization.objects.count(), Notification.objects.count()) == before
