"""Vietnamese date grammar and calendar arithmetic (pure).

All patterns run on *folded* text (see ``vntext.fold_chars``): lowercase, no diacritics,
same length as the normalised text, so "ngày 15 tháng 6 năm 2023" is matched as
"ngay 15 thang 6 nam 2023" and the offsets still point at the original.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date found in text; ``year`` may be None when the text omits it ("ngày 10/11")."""

    day: int | None
    month: int | None
    year: int | None
    start: int
    end: int

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        return Precision.MONTH if self.month is not None else Precision.YEAR

    def resolve(self, default_year: int | None) -> date | None:
        """The date (first day of the period for month/year precision), or None if invalid."""
        year = self.year if self.year is not None else default_year
        if year is None:
            return None
        return safe_date(year, self.month or 1, self.day or 1)


# "15/6/2023", "15-06-2023", "15.6.2023", "10/11" (no year), two-digit years "10/11/23".
_NUMERIC = r"(?P<d>\d{1,2})\s?[/.\-]\s?(?P<m>\d{1,2})(?:\s?[/.\-]\s?(?P<y>\d{4}|\d{2})(?!\d))?"
# "15 tháng 6 năm 2023", "tháng 9 năm 2023" (blank day), "15 tháng 6" (no year).
_WORDS = r"(?:(?P<wd>\d{1,2})\s+)?thang\s+(?P<wm>\d{1,2})(?:\s*(?:nam|/)\s*(?P<wy>\d{4}))?"
DATE_RE = rf"(?:{_WORDS}|{_NUMERIC})"
DATE = re.compile(rf"(?<![\d/.\-]){DATE_RE}(?![\d/])")
# "ngày 15/6/2023", "ngày tháng 9 năm 2023", "ngày   tháng   năm 2023" (blank parts).
NGAY_DATE = re.compile(
    r"ngay\s*(?:(?P<bd>\d{1,2})?[\s.…_]{0,20}thang\s*(?P<bm>\d{1,2})?[\s.…_]{0,20}"
    rf"nam\s*(?P<by>\d{{4}})|{_NUMERIC}(?![\d/]))"
)


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year(raw: str | None) -> int | None:
    if not raw:
        return None
    value = int(raw)
    return value + 2000 if value < 100 else value


def _int(raw: str | None) -> int | None:
    return int(raw) if raw else None


def date_from_match(match: re.Match[str], offset: int = 0) -> DateMatch | None:
    """Build a DateMatch from a DATE / NGAY_DATE match; None if day/month are out of range."""
    groups = match.groupdict()
    day = _int(groups.get("d") or groups.get("wd") or groups.get("bd"))
    month = _int(groups.get("m") or groups.get("wm") or groups.get("bm"))
    year = _year(groups.get("y") or groups.get("wy") or groups.get("by"))
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None and (month is None or not 1 <= day <= 31):
        return None
    if year is not None and not 1900 <= year <= 2200:
        return None
    return DateMatch(day, month, year, match.start() + offset, match.end() + offset)


def find_dates(folded: str, start: int = 0, end: int | None = None) -> list[DateMatch]:
    """All day/month(/year) dates in ``folded[start:end]`` with absolute offsets."""
    found: list[DateMatch] = []
    for match in DATE.finditer(folded, start, len(folded) if end is None else end):
        parsed = date_from_match(match)
        if parsed is not None and parsed.month is not None:
            found.append(parsed)
    return found


def parse_date(text: str) -> date | None:
    """Parse the first full date in ``text`` ("ngày 15 tháng 6 năm 2023", "15/6/2023")."""
    from directives.parsing.vntext import fold_chars  # local: keep this module importable alone

    folded = fold_chars(text)
    for found in find_dates(folded):
        if found.year is not None and found.day is not None:
            return found.resolve(None)
    return None


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def quarter_end(year: int, quarter: int) -> date:
    return month_end(year, quarter * 3)


def half_year_end(year: int, half: int) -> date:
    return date(year, 6, 30) if half == 1 else date(year, 12, 31)


def year_end(year: int) -> date:
    return date(year, 12, 31)


_ROMAN_VALUES = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6}


def quarter_number(raw: str) -> int | None:
    """ "IV" / "iv" / "4" -> 4; None outside 1..4."""
    raw = raw.strip().lower()
    value = int(raw) if raw.isdigit() else _ROMAN_VALUES.get(raw)
    return value if value is not None and 1 <= value <= 4 else None
