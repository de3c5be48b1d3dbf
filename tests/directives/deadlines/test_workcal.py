"""Working-day arithmetic for Vietnam."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from directives.deadlines.workcal import WorkCalendar

CAL = WorkCalendar()
DAYS = st.dates(min_value=date(2012, 1, 1), max_value=date(2030, 12, 31))


def test_weekends_are_days_off() -> None:
    assert not CAL.is_working_day(date(2024, 3, 2))  # Saturday
    assert not CAL.is_working_day(date(2024, 3, 3))  # Sunday
    assert CAL.is_working_day(date(2024, 3, 4))


def test_tet_2024_is_skipped() -> None:
    assert not CAL.is_working_day(date(2024, 2, 10))
    # Friday 2/2/2024 + 5 working days: 5, 6, 7 Feb, then Tết 8-14 Feb, then 15, 16 Feb.
    assert CAL.add_working_days(date(2024, 2, 2), 5) == date(2024, 2, 16)


def test_national_day_and_adjacent_day_are_skipped() -> None:
    assert not CAL.is_working_day(date(2024, 9, 2))
    assert not CAL.is_working_day(date(2024, 9, 3))
    assert CAL.add_working_days(date(2024, 8, 30), 1) == date(2024, 9, 4)


def test_make_up_saturday_from_holidays_package() -> None:
    # 29/4/2024 was given off in exchange for working Saturday 4/5/2024.
    assert not CAL.is_working_day(date(2024, 4, 29))
    assert CAL.is_working_day(date(2024, 5, 4))


def test_overrides_win() -> None:
    saturday = date(2023, 9, 9)
    cal = WorkCalendar({saturday: True, date(2023, 9, 11): False})
    assert cal.is_working_day(saturday)
    assert not cal.is_working_day(date(2023, 9, 11))
    # Friday 8/9 + 1 working day is now the make-up Saturday.
    assert cal.add_working_days(date(2023, 9, 8), 1) == saturday
    assert CAL.add_working_days(date(2023, 9, 8), 1) == date(2023, 9, 11)


def test_working_days_between() -> None:
    assert CAL.working_days_between(date(2024, 3, 1), date(2024, 3, 8)) == 5
    assert CAL.working_days_between(date(2024, 3, 8), date(2024, 3, 1)) == -5
    assert CAL.working_days_between(date(2024, 3, 1), date(2024, 3, 1)) == 0


def test_add_calendar_days() -> None:
    assert CAL.add_calendar_days(date(2023, 12, 25), 15) == date(2024, 1, 9)


@settings(max_examples=150, deadline=None)
@given(DAYS, st.integers(min_value=1, max_value=60))
def test_add_working_days_lands_on_working_day(start: date, n: int) -> None:
    result = CAL.add_working_days(start, n)
    assert CAL.is_working_day(result)
    assert (result - start).days >= n
    assert CAL.working_days_between(start, result) == n


@settings(max_examples=100, deadline=None)
@given(DAYS, st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=40))
def test_add_working_days_is_monotonic(start: date, a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert CAL.add_working_days(start, low) <= CAL.add_working_days(start, high)


@settings(max_examples=50, deadline=None)
@given(DAYS)
def test_make_up_saturday_override_is_counted(start: date) -> None:
    saturday = start + timedelta(days=(5 - start.weekday()) % 7 or 7)
    assume(not CAL.is_working_day(saturday))  # some Saturdays are already make-up days
    cal = WorkCalendar({saturday: True})
    assert cal.working_days_between(start, saturday) == CAL.working_days_between(start, saturday) + 1
