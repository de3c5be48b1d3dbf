"""The deadline sweep on PostgreSQL: the right notices on the right days, to the right people, once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directives.models import (
    Assignment,
    CalendarOverride,
    DeadlineEvent,
    EmailDelivery,
    Membership,
    Notification,
)
from directives.timeliness import Timeliness
from directives.watcher import sweep as deadlines_module
from directives.watcher.sweep import deadlines_sweep
from tests.directives.deadline_helpers import at, scheduled_assignment, sweep_days
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
D = dt.date
DUE = D(2023, 11, 15)  # a Wednesday with no holiday around it


@pytest.fixture
def board_leader(tree):
    user = UserFactory(username="truongban")
    MembershipFactory(user=user, organization=tree.board, role=Membership.Role.LEADER)
    return user


def kinds_for(user):
    return sorted(
        Notification.objects.filter(recipient=user).values_list("event__kind", flat=True), key=lambda k: k or ""
    )


def test_the_right_notices_come_on_the_right_days(tree, secretary_a, leader, board_leader):
    assignment = scheduled_assignment(unit=tree.district_a, due_on=DUE, issuer=tree.board)
    fired = sweep_days(D(2023, 11, 1), D(2023, 12, 5))
    assert fired == {
        D(2023, 11, 6): ["reminder_7"],
        D(2023, 11, 10): ["reminder_3"],
        D(2023, 11, 14): ["reminder_1"],
        D(2023, 11, 15): ["due_today"],
        D(2023, 11, 16): ["overdue"],
        D(2023, 11, 21): ["escalation_1"],
        D(2023, 11, 30): ["escalation_2"],
    }
    # The unit's secretary hears about its own deadline; the leaders above hear about escalations.
    assert kinds_for(secretary_a) == ["due_today", "overdue", "reminder_1", "reminder_3", "reminder_7"]
    assert kinds_for(leader) == ["escalation_1", "escalation_2"]  # leader of the parent (province)
    assert kinds_for(board_leader) == ["escalation_1", "escalation_2"]  # leader of the issuing board
    assignment.refresh_from_db()
    assert assignment.next_check_on is None
    assert assignment.timeliness(today=D(2023, 12, 5), due_soon_until=D(2023, 12, 8)) == Timeliness.OVERDUE


def test_a_submitted_assignment_is_not_reminded(tree, secretary_a):
    assignment = scheduled_assignment(unit=tree.district_a, due_on=DUE)
    sweep_days(D(2023, 11, 6), D(2023, 11, 6))
    Assignment.objects.filter(pk=assignment.pk).update(
        status=Assignment.Status.SUBMITTED, submitted_at=at(D(2023, 11, 7)), submitted_on=D(2023, 11, 7)
    )
    from directives.deadlines.scheduling import refresh_next_check

    refresh_next_check(assignment_ids=[assignment.pk], today=D(2023, 11, 7))
    assert sweep_days(D(2023, 11, 7), D(2023, 12, 5)) == {}
    assert kinds_for(secretary_a) == ["reminder_7"]


def test_a_unit_without_a_secretary_reminds_its_leader(tree):
    chief = UserFactory(username="bithu_xa")
    MembershipFactory(user=chief, organization=tree.commune_b, role=Membership.Role.LEADER)
    scheduled_assignment(unit=tree.commune_b, due_on=DUE)
    sweep_days(D(2023, 11, 14), D(2023, 11, 14))
    assert kinds_for(chief) == ["reminder_1"]


def test_it_sends_one_reminder_when_swept_twice(tree, secretary_a):
    scheduled_assignment(unit=tree.district_a, due_on=DUE)
    first = deadlines_sweep(now=at(D(2023, 11, 14)))
    second = deadlines_sweep(now=at(D(2023, 11, 14), 8, 15))
    assert first.as_dict() == {"checked": 1, "reminders": 1, "overdue": 0, "escalations": 0, "recurrences": 0}
    assert second.as_dict() == {"checked": 0, "reminders": 0, "overdue": 0, "escalations": 0, "recurrences": 0}
    assert Notification.objects.filter(recipient=secretary_a).count() == 1


def test_a_rescheduled_row_does_not_repeat_a_notice_already_sent(tree, secretary_a):
    assignment = scheduled_assignment(unit=tree.district_a, due_on=DUE)
    deadlines_sweep(now=at(D(2023, 11, 14)))
    Assignment.objects.filter(pk=assignment.pk).update(next_check_on=D(2023, 11, 14))  # e.g. refresh after an edit
    counts = deadlines_sweep(now=at(D(2023, 11, 14), 9))
    assert counts.reminders == 0
    assert Notification.objects.filter(recipient=secretary_a).count() == 1


def test_a_moved_due_date_is_reminded_afresh(tree, secretary_a):
    from directives.deadlines.scheduling import refresh_next_check

    assignment = scheduled_assignment(unit=tree.district_a, due_on=DUE)
    sweep_days(D(2023, 11, 14), D(2023, 11, 14))
    Assignment.objects.filter(pk=assignment.pk).update(due_on=D(2023, 11, 30))
    refresh_next_check(assignment_ids=[assignment.pk], today=D(2023, 11, 15))
    assert sweep_days(D(2023, 11, 15), D(2023, 11, 30)) == {
        D(2023, 11, 21): ["reminder_7"],
        D(2023, 11, 27): ["reminder_3"],
        D(2023, 11, 29): ["reminder_1"],
        D(2023, 11, 30): ["due_today"],
    }


@pytest.mark.parametrize(
    ("hour", "minute", "day", "expected"),
    [
        pytest.param(23, 30, DUE, "due_today", id="23h30_on_the_due_date"),
        pytest.param(0, 30, DUE + dt.timedelta(days=1), "overdue", id="00h30_the_day_after"),
    ],
)
def test_days_are_local_days_in_ho_chi_minh_city(tree, secretary_a, hour, minute, day, expected):
    assignment = scheduled_assignment(unit=tree.district_a, due_on=DUE)
    Assignment.objects.filter(pk=assignment.pk).update(next_check_on=DUE)
    now = at(day, hour, minute)
    # 00:30 local on the 16th is still the 15th in UTC: the day must come from local time.
    assert now.astimezone(dt.UTC).date() == DUE
    deadlines_sweep(now=now)
    assert list(DeadlineEvent.objects.values_list("kind", flat=True)) == [expected]


def test_a_calendar_override_moves_a_reminder(tree, secretary_a):
    # Saturday 11/11/2023 declared a make-up working day: the 3-day reminder for 15/11 moves to it.
    CalendarOverride.objects.create(day=D(2023, 11, 11), is_working=True, reason="Làm bù", decision="Thông báo 1")
    scheduled_assignment(unit=tree.district_a, due_on=DUE)
    assert sweep_days(D(2023, 11, 7), D(2023, 11, 13)) == {
        D(2023, 11, 7): ["reminder_7"],
        D(2023, 11, 11): ["reminder_3"],
    }


def test_a_recurring_task_creates_its_next_period_ahead_of_time(tree, secretary_a):
    # "trước ngày 25 hằng tháng": due the 24th; the next period appears 30 days before its due date.
    first = scheduled_assignment(unit=tree.district_a, due_on=D(2023, 11, 24), recurrence="FREQ=MONTHLY;BYMONTHDAY=24")
    assert deadlines_sweep(now=at(D(2023, 11, 23))).recurrences == 0
    counts = deadlines_sweep(now=at(D(2023, 11, 24)))
    assert counts.recurrences == 1
    assert deadlines_sweep(now=at(D(2023, 11, 24), 9)).recurrences == 0
    periods = list(Assignment.objects.filter(task=first.task).order_by("period").values_list("period", "due_on"))
    assert periods == [(0, D(2023, 11, 24)), (1, D(2023, 12, 24))]
    # Each period is tracked on its own: the December one is reminded and goes overdue by itself.
    fired = sweep_days(D(2023, 11, 25), D(2023, 12, 26))
    assert fired[D(2023, 12, 22)] == ["reminder_1"]  # 24/12 is a Sunday
    assert "overdue" in fired[D(2023, 11, 25)]  # the November period is overdue
    assert Assignment.objects.filter(task=first.task).count() == 3  # January's period was created on 24/12


def test_a_done_recurring_period_still_creates_the_next(tree):
    first = scheduled_assignment(
        unit=tree.district_a,
        due_on=D(2023, 11, 24),
        recurrence="FREQ=MONTHLY;BYMONTHDAY=24",
        status=Assignment.Status.SUBMITTED,
        submitted_at=at(D(2023, 11, 20)),
        submitted_on=D(2023, 11, 20),
    )
    assert deadlines_sweep(now=at(D(2023, 11, 24))).recurrences == 1
    assert Assignment.objects.filter(task=first.task, period=1, status="pending").exists()


def test_the_sweep_needs_the_same_number_of_queries_for_few_or_many_assignments(tree, secretary_a, leader):
    def queries_for(count: int) -> int:
        Assignment.objects.all().delete()
        EmailDelivery.objects.all().delete()
        for _ in range(count):
            scheduled_assignment(unit=tree.district_a, due_on=DUE, issuer=tree.board)
        with CaptureQueriesContext(connection) as ctx:
            counts = deadlines_sweep(now=at(D(2023, 11, 21)), batch_size=500)
        assert counts.overdue == count
        assert counts.escalations == count
        return len(ctx.captured_queries)

    assert queries_for(3) == queries_for(60)


def test_an_interrupted_sweep_loses_nothing_and_the_next_run_finishes(tree, secretary_a, monkeypatch):
    rows = [scheduled_assignment(unit=tree.district_a, due_on=DUE) for _ in range(5)]
    real = deadlines_module.insert_ignore
    calls = {"notifications": 0}

    def crash_on_second_batch(**kwargs):
        if kwargs["model"] is Notification:
            calls["notifications"] += 1
            if calls["notifications"] == 2:
                raise ConnectionError("worker killed")
        return real(**kwargs)

    monkeypatch.setattr(deadlines_module, "insert_ignore", crash_on_second_batch)
    with pytest.raises(ConnectionError):
        deadlines_sweep(now=at(D(2023, 11, 14)), batch_size=2)
    assert DeadlineEvent.objects.count() == 2  # the first batch committed, the second rolled back whole
    monkeypatch.setattr(deadlines_module, "insert_ignore", real)
    counts = deadlines_sweep(now=at(D(2023, 11, 14)), batch_size=2)
    assert counts.reminders == 3
    assert Notification.objects.filter(recipient=secretary_a).count() == len(rows)


def test_escalation_notices_go_to_the_issuers_parent_at_the_second_level(tree, secretary_a):
    # Issued by the province's board: level 1 reaches the province (parent of the district and of
    # the board), level 2 also reaches the board's parent — the same province here, so nobody twice.
    province_chief = UserFactory(username="bithu_tinh")
    MembershipFactory(user=province_chief, organization=tree.province, role=Membership.Role.LEADER)
    scheduled_assignment(unit=tree.commune_a, due_on=DUE, issuer=tree.board)
    sweep_days(D(2023, 11, 21), D(2023, 11, 30))
    # The commune's parent is the district (no leader there); the board has no leader: only the
    # level-2 reach to the board's parent (the province) finds someone.
    assert kinds_for(province_chief) == ["escalation_2"]
