"""The four-way status is a pure function of (due date, done, done on, today)."""

from __future__ import annotations

import datetime as dt

import pytest

from directives.timeliness import Timeliness, timeliness_of

DUE = dt.date(2023, 10, 31)


@pytest.mark.parametrize(
    ("done", "done_on", "today", "expected"),
    [
        pytest.param(
            True,
            dt.date(2023, 10, 31),
            dt.date(2023, 12, 1),
            Timeliness.DONE_ON_TIME,
            id="done-on-due-day",
        ),
        pytest.param(
            True,
            dt.date(2023, 11, 1),
            dt.date(2023, 12, 1),
            Timeliness.DONE_LATE,
            id="done-day-after",
        ),
        pytest.param(False, None, dt.date(2023, 10, 1), Timeliness.ON_TRACK, id="month-ahead"),
        pytest.param(False, None, dt.date(2023, 10, 27), Timeliness.ON_TRACK, id="four-days-ahead"),
        pytest.param(False, None, dt.date(2023, 10, 28), Timeliness.DUE_SOON, id="three-days-ahead"),
        pytest.param(False, None, dt.date(2023, 10, 31), Timeliness.DUE_SOON, id="due-today"),
        pytest.param(False, None, dt.date(2023, 11, 1), Timeliness.OVERDUE, id="day-after-due"),
    ],
)
def test_timeliness_truth_table(done, done_on, today, expected):
    assert timeliness_of(due_on=DUE, done=done, done_on=done_on, today=today) is expected


def test_a_task_without_deadline_is_never_overdue():
    assert timeliness_of(due_on=None, done=False, done_on=None, today=dt.date(2030, 1, 1)) is Timeliness.ON_TRACK


def test_statuses_carry_the_colours_users_know():
    assert [t.colour for t in Timeliness] == ["grey", "grey", "green", "amber", "red"]
    assert Timeliness.OVERDUE.label == "Chưa hoàn thành, quá hạn"
