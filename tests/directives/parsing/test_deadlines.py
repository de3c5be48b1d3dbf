"""Deadline phrases -> last day still on time, and RRULE arithmetic."""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta

import pytest
from dateutil.rrule import rrulestr  # type: ignore[import-untyped,unused-ignore]
from hypothesis import given, settings
from hypothesis import strategies as st

from directives.deadlines.workcal import WorkCalendar
from directives.parsing.dates import half_year_end, month_end, quarter_end, year_end
from directives.parsing.deadlines import DeadlineKind, next_occurrence, parse_deadline

CAL = WorkCalendar()
ISSUED = date(2023, 11, 3)  # a Friday


@pytest.mark.parametrize(
    ("phrase", "kind", "due"),
    [
        ("Thời gian hoàn thành: Trong tháng 10/2023", "within_month", date(2023, 10, 31)),
        ("trong tháng 10 năm 2023", "within_month", date(2023, 10, 31)),
        ("trong tháng 2/2024", "within_month", date(2024, 2, 29)),
        ("trước ngày 10/11/2023", "before_date", date(2023, 11, 9)),
        ("trước 10/11/2023", "before_date", date(2023, 11, 9)),
        ("trước ngày 01/3/2024", "before_date", date(2024, 2, 29)),
        ("chậm nhất ngày 15/12/2023", "by_date", date(2023, 12, 15)),
        ("chậm nhất là ngày 15 tháng 12 năm 2023", "by_date", date(2023, 12, 15)),
        ("hạn chót 15/12/2023", "by_date", date(2023, 12, 15)),
        ("trong ngày 15/12/2023", "by_date", date(2023, 12, 15)),
        ("xong trước hoặc trong ngày 15/12/2023", "by_date", date(2023, 12, 15)),
        ("đến hết ngày 15/12/2023", "by_date", date(2023, 12, 15)),
        ("hoàn thành ngày 15/12/2023", "by_date", date(2023, 12, 15)),
        ("trong quý IV/2023", "within_quarter", date(2023, 12, 31)),
        ("quý IV năm 2023", "within_quarter", date(2023, 12, 31)),
        ("quý 4/2023", "within_quarter", date(2023, 12, 31)),
        ("trong quý I/2024", "within_quarter", date(2024, 3, 31)),
        ("6 tháng đầu năm 2024", "within_half_year", date(2024, 6, 30)),
        ("6 tháng cuối năm 2024", "within_half_year", date(2024, 12, 31)),
        ("trong năm 2024", "within_year", date(2024, 12, 31)),
        ("trong 15 ngày kể từ ngày ban hành", "relative", date(2023, 11, 18)),
        ("trong vòng 10 ngày kể từ ngày ký", "relative", date(2023, 11, 13)),
        ("5 ngày làm việc", "relative", date(2023, 11, 10)),
        ("trước ngày 25 hằng tháng", "recurring", date(2023, 11, 24)),
        ("hằng quý, trước ngày 20 của tháng cuối quý", "recurring", date(2023, 12, 19)),
        ("thường xuyên", "ongoing", None),
        ("định kỳ", "ongoing", None),
        ("trước ngày 10/11", "before_date", date(2023, 11, 9)),
        ("trước 17h00 ngày 10/11/2023", "by_date", date(2023, 11, 10)),
        ("chậm nhất 16 giờ 30 ngày 15/12/2023", "by_date", date(2023, 12, 15)),
        ("Hạn nộp: 20/12/2023", "by_date", date(2023, 12, 20)),
        ("hằng tháng (trước ngày 25)", "recurring", date(2023, 11, 24)),
        ("trước ngày 15 tháng 12 năm 2023", "before_date", date(2023, 12, 14)),
        ("trước thứ Sáu hằng tuần", "recurring", date(2023, 11, 9)),
        ("chậm nhất đến ngày 30/11/2023", "by_date", date(2023, 11, 30)),
        ("đến hết tháng 12/2023", "within_month", date(2023, 12, 31)),
        ("đến hết quý I/2024", "within_quarter", date(2024, 3, 31)),
        ("đến hết năm 2024", "within_year", date(2024, 12, 31)),
    ],
)
def test_phrases(phrase: str, kind: str, due: date | None) -> None:
    found = parse_deadline(phrase, issued_on=ISSUED, calendar=CAL)
    assert found is not None
    assert (str(found.kind), found.due) == (kind, due)


def test_compound_periodic_rule_keeps_both_rrules() -> None:
    phrase = "định kỳ 6 tháng (trước ngày 15/6) và hằng năm (trước ngày 15/12)"
    found = parse_deadline(phrase, issued_on=ISSUED, calendar=CAL)
    assert found is not None
    assert found.kind is DeadlineKind.RECURRING
    assert found.recurrence == "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=14\nFREQ=YEARLY;BYMONTH=12;BYMONTHDAY=14"
    assert found.due == date(2023, 12, 14)


