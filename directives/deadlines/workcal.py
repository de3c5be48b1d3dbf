"""Vietnamese working-day calendar (pure, no Django).

Non-working days are Saturdays, Sundays and the public holidays that ``holidays`` knows for
Vietnam (Tết, Giỗ Tổ Hùng Vương, 30/4, 1/5, 2/9 and the adjacent day, compensatory days
off). The government also moves days: a Saturday becomes a make-up working day when a
bridge day is given off. ``holidays`` exposes those as ``weekend_workdays``; the
admin-editable ``overrides`` (date -> is_working) win over everything.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from types import MappingProxyType

import holidays

# Arithmetic never walks further than this many calendar days (guards absurd inputs).
_MAX_SPAN_DAYS = 366 * 50


class WorkCalendar:
    """Working-day arithmetic for Vietnam with optional per-date overrides."""

    __slots__ = ("_holiday_years", "_holidays", "_overrides", "_weekend_workdays")

    def __init__(self, overrides: Mapping[date, bool] | None = None) -> None:
        self._overrides: Mapping[date, bool] = MappingProxyType(dict(overrides or {}))
        self._holidays: set[date] = set()
        self._weekend_workdays: set[date] = set()
        self._holiday_years: set[int] = set()

    @property
    def overrides(self) -> Mapping[date, bool]:
        return self._overrides

    def _load_year(self, year: int) -> None:
        # Holidays are computed per year once and cached on the instance.
        if year in self._holiday_years:
            return
        self._holiday_years.add(year)
        if not 1900 <= year <= 2200:
            return
        calendar = holidays.country_holidays("VN", years=year)
        self._holidays.update(day for day in calendar if day.year == year)
        self._weekend_workdays.update(day for day in getattr(calendar, "weekend_workdays", ()) if day.year == year)

    def is_holiday(self, day: date) -> bool:
        self._load_year(day.year)
        return day in self._holidays

    def is_working_day(self, day: date) -> bool:
        override = self._overrides.get(day)
        if override is not None:
            return override
        self._load_year(day.year)
        if day in self._weekend_workdays:
            return True
        return day.weekday() < 5 and day not in self._holidays

    def add_calendar_days(self, day: date, n: int) -> date:
        return day + timedelta(days=n)

    def add_working_days(self, day: date, n: int) -> date:
        """The n-th working day strictly after ``day`` (``day`` itself if n == 0).

        "5 ngày làm việc kể từ ngày ban hành" counts five working days after the issue
        date, as the Civil Code counts periods from the day after the event.
        """
        if n < 0:
            raise ValueError("n must be >= 0")
        current = day
        remaining = n
        steps = 0
        while remaining > 0:
            current += timedelta(days=1)
            steps += 1
            if steps > _MAX_SPAN_DAYS:
                raise OverflowError("working-day span too large")
            if self.is_working_day(current):
                remaining -= 1
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in the half-open interval (start, end]; negative if end < start."""
        if end < start:
            return -self.working_days_between(end, start)
        if (end - start).days > _MAX_SPAN_DAYS:
            raise OverflowError("working-day span too large")
        count = 0
        current = start
        while current < end:
            current += timedelta(days=1)
            if self.is_working_day(current):
                count += 1
        return count

    def next_working_day(self, day: date) -> date:
        """``day`` if it is a working day, else the next one (a deadline on a day off)."""
        current = day
        for _ in range(_MAX_SPAN_DAYS):
            if self.is_working_day(current):
                return current
            current += timedelta(days=1)
        return day
