"""Deadline grammar: Vietnamese deadline phrases -> the last day still on time.

Every pattern runs on folded text (lowercase, no diacritics, same offsets). A phrase is
normalised to ``due`` = the LAST DAY THAT IS STILL ON TIME:

* "trước ngày 10/11/2023" -> 2023-11-09 (strictly before), "chậm nhất / hạn chót /
  trong ngày / đến hết ngày / hoàn thành ngày 15/12/2023" -> 2023-12-15;
* "trong tháng 10/2023" -> 2023-10-31, "quý IV/2023" -> 2023-12-31, "6 tháng đầu năm
  2024" -> 2024-06-30, "trong năm 2024" -> 2024-12-31;
* "trong 15 ngày kể từ ngày ban hành" -> issue date + 15 (the Civil Code counts from the
  next day), "5 ngày làm việc" -> the 5th working day after the issue date;
* recurring rules become RFC 5545 RRULEs; compound rules ("định kỳ 6 tháng (trước ngày
  15/6) và hằng năm (trước ngày 15/12)") keep one RRULE per period joined with "\\n", and
  ``due`` is the earliest next occurrence after the issue date;
* "thường xuyên", "định kỳ" without a period -> ongoing, no due date.

Matches flagged ``weak`` (ongoing words, bare period words, bare quarter/year) are only
deadlines in a reporting clause or after a "Thời gian/Thời hạn:" label; the caller decides.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum

from dateutil.rrule import rrulestr

from directives.deadlines.workcal import WorkCalendar
from directives.parsing.dates import (
    DATE_RE,
    date_from_match,
    half_year_end,
    month_end,
    quarter_end,
    quarter_number,
    safe_date,
    year_end,
)
from directives.parsing.vntext import fold_chars


class DeadlineKind(StrEnum):
    WITHIN_MONTH = "within_month"
    BEFORE_DATE = "before_date"
    BY_DATE = "by_date"
    WITHIN_QUARTER = "within_quarter"
    WITHIN_HALF_YEAR = "within_half_year"
    WITHIN_YEAR = "within_year"
    RELATIVE = "relative"
    RECURRING = "recurring"
    ONGOING = "ongoing"


@dataclass(frozen=True, slots=True)
class Deadline:
    kind: DeadlineKind
    due: date | None
    recurrence: str | None
    start: int
    end: int
    weak: bool = False
    warning: str | None = None


@dataclass(frozen=True, slots=True)
class _Ctx:
    issued_on: date | None
    default_year: int | None
    calendar: WorkCalendar
    folded: str


_D = DATE_RE
_LABEL = re.compile(
    r"(?:thoi (?:gian|han)(?: (?:hoan thanh|thuc hien|nop|gui|bao cao|trien khai))?"
    r"|han (?:nop|gui|hoan thanh|bao cao))\s*:\s*"
)
_WEEKDAYS = {"hai": "MO", "ba": "TU", "tu": "WE", "nam": "TH", "sau": "FR", "bay": "SA"}
_WEEK_ORDER = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _rx(first: str, pattern: str) -> re.Pattern[str]:
    """Compile a grammar rule that may only start at a word start with one of ``first``.

    Most rules open with optional words; without this guard the engine would try every
    alternative at every character, which costs ~10x on long documents.
    """
    return re.compile(rf"\b(?=[{first}])(?:{pattern})")


# --- patterns, in priority order (an earlier kind wins an overlap) ---------------------------
_MONTHLY_DAY = _rx(
    "tcmvn0-9",
    r"(?:(?P<mod>truoc|cham nhat|muon nhat|vao)\s+)?(?:ngay\s+)?(?P<day>\d{1,2})\s+"
    r"(?:hang|moi|cua moi|cua hang)\s+thang",
)
_QUARTERLY_DAY = _rx(
    "htcmvn",
    r"(?:hang quy\W{0,3})?(?:(?P<mod>truoc|cham nhat|muon nhat|vao)\s+)?ngay\s+(?P<day>\d{1,2})"
    r"\s+(?:cua\s+)?thang\s+cuoi\s+(?:cua\s+)?(?:moi\s+|hang\s+)?quy",
)
_WEEKLY_DAY = _rx(
    "tcmvn",
    r"(?:(?P<mod>truoc|cham nhat|vao)\s+)?(?:ngay\s+)?(?:thu\s+(?P<wd>hai|ba|tu|nam|sau|bay)"
    r"|(?P<sun>chu nhat))\s+(?:hang|moi)\s+tuan",
)
_PERIOD_DATE = _rx(
    "ds6h",
    r"(?P<period>(?:dinh ky\s+)?(?:6|sau) thang(?: mot lan)?|(?:dinh ky\s+)?hang nam|"
    r"(?:dinh ky\s+)?hang quy|(?:dinh ky\s+)?hang thang)\s*[(,:]?\s*(?:\(\s*)?"
    r"(?P<mod>truoc|cham nhat|muon nhat|vao)?\s*(?:ngay\s+)?"
    r"(?P<pd>\d{1,2})\s?[/.\-]\s?(?P<pm>\d{1,2})(?![\d/])\s*\)?",
)
_PERIOD_WORD = _rx(
    "dhs6",
    r"(?:dinh ky\s+)?(?:(?P<m>hang thang)|(?P<q>hang quy)|(?P<h>(?:6|sau) thang(?: mot lan)?)"
    r"|(?P<y>hang nam)|(?P<w>hang tuan))(?!\s*(?:dau|cuoi|truoc|qua|\d))",
)
_BY_DATE = _rx(
    "tcmhkdxng",
    r"(?:truoc hoac trong ngay|(?:cham|muon) nhat(?: la)?(?: vao| den)?(?: het)?(?: ngay)?"
    r"|han (?:chot|cuoi)(?: la)?\s*:?(?: ngay)?|khong (?:muon|qua|cham) hon(?: ngay)?"
    r"|den het(?: ngay)?|trong ngay|(?:hoan thanh|xong|ket thuc|nop|gui)(?: vao| trong)? ngay)"
    rf"\s*{_D}(?![\d/])",
)
# "trước 17h00 ngày 10/11/2023": a clock time makes that day itself still on time.
_BEFORE_TIME = _rx(
    "tcm",
    r"(?:truoc|cham nhat|muon nhat)(?: la)?(?: vao)?\s+(?:luc\s+)?\d{1,2}\s*(?:h|gio)"
    rf"\s*(?:\d{{1,2}}\s*(?:phut|p)?)?(?:\s*(?:,|cua))?\s*(?:ngay\s+)?{_D}(?![\d/])",
)
_BEFORE = _rx("t", rf"truoc\s+(?:ngay\s+)?{_D}(?![\d/])")
# A scheduled hour: "chiều 11/3 vào lúc 13giờ", "sáng ngày 15/3/2024 lúc 8 giờ", "14 giờ 00
# ngày 5/4", "7giờ sáng 12/3". The day itself is the time limit of the action it schedules.
_HOUR = r"(?:luc\s+)?\d{1,2}\s*(?:h|gio)(?:\s*\d{1,2}(?:\s*phut)?)?"
_DAYPART = r"(?:sang|chieu|toi|trua)"
_AT_DAYPART = _rx("sct", rf"{_DAYPART}\s+(?:ngay\s+)?{_D}(?![\d/])(?:\s*,?\s*(?:vao\s+)?{_HOUR})?")
_AT_HOUR = _rx("l0-9", rf"{_HOUR}\s*,?\s*(?:{_DAYPART}\s+(?:ngay\s+)?|(?:{_DAYPART}\s*,?\s*)?ngay\s+){_D}(?![\d/])")
# "trong ngày Lễ giỗ Tổ Hùng Vương (10 tháng 3 âm lịch, tức ngày 31/3/2012)": the day of a
# named occasion, glossed in brackets with its solar date. The lunar part is not a date.
_OCCASION_GLOSS = re.compile(rf"\((?:[^()\n]{{0,40}}?,\s*)?tuc(?: la)?\s+(?:ngay\s+)?{_D}(?![\d/])\s*\)")
_OCCASION_BEFORE = re.compile(r"(?:trong|vao)\s+(?:dung\s+)?ngay\s+[^()\n;.:]{2,60}$")
# "hằng tháng (trước ngày 25)", "định kỳ hằng tháng, chậm nhất ngày 5"
_MONTHLY_AFTER = _rx(
    "dh",
    r"(?:dinh ky\s+)?hang thang\s*[(,:]?\s*\(?\s*(?P<mod>truoc|cham nhat|muon nhat|vao)?\s*"
    r"(?:ngay\s+)?(?P<day>\d{1,2})(?![\d/])\s*\)?",
)
_RELATIVE = _rx(
    "tsc0-9",
    r"(?:(?P<pre>trong(?: vong| thoi han| thoi gian)?|sau|cham nhat(?: la)?(?: sau)?)\s+)?"
    r"(?P<n>\d{1,3})\s+ngay(?P<work>\s+lam viec)?"
    r"(?P<anchor>\s*,?\s*(?:ke tu|tinh tu|sau khi|sau)\s+(?:ngay\s+)?"
    r"(?:ky|ban hanh|nhan|co|van ban|huong dan|ke hoach)[^,.;\n]{0,40})?",
)
_WITHIN_MONTH = _rx(
    "thxdv",
    r"(?P<pre>trong(?: thoi gian)?\s+|(?:hoan thanh|xong)\s+(?:trong\s+)?|den het\s+|vao\s+)?thang\s+"
    r"(?P<m>\d{1,2})(?:\s*(?:/|-|nam)\s*(?P<y>\d{4}))?(?![\d/])",
)
_QUARTER = _rx(
    "tvhxqd",
    r"(?P<pre>(?:trong|vao|hoan thanh|xong|den het)(?: trong)?\s+)?quy\s+(?P<q>iv|i{1,3}|[1-4])"
    r"(?:\s*(?:/|-|nam)\s*(?P<y>\d{4}))?(?![\w/])",
)
_HALF = _rx(
    "thxs6d",
    r"(?P<pre>(?:trong|hoan thanh|xong|den het)(?: trong)?\s+)?(?:6|sau) thang (?P<h>dau|cuoi) nam"
    r"(?:\s+(?P<y>\d{4}))?",
)
_YEAR = _rx(
    "thxnd",
    r"(?P<pre>(?:trong|hoan thanh(?: trong)?|xong(?: trong)?|den het)\s+)?nam\s+(?P<y>\d{4})",
)
_BARE_DATE = _rx("nt0-9", rf"(?:ngay\s+)?{_D}(?![\d/])")
_ONGOING = _rx("tlhd", r"thuong xuyen|lien tuc|hang ngay|dinh ky(?!\s+(?:6|sau|hang|\d))")
_COMPLETION = re.compile(r"hoan thanh|xong|ket thuc|phan dau|den het")


def _before(day: date) -> date:
    return day - timedelta(days=1)


def _resolve(match: re.Match[str], ctx: _Ctx, *, inclusive: bool = False) -> tuple[date | None, str | None]:
    """The date in the match; with ``inclusive`` a bare month means its last day."""
    found = date_from_match(match)
    if found is None:
        return None, "Ngày trong thời hạn không hợp lệ"
    year = found.year if found.year is not None else ctx.default_year
    if year is None:
        return None, "Không xác định được năm của thời hạn (văn bản không có ngày)"
    if inclusive and found.day is None and found.month is not None:
        return month_end(year, found.month), None  # "chậm nhất / đến hết tháng 12/2023"
    resolved = found.resolve(year)
    return resolved, None if resolved else "Ngày trong thời hạn không hợp lệ"


def _by_date(match: re.Match[str], ctx: _Ctx) -> Deadline:
    due, warning = _resolve(match, ctx, inclusive=True)
    found = date_from_match(match)
    # "chậm nhất / đến hết tháng 12/2023" names a whole month.
    kind = DeadlineKind.WITHIN_MONTH if found and found.day is None else DeadlineKind.BY_DATE
    return Deadline(kind, due, None, match.start(), match.end(), warning=warning)


def _occasion(match: re.Match[str], ctx: _Ctx) -> Deadline | None:
    if not _OCCASION_BEFORE.search(ctx.folded, max(0, match.start() - 70), match.start()):
        return None
    return _by_date(match, ctx)


def _before_date(match: re.Match[str], ctx: _Ctx) -> Deadline:
    due, warning = _resolve(match, ctx)
    due = _before(due) if due else None
    return Deadline(DeadlineKind.BEFORE_DATE, due, None, match.start(), match.end(), warning=warning)


def _rule_day(mod: str | None, day: int) -> str:
    """BYMONTHDAY for "<mod> ngày <day>": strictly before moves one day back."""
    if mod == "truoc":
        return str(day - 1) if day > 1 else "-1"
    return str(day)


def _monthly(match: re.Match[str], ctx: _Ctx) -> Deadline | None:
    day = int(match.group("day"))
    if not 1 <= day <= 31:
        return None
    rule = f"FREQ=MONTHLY;BYMONTHDAY={_rule_day(match.group('mod'), day)}"
    return _recurring([rule], match.start(), match.end(), ctx)


def _quarterly(match: re.Match[str], ctx: _Ctx) -> Deadline | None:
    day = int(match.group("day"))
    if not 1 <= day <= 31:
        return None
    mod = match.group("mod")
    if mod == "truoc" and day == 1:
        rule = "FREQ=YEARLY;BYMONTH=2,5,8,11;BYMONTHDAY=-1"
    else:
        rule = f"FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY={_rule_day(mod, day)}"
    return _recurring([rule], match.start(), match.end(), ctx)


def _weekly(match: re.Match[str], ctx: _Ctx) -> Deadline | None:
    code = "SU" if match.group("sun") else _WEEKDAYS[match.group("wd")]
    if match.group("mod") == "truoc":
        code = _WEEK_ORDER[_WEEK_ORDER.index(code) - 1]
    return _recurring([f"FREQ=WEEKLY;BYDAY={code}"], match.start(), match.end(), ctx)


def _period_date_rule(match: re.Match[str]) -> str | None:
    day, month = int(match.group("pd")), int(match.group("pm"))
    if safe_date(2024, month, day) is None:
        return None
    if match.group("mod") == "truoc":
        prev = _before(date(2024 if month > 2 else 2023, month, day))
        by_day = "-1" if prev.month != month else str(prev.day)
        month = prev.month
    else:
        by_day = str(day)
    return f"FREQ=YEARLY;BYMONTH={month};BYMONTHDAY={by_day}"


def _period_word(match: re.Match[str], ctx: _Ctx) -> Deadline:
    if match.group("m"):
        rule = "FREQ=MONTHLY;BYMONTHDAY=-1"
    elif match.group("q"):
        rule = "FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1"
    elif match.group("h"):
        rule = "FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=-1"
    elif match.group("y"):
        rule = "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31"
    else:
        rule = "FREQ=WEEKLY;BYDAY=FR"
    found = _recurring([rule], match.start(), match.end(), ctx)
    return replace(found, weak=True)


def _recurring(rules: list[str], start: int, end: int, ctx: _Ctx) -> Deadline:
    recurrence = "\n".join(rules)
    if ctx.issued_on is None:
        warning = "Thời hạn định kỳ nhưng văn bản không có ngày ban hành"
        return Deadline(DeadlineKind.RECURRING, None, recurrence, start, end, warning=warning)
    due = next_occurrence(recurrence, after=ctx.issued_on)
    return Deadline(DeadlineKind.RECURRING, due, recurrence, start, end)


def _relative(match: re.Match[str], ctx: _Ctx) -> Deadline | None:
    work, anchor, pre = match.group("work"), match.group("anchor"), match.group("pre")
    if not (work or anchor or (pre and pre != "sau")):
        return None
    n = int(match.group("n"))
    if ctx.issued_on is None:
        warning = "Thời hạn tương đối nhưng văn bản không có ngày ban hành"
        return Deadline(DeadlineKind.RELATIVE, None, None, match.start(), match.end(), warning=warning)
    try:
        if work:
            due = ctx.calendar.add_working_days(ctx.issued_on, n)
        else:
            due = ctx.calendar.add_calendar_days(ctx.issued_on, n)
    except (OverflowError, ValueError):
        due = None
    return Deadline(DeadlineKind.RELATIVE, due, None, match.start(), match.end())


def _year_of(raw: str | None, ctx: _Ctx) -> int | None:
    if raw:
        value = int(raw)
        return value if 1900 <= value <= 2200 else None
    return ctx.default_year


def _period_end(
    kind: DeadlineKind, match: re.Match[str], ctx: _Ctx, end_of: Callable[[int], date | None]
) -> Deadline | None:
    year = _year_of(match.group("y"), ctx)
    weak = not match.group("pre") or (
        kind is DeadlineKind.WITHIN_YEAR and not _COMPLETION.search(match.group("pre") or "")
    )
    if year is None:
        warning = "Không xác định được năm của thời hạn (văn bản không có ngày)"
        return Deadline(kind, None, None, match.start(), match.end(), weak, warning)
    return Deadline(kind, end_of(year), None, match.start(), match.end(), weak)


def _within_month(match: re.Match[str], ctx: _Ctx) -> Deadline | None:
    month = int(match.group("m"))
    if not 1 <= month <= 12:
        return None
    # "ngày 15 tháng 6 năm 2023" is a full date, not "within the month".
    if _DAY_BEFORE.search(ctx.folded, max(0, match.start() - 12), match.start()):
        return None
    if not match.group("y") and not match.group("pre"):
        return None
    return _period_end(DeadlineKind.WITHIN_MONTH, match, ctx, lambda y: month_end(y, month))


_DAY_BEFORE = re.compile(r"(?:ngay|\d)[\s.…_]*$")


def _quarter(match: re.Match[str], ctx: _Ctx) -> Deadline | None:
    quarter = quarter_number(match.group("q"))
    if quarter is None:
        return None
    return _period_end(DeadlineKind.WITHIN_QUARTER, match, ctx, lambda y: quarter_end(y, quarter))


def _half(match: re.Match[str], ctx: _Ctx) -> Deadline | None:
    half = 1 if match.group("h") == "dau" else 2
    return _period_end(DeadlineKind.WITHIN_HALF_YEAR, match, ctx, lambda y: half_year_end(y, half))


def _year(match: re.Match[str], ctx: _Ctx) -> Deadline | None:
    if not match.group("pre") and _MONTH_BEFORE.search(ctx.folded, max(0, match.start() - 14), match.start()):
        return None
    return _period_end(DeadlineKind.WITHIN_YEAR, match, ctx, year_end)


_MONTH_BEFORE = re.compile(r"(?:thang|ngay|\d)[\s.…_/]*$")


def _bare_date(match: re.Match[str], ctx: _Ctx) -> Deadline:
    due, warning = _resolve(match, ctx)
    return Deadline(DeadlineKind.BY_DATE, due, None, match.start(), match.end(), weak=True, warning=warning)


def _ongoing(match: re.Match[str], ctx: _Ctx) -> Deadline:
    return Deadline(DeadlineKind.ONGOING, None, None, match.start(), match.end(), weak=True)


_Handler = Callable[[re.Match[str], _Ctx], Deadline | None]
_GRAMMAR: tuple[tuple[re.Pattern[str], _Handler], ...] = (
    (_QUARTERLY_DAY, _quarterly),
    (_MONTHLY_DAY, _monthly),
    (_WEEKLY_DAY, _weekly),
    (_MONTHLY_AFTER, _monthly),
    (_BEFORE_TIME, _by_date),
    (_BY_DATE, _by_date),
    (_BEFORE, _before_date),
    (_OCCASION_GLOSS, _occasion),
    (_AT_HOUR, _by_date),
    (_AT_DAYPART, _by_date),
    (_RELATIVE, _relative),
    (_HALF, _half),
    (_QUARTER, _quarter),
    (_WITHIN_MONTH, _within_month),
    (_YEAR, _year),
    (_PERIOD_WORD, _period_word),
    (_ONGOING, _ongoing),
)
# After a "Thời gian hoàn thành:" label a bare date is a deadline too.
_LABEL_GRAMMAR = (*_GRAMMAR, (_BARE_DATE, _bare_date))


def _period_dates(folded: str, start: int, end: int, ctx: _Ctx) -> list[Deadline]:
    """Compound periodic rules with dates, merged when joined by "và" / "," / ";"."""
    groups: list[tuple[int, int, list[str]]] = []
    for match in _PERIOD_DATE.finditer(folded, start, end):
        rule = _period_date_rule(match)
        if rule is None:
            continue
        gap = folded[groups[-1][1] : match.start()] if groups else ""
        if groups and len(gap) <= 12 and _JOINER.fullmatch(gap):
            groups[-1] = (groups[-1][0], match.end(), [*groups[-1][2], rule])
        else:
            groups.append((match.start(), match.end(), [rule]))
    return [_recurring(rules, s, e, ctx) for s, e, rules in groups]


_JOINER = re.compile(r"[\s,;]*(?:va)?[\s,;]*")


def find_deadlines(
    folded: str,
    *,
    issued_on: date | None,
    calendar: WorkCalendar,
    default_year: int | None = None,
    start: int = 0,
    end: int | None = None,
    bare_dates: bool = False,
) -> list[Deadline]:
    """All deadline phrases in ``folded[start:end]``, non-overlapping, in text order.

    ``bare_dates`` also accepts a plain date as a (weak) by-date deadline: for the text
    after a deadline label, or a phrase given explicitly to :func:`parse_deadline`.
    """
    stop = len(folded) if end is None else end
    year = default_year if default_year is not None else (issued_on.year if issued_on else None)
    ctx = _Ctx(issued_on, year, calendar, folded)
    taken = _Intervals()
    accepted: list[Deadline] = []
    windows = _windows(folded, start, stop)
    for w_start, w_end in windows:
        for periodic in _period_dates(folded, w_start, w_end, ctx):
            taken.add(periodic.start, periodic.end)
            accepted.append(periodic)
    for pattern, handler in _LABEL_GRAMMAR if bare_dates else _GRAMMAR:
        for w_start, w_end in windows:
            for match in pattern.finditer(folded, w_start, w_end):
                if taken.overlaps(match.start(), match.end()):
                    continue
                found = handler(match, ctx)
                if found is None or taken.overlaps(found.start, found.end):
                    continue
                taken.add(found.start, found.end)
                accepted.append(found)
    return sorted(accepted, key=lambda d: d.start)


# Every deadline phrase contains one of these; the grammar only runs in windows around them.
# Every deadline phrase holds a day/month, "ngày N", "tháng N", "N ngày", "năm YYYY", a
# quarter, a half year, a week day or a periodic word; document numbers ("57-KL/TW") do not.
_TRIGGER = re.compile(
    r"\b(?=[\dtlhdqsnc])(?:\d{1,2}\s?[/.\-]\s?\d{1,2}(?![\d\-])|(?:ngay|thang|quy|nam)\s+\d"
    r"|\d{1,3}\s+(?:ngay|thang)|\d{1,2}\s*(?:h|gio)\b|thuong xuyen|lien tuc|dinh ky"
    r"|quy [iv]|sau thang|hang (?:ngay|tuan|thang|quy|nam)|thu (?:hai|ba|tu|nam|sau|bay)"
    r"|chu nhat)"
)
_BEFORE_TRIGGER = 40
_AFTER_TRIGGER = 70


def _windows(folded: str, start: int, stop: int) -> list[tuple[int, int]]:
    """Merged ranges around trigger words; a phrase never reaches further from its trigger."""
    windows: list[tuple[int, int]] = []
    for match in _TRIGGER.finditer(folded, start, stop):
        w_start = max(start, match.start() - _BEFORE_TRIGGER)
        w_end = min(stop, match.end() + _AFTER_TRIGGER)
        if windows and w_start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], w_end))
        else:
            windows.append((w_start, w_end))
    return windows


class _Intervals:
    """Disjoint half-open intervals with O(log n) overlap tests (keeps big inputs linear)."""

    __slots__ = ("_ends", "_starts")

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        index = bisect.bisect_right(self._starts, start)
        if index > 0 and self._ends[index - 1] > start:
            return True
        return index < len(self._starts) and self._starts[index] < end

    def add(self, start: int, end: int) -> None:
        index = bisect.bisect_right(self._starts, start)
        self._starts.insert(index, start)
        self._ends.insert(index, end)


def find_label(folded: str, start: int, end: int) -> re.Match[str] | None:
    """A "Thời gian hoàn thành:" / "Thời hạn:" label at the start of the given range."""
    return _LABEL.match(folded, start, end)


def parse_deadline(
    phrase: str,
    *,
    issued_on: date | None,
    calendar: WorkCalendar,
    default_year: int | None = None,
) -> Deadline | None:
    """Parse the first deadline in a phrase such as "trước ngày 10/11/2023".

    The phrase is treated as an explicit deadline, so bare forms ("tháng 10/2023",
    "quý IV/2023", "thường xuyên") count too. Offsets are relative to ``phrase``.
    """
    folded = fold_chars(phrase)
    found = find_deadlines(folded, issued_on=issued_on, calendar=calendar, default_year=default_year, bare_dates=True)
    return replace(found[0], weak=False) if found else None


def next_occurrence(rrule: str, *, after: date) -> date | None:
    """The first date strictly after ``after`` that satisfies the RRULE(s).

    Several rules may be joined with "\\n"; the earliest next occurrence wins.
    """
    start = datetime(after.year, after.month, after.day)  # noqa: DTZ001 - calendar dates only
    best: date | None = None
    for line in rrule.splitlines():
        line = line.strip().removeprefix("RRULE:")
        if not line:
            continue
        try:
            rule = rrulestr(line, dtstart=start)
            found = rule.after(start, inc=False)
        except (ValueError, TypeError, OverflowError):
            continue
        if isinstance(found, datetime):
            candidate = found.date()
            best = candidate if best is None or candidate < best else best
    return best