def test_monthly_rule_is_rfc5545() -> None:
    found = parse_deadline("trước ngày 25 hằng tháng", issued_on=ISSUED, calendar=CAL)
    assert found is not None
    assert found.recurrence == "FREQ=MONTHLY;BYMONTHDAY=24"


def test_relative_working_days_across_tet() -> None:
    found = parse_deadline("trong 5 ngày làm việc", issued_on=date(2024, 2, 6), calendar=CAL)
    # 7/2 is day 1, Tết closes 8-14/2, then 15, 16, 19 and 20/2.
    assert found is not None
    assert found.due == date(2024, 2, 20)


def test_relative_without_issue_date_warns() -> None:
    found = parse_deadline("trong 15 ngày kể từ ngày ký", issued_on=None, calendar=CAL)
    assert found is not None
    assert found.due is None
    assert found.warning


def test_year_falls_back_to_default_year() -> None:
    found = parse_deadline("trước ngày 10/11", issued_on=None, calendar=CAL, default_year=2025)
    assert found is not None
    assert found.due == date(2025, 11, 9)


def test_invalid_date_gives_no_due() -> None:
    found = parse_deadline("trước ngày 31/02/2024", issued_on=ISSUED, calendar=CAL)
    assert found is None or found.due is None


def test_not_a_deadline() -> None:
    assert parse_deadline("Tổ chức hội nghị quán triệt", issued_on=ISSUED, calendar=CAL) is None


YEARS = st.integers(min_value=1950, max_value=2150)


@given(YEARS, st.integers(min_value=1, max_value=12))
def test_within_month_is_last_day(year: int, month: int) -> None:
    phrase = f"trong tháng {month}/{year}"
    found = parse_deadline(phrase, issued_on=None, calendar=CAL)
    assert found is not None
    assert found.due == month_end(year, month)
    assert found.due.day == calendar.monthrange(year, month)[1]
    assert (found.due + timedelta(days=1)).day == 1


@given(st.dates(min_value=date(1950, 1, 2), max_value=date(2150, 12, 31)))
def test_before_date_is_day_before(day: date) -> None:
    phrase = f"trước ngày {day.day}/{day.month}/{day.year}"
    found = parse_deadline(phrase, issued_on=None, calendar=CAL)
    assert found is not None
    assert found.due == day - timedelta(days=1)


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2150, 12, 31)))
def test_by_date_is_the_day(day: date) -> None:
    found = parse_deadline(f"chậm nhất ngày {day:%d/%m/%Y}", issued_on=None, calendar=CAL)
    assert found is not None
    assert found.due == day


@given(YEARS, st.integers(min_value=1, max_value=4))
def test_quarter_ends(year: int, quarter: int) -> None:
    roman = ["I", "II", "III", "IV"][quarter - 1]
    found = parse_deadline(f"trong quý {roman}/{year}", issued_on=None, calendar=CAL)
    assert found is not None
    assert found.due == quarter_end(year, quarter)
    assert found.due.month == quarter * 3
    assert (found.due + timedelta(days=1)).day == 1


@given(YEARS)
def test_half_and_year_ends(year: int) -> None:
    assert half_year_end(year, 1) == date(year, 6, 30)
    assert half_year_end(year, 2) == year_end(year) == date(year, 12, 31)


RULES = st.sampled_from(
    [
        "FREQ=MONTHLY;BYMONTHDAY=24",
        "FREQ=MONTHLY;BYMONTHDAY=-1",
        "FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=19",
        "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=14",
        "FREQ=WEEKLY;BYDAY=TH",
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1",
    ]
)


@settings(max_examples=150)
@given(RULES, st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
def test_next_occurrence_strictly_after_and_satisfies_rule(rule: str, after: date) -> None:
    found = next_occurrence(rule, after=after)
    assert found is not None
    assert found > after
    start = datetime.combine(after, time())
    end = datetime.combine(found, time())
    occurrences = rrulestr(rule, dtstart=start).between(start, end, inc=True)
    dates = [o.date() for o in occurrences]
    assert found in dates
    assert all(d <= after or d >= found for d in dates)


def test_next_occurrence_joined_rules_takes_earliest() -> None:
    rules = "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=14\nFREQ=YEARLY;BYMONTH=6;BYMONTHDAY=14"
    assert next_occurrence(rules, after=date(2024, 1, 10)) == date(2024, 6, 14)


def test_next_occurrence_bad_rule() -> None:
    assert next_occurrence("FREQ=NEVER", after=date(2024, 1, 1)) is None
