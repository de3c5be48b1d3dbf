"""The four-way status is a pure function of (due date, done, done on, today, due soon until)."""

from __future__ import annotations

import datetime as dt

import pytest

from directives.timeliness import Timeliness, timeliness_of

D = dt.date
DUE = D(2023, 10, 31)  # a Tuesday


# `soon`: the caller's last "due soon" day, three working days ahead of `today` (weekends skipped).
@pytest.mark.parametrize(
    ("done", "done_on", "today", "soon", "expected"),
    [
        pytest.param(True, DUE, D(2023, 12, 1), D(2023, 12, 6), Timeliness.DONE_ON_TIME, id="done-on-due-day"),
        pytest.param(True, D(2023, 11, 1), D(2023, 12, 1), D(2023, 12, 6), Timeliness.DONE_LATE, id="done-day-after"),
        pytest.param(False, None, D(2023, 10, 2), D(2023, 10, 5), Timeliness.ON_TRACK, id="month-ahead"),
        pytest.param(False, None, D(2023, 10, 25), D(2023, 10, 30), Timeliness.ON_TRACK, id="four-working-days"),
        pytest.param(False, None, D(2023, 10, 26), D(2023, 10, 31), Timeliness.DUE_SOON, id="three-working-days"),
        pytest.param(False, None, D(2023, 10, 31), D(2023, 11, 3), Timeliness.DUE_SOON, id="due-today"),
        pytest.param(False, None, D(2023, 11, 1), D(2023, 11, 6), Timeliness.OVERDUE, id="day-after-due"),
    ],
)
def test_timeliness_truth_table(done, done_on, today, soon, expected):
    assert timeliness_of(due_on=DUE, done=done, done_on=done_on, today=today, due_soon_until=soon) is expected


def test_due_soon_ends_on_the_callers_last_due_soon_day():
    def state(soon: dt.date) -> Timeliness:
        return timeliness_of(due_on=DUE, done=False, done_on=None, today=D(2023, 10, 20), due_soon_until=soon)

    assert state(DUE) is Timeliness.DUE_SOON
    assert state(DUE - dt.timedelta(days=1)) is Timeliness.ON_TRACK


def test_a_task_without_deadline_is_never_overdue():
    state = timeliness_of(due_on=None, done=False, done_on=None, today=D(2030, 1, 1), due_soon_until=D(2030, 1, 4))
    assert state is Timeliness.ON_TRACK


def test_statuses_carry_the_colours_users_know():
    assert [t.colour for t in Timeliness] == ["grey", "grey", "green", "amber", "red"]
    assert Timeliness.OVERDUE.label == "Chưa hoàn thành, quá hạn"
