"""The pure deadline arithmetic: stages on working days, collapsing missed stages, recurrences."""

from __future__ import annotations

import datetime as dt

import pytest

from directives.deadlines import rules
from directives.deadlines.workcal import WorkCalendar

D = dt.date
POLICY = rules.DeadlinePolicy()
CAL = WorkCalendar()


def schedule(due: dt.date, calendar: WorkCalendar = CAL) -> dict[str, dt.date]:
    return dict(rules.stage_schedule(due_on=due, policy=POLICY, calendar=calendar))


def test_stages_of_a_wednesday_deadline_count_working_days():
    assert schedule(D(2023, 11, 15)) == {
        "reminder_7": D(2023, 11, 6),
        "reminder_3": D(2023, 11, 10),
        "reminder_1": D(2023, 11, 14),
        "due_today": D(2023, 11, 15),
        "overdue": D(2023, 11, 16),
        "escalation_1": D(2023, 11, 21),  # overdue for more than 3 working days
        "escalation_2": D(2023, 11, 30),  # more than 10
    }


def test_reminders_skip_tet():
    # Tết Giáp Thìn: 08/02–14/02/2024 off; a deadline on Friday 16/02 is reminded before the holiday.
    stages = schedule(D(2024, 2, 16))
    assert stages["reminder_1"] == D(2024, 2, 15)
    assert stages["reminder_3"] == D(2024, 2, 6)
    assert stages["escalation_1"] == D(2024, 2, 22)


def test_a_make_up_saturday_from_the_override_calendar_counts_as_a_working_day():
    due = D(2025, 5, 5)  # Monday
    assert schedule(due)["reminder_1"] == D(2025, 4, 29)  # 30/4, 1/5, 2/5 off; Saturday 26/4 handled by holidays
    swapped = WorkCalendar(overrides={D(2025, 5, 3): True})
    assert schedule(due, swapped)["reminder_1"] == D(2025, 5, 3)


def test_a_due_date_on_a_sunday_is_reminded_on_friday_and_overdue_on_monday():
    stages = schedule(D(2023, 11, 12))
    assert stages["reminder_1"] == D(2023, 11, 10)
    assert stages["overdue"] == D(2023, 11, 13)


def plan(due, checked_from, today, *, done=False, spawn_on=None):
    return rules.plan_check(
        due_on=due,
        is_done=done,
        checked_from=checked_from,
        today=today,
        spawn_on=spawn_on,
        policy=POLICY,
        calendar=CAL,
    )


def test_on_a_stage_day_the_stage_fires_and_the_next_check_is_the_next_stage():
    result = plan(D(2023, 11, 15), D(2023, 11, 10), D(2023, 11, 10))
    assert result == rules.CheckPlan(fire=("reminder_3",), spawn=False, next_check_on=D(2023, 11, 14))


def test_a_new_assignment_due_in_two_days_gets_one_reminder_not_three():
    result = plan(D(2023, 11, 15), D(2023, 11, 6), D(2023, 11, 13))
    assert result.fire == ("reminder_3",)
    assert result.next_check_on == D(2023, 11, 14)


def test_catching_up_after_the_due_date_sends_no_reminder_only_overdue_and_the_highest_escalation():
    result = plan(D(2023, 11, 15), D(2023, 11, 6), D(2023, 12, 4))
    assert result.fire == ("overdue", "escalation_2")
    assert result.next_check_on is None


def test_stages_older_than_the_catch_up_window_notify_nobody():
    result = plan(D(2023, 11, 15), D(2023, 11, 6), D(2024, 6, 1))
    assert result == rules.CheckPlan(fire=(), spawn=False, next_check_on=None)


def test_a_done_assignment_has_nothing_left_unless_it_recurs():
    assert plan(D(2023, 11, 15), D(2023, 11, 6), D(2023, 11, 10), done=True).next_check_on is None
    recurring = plan(D(2023, 11, 15), D(2023, 11, 6), D(2023, 11, 10), done=True, spawn_on=D(2023, 11, 20))
    assert recurring == rules.CheckPlan(fire=(), spawn=False, next_check_on=D(2023, 11, 20))
    assert plan(D(2023, 11, 15), D(2023, 11, 20), D(2023, 11, 20), done=True, spawn_on=D(2023, 11, 20)).spawn


def test_first_check_from_today_drops_stages_already_past():
    kwargs = {"due_on": D(2023, 11, 15), "is_done": False, "spawn_on": None, "policy": POLICY, "calendar": CAL}
    assert rules.first_check(**kwargs) == D(2023, 11, 6)
    assert rules.first_check(**kwargs, since=D(2023, 11, 11)) == D(2023, 11, 14)


def test_configured_offsets_name_their_own_reminders():
    policy = rules.DeadlinePolicy(reminder_days=(5, 2))
    kinds = [kind for kind, _ in rules.stage_schedule(due_on=D(2023, 11, 15), policy=policy, calendar=CAL)]
    assert kinds[:2] == ["reminder_5", "reminder_2"]
    assert rules.kind_label("reminder_5") == "Nhắc hạn trước 5 ngày làm việc"


def test_a_policy_with_escalations_out_of_order_is_refused():
    with pytest.raises(ValueError, match="second escalation"):
        rules.DeadlinePolicy(escalation_days=10, escalation_2_days=3)


@pytest.mark.parametrize(
    ("rule", "after", "expected"),
    [
        pytest.param("FREQ=MONTHLY;BYMONTHDAY=24", D(2023, 11, 24), D(2023, 12, 24), id="before_the_25th_monthly"),
        pytest.param("FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=14", D(2023, 12, 14), D(2024, 6, 14), id="half_yearly"),
        pytest.param(
            "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=14\nFREQ=YEARLY;BYMONTH=12;BYMONTHDAY=14",
            D(2024, 6, 14),
            D(2024, 12, 14),
            id="compound_rules",
        ),
        pytest.param("FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1", D(2023, 12, 31), D(2024, 3, 31), id="quarterly"),
        pytest.param("nonsense", D(2023, 1, 1), None, id="unreadable"),
    ],
)
def test_next_occurrence(rule, after, expected):
    assert rules.next_occurrence(rule, after=after) == expected


def down(ordinal, due):
    return rules.DownwardDeadline(task_ordinal=ordinal, task_text="", due_on=due, requires_report=True)


def test_a_unit_deadline_after_the_issuers_own_report_date_is_a_conflict():
    upward = [rules.UpwardDeadline(due_on=D(2023, 11, 9), report_to="Ban Tuyên giáo Trung ương", source="111-HD")]
    conflicts = rules.find_deadline_conflicts([down(1, D(2023, 10, 31)), down(2, D(2023, 11, 14))], upward)
    assert [c.downward.task_ordinal for c in conflicts] == [2]
    assert conflicts[0].message == (
        "Đơn vị cấp dưới có hạn đến 14/11/2023 (nhiệm vụ 2), nhưng đơn vị ban hành phải báo cáo về "
        "Ban Tuyên giáo Trung ương chậm nhất ngày 09/11/2023 (theo 111-HD)."
    )


def test_the_same_day_is_not_a_conflict_and_no_upward_deadline_means_none():
    upward = [rules.UpwardDeadline(due_on=D(2023, 11, 9), report_to="", source="")]
    assert rules.find_deadline_conflicts([down(1, D(2023, 11, 9))], upward) == []
    assert rules.find_deadline_conflicts([down(1, D(2023, 12, 9))], []) == []
