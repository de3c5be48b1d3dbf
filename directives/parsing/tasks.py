"""Task extraction: which sentences of the body assign work, with what deadline.

The rule, applied the same way to every document:

1. The body is outlined: section headings ("I. MỤC ĐÍCH, YÊU CẦU", all-caps lines), numbered
   items ("1.", "Điều 2.") and their sub-items and bullets. Sections about purpose,
   requirements, viewpoints, targets, situation or results ("MỤC ĐÍCH", "YÊU CẦU", "QUAN
   ĐIỂM", "MỤC TIÊU", "TÌNH HÌNH", "KẾT QUẢ", "NỘI DUNG TUYÊN TRUYỀN") never yield tasks.
2. A deadline label line ("Thời gian hoàn thành: Trong tháng 10/2023", "Thời hạn: …") makes
   one task whose text is the enclosing numbered item (its heading and content).
3. Any other sentence with a dated/relative/recurring deadline phrase makes one task per
   phrase; with two phrases (completion + report) the sentence is cut between them.
4. "thường xuyên", "định kỳ", "hằng quý"… (no date) count only in a reporting clause
   ("định kỳ báo cáo Bộ Chính trị", "báo cáo … định kỳ") and give a report task.
5. Without any deadline, a sentence counts only inside an assignment section ("TỔ CHỨC THỰC
   HIỆN", "TRÁCH NHIỆM", "PHÂN CÔNG", or anywhere in a document without sections) and only
   when it tells the recipients to issue their own document ("xây dựng (và ban hành)
   chương trình / kế hoạch / văn bản …"): a ``document`` task with no due date.
6. Work the issuer assigns to itself (an item headed by, or a sentence whose subject is,
   the issuer) is not a task for the recipients and is skipped.

``requires`` is ``report`` when the clause of the deadline reports upward ("báo cáo … về
Ban Tuyên giáo Tỉnh ủy"; ``report_to`` is that body), ``document`` when it issues a
document, otherwise ``action``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from directives.deadlines.workcal import WorkCalendar
from directives.parsing.deadlines import Deadline, DeadlineKind, find_deadlines, find_label
from directives.parsing.grammar import read_org
from directives.parsing.layout import Line
from directives.parsing.model import Span, Task

_ROMAN_HEAD = re.compile(r"^(?P<num>[ivx]{1,4})\s*[.\-)/:]\s*(?P<title>\S.*)$")
_ALPHA_HEAD = re.compile(r"^(?:phan|muc|chuong)\s+(?:[ivx]{1,4}|\d{1,2}|thu\s+\w+)\b")
_NUMBERED = re.compile(r"^(?:\d{1,3}[.)]|dieu\s+\d{1,3}\s*[.:]|\d{1,2}\.\d{1,2}\.?)(?=\s|$)")
_MARKER = re.compile(r"(?:\d{1,2}(?:\.\d{1,2}){0,2}[.)]?|[a-zđ][.)]|\(\d{1,2}\)|[-+•*]|[IVX]{1,4}[.\-])\s*")
_EXCLUDED = re.compile(
    r"muc dich|yeu cau|quan diem|muc tieu|tinh hinh|ket qua|danh gia|noi dung tuyen truyen"
    r"|boi canh|su can thiet|dinh huong tuyen truyen"
)
_ASSIGN = re.compile(r"to chuc thuc hien|trach nhiem|phan cong|giao nhiem vu|nhiem vu cu the")
# "báo cáo" the verb, not "Báo cáo số 12-BC/TU" (a document) nor "báo cáo viên" (a role).
_REPORT = re.compile(r"(?:bao cao|gui ket qua|gui bao cao)(?!\s+(?:so\s*:?\s*\d|vien\b))")
_DOCUMENT = re.compile(
    r"(?:xay dung|ban hanh|soan thao|cu the hoa)(?:\s+va\s+ban hanh|\s*,\s*ban hanh)?\s+"
    r"(?:[a-z]+\s+){0,3}?(?:chuong trinh|ke hoach|van ban|huong dan|de an|nghi quyet|"
    r"quy che|quy dinh|cong van|chi thi)"
)
_REPORT_TARGET = re.compile(r"(?<![\w])(?:ve|len|cho|gui ve|gui|bao cao)\s+")
_REQUEST = re.compile(
    r"\s*(?:\([^()]{0,60}\)\s*)?(?:de nghi|kinh de nghi|yeu cau|giao|chi dao|huong dan|"
    r"thong bao|dong y|quyet dinh)\b"
)
_LEAD = re.compile(r"[\s,;.:-]*(?:(?:va|dong thoi|sau do|roi)(?![\w]))?[\s,;:]*")
# Dates that are not time limits (checked on the folded text around a phrase):
# the place-date line of a document ("Đắk Lắk, ngày 27 tháng 10 năm 2017");
_PLACE_DATE_LINE = re.compile(r"[\s|*]*[^\W\d_][^,\n]{0,40},\s*ngay\b")
# a cut-off or starting point ("tính đến 17 giờ 00, ngày 04/11/2010", "có hiệu lực kể từ ngày
# 05/11/2019", "từ ngày 25/01/2021");
_FROM_BEFORE = re.compile(r"(?:(?:tinh|ke)\s+(?:den|tu|toi)(?:\s+het)?|(?<![\w])tu)\s*(?:ngay\s+)?$")
# a clause that tells of an event or an absence rather than asking for work ("Đại hội … diễn
# ra trong tháng 07/2013", "7 giờ sáng 12/3 Hội thi chính thức khai mạc", "nghỉ phép từ ngày …
# đến hết ngày …", "Quyết định này có hiệu lực …").
_EVENT = re.compile(
    r"(?<![\w])(?:dien ra|duoc to chuc|da to chuc|khai mac|be mac|co hieu luc|hieu luc thi hanh|"
    r"nghi phep|nghi le|duoc nghi|vang mat|di cong tac|nam vien|dieu tri)(?![\w])"
)
_EVENT_WORDS = (
    "dien ra",
    "duoc to chuc",
    "da to chuc",
    "khai mac",
    "be mac",
    "hieu luc",
    "nghi phep",
    "nghi le",
    "duoc nghi",
    "vang mat",
    "di cong tac",
    "nam vien",
    "dieu tri",
)
_CLAUSE_REACH = 160
_MAX_TEXT = 600
_MAX_ITEM_LINES = 12
_MAX_ROW_LINES = 4
_ROW_NUMBER = re.compile(r"^\s*\d{1,3}\s*[.)]?\s*$")


@dataclass(frozen=True, slots=True)
class _Outline:
    line: Line
    excluded: bool
    assign: bool
    item: int | None  # line index of the enclosing numbered item
    self_item: bool


@dataclass(frozen=True, slots=True)
class TaskContext:
    text: str
    folded: str
    issued_on: date | None
    default_year: int | None
    calendar: WorkCalendar
    is_issuer: Callable[[str], bool]
    skip_ranges: tuple[tuple[int, int], ...] = ()
    deadlines: tuple[Deadline, ...] = ()  # every phrase in the body, found in one pass


def _marker_end(line: Line) -> int:
    match = _MARKER.match(line.text)
    return match.end() if match else 0


def _heading(line: Line) -> str | None:
    """Folded title if the line is a section heading."""
    roman = _ROMAN_HEAD.match(line.folded)
    if roman and line.text[: len(roman.group("num"))].isupper():
        title_start = roman.start("title")
        if line.text[title_start:].isupper() or len(line.text) <= 80:
            return roman.group("title")
    if _ALPHA_HEAD.match(line.folded) and len(line.text) <= 120:
        return line.folded
    if line.upper and len(line.text) <= 120 and not _NUMBERED.match(line.folded):
        return line.folded
    return None


def _doer(start: int, end: int, ctx: TaskContext) -> str | None:
    """The body that carries out a sentence, if it opens it ("Ban Tuyên giáo … chủ trì").

    A body that only asks others ("Đảng ủy xã đề nghị các chi bộ …") is not the doer.
    """
    span = read_org(ctx.text, ctx.folded, start, end)
    if span is None or _REQUEST.match(ctx.folded, span[1], end):
        return None
    return ctx.text[span[0] : span[1]]


def _assignee(line: Line, ctx: TaskContext) -> str | None:
    return _doer(line.start + _marker_end(line), line.end, ctx)


def outline(lines: list[Line], ctx: TaskContext) -> list[_Outline]:
    titles = [_heading(line) for line in lines]
    has_sections = any(title is not None for title in titles)
    out: list[_Outline] = []
    excluded = False
    assign = not has_sections
    item: int | None = None
    self_item = False
    for line, title in zip(lines, titles, strict=True):
        if title is not None:
            excluded = bool(_EXCLUDED.search(title)) and not _ASSIGN.search(title)
            assign = bool(_ASSIGN.search(title))
            item, self_item = None, False
        elif _NUMBERED.match(line.folded):
            item = line.index
            who = _assignee(line, ctx)
            self_item = who is not None and ctx.is_issuer(who)
        out.append(_Outline(line, excluded, assign, item, self_item))
    return out


def _sentences(line: Line) -> list[tuple[int, int]]:
    """Sentence ranges (absolute offsets) of a line; "TP. Hồ Chí Minh" does not split."""
    out: list[tuple[int, int]] = []
    start = 0
    text = line.text
    for match in re.finditer(r"[.!?]+\s+", text):
        nxt = text[match.end() : match.end() + 1]
        word = text[: match.start()].rsplit(" ", 1)[-1]
        if not nxt.isupper() or (len(word) <= 3 and word.isupper()):
            continue
        out.append((line.start + start, line.start + match.start() + 1))
        start = match.end()
    if start < len(text):
        out.append((line.start + start, line.end))
    return out


def _clean(text: str) -> str:
    text = " ".join(text.split())
    marker = _MARKER.match(text)
    text = text[marker.end() :].strip() if marker else text
    if len(text) > _MAX_TEXT:
        cut = text.rfind(" ", 0, _MAX_TEXT)
        text = text[: cut if cut > 0 else _MAX_TEXT].rstrip(",;: ") + "…"
    return text


def _requires(folded: str) -> str:
    if _REPORT.search(folded):
        return "report"
    if _DOCUMENT.search(folded):
        return "document"
    return "action"


def _report_to(start: int, end: int, ctx: TaskContext) -> str | None:
    verb = _REPORT.search(ctx.folded, start, end)
    if verb is None:
        return None
    for target in _REPORT_TARGET.finditer(ctx.folded, verb.start(), min(end, verb.end() + 300)):
        span = read_org(ctx.text, ctx.folded, target.end(), end)
        if span is not None:
            return ctx.text[span[0] : span[1]]
    return None


def _task(start: int, end: int, deadline: Deadline | None, ctx: TaskContext, *, dl_start: int = -1) -> Task:
    raw = ctx.text[start:end]
    lead = _LEAD.match(ctx.folded, start, end)
    if lead and lead.end() > start:
        raw = ctx.text[lead.end() : end]
    requires = _requires(ctx.folded[start:end])
    deadline_span = None
    if deadline is not None:
        deadline_span = Span(dl_start if dl_start >= 0 else deadline.start, deadline.end)
    return Task(
        text=_clean(raw),
        span=Span(start, end),
        deadline_text=ctx.text[deadline_span.start : deadline_span.end] if deadline_span else None,
        deadline_span=deadline_span,
        due=deadline.due if deadline else None,
        kind=deadline.kind if deadline else None,
        recurrence=deadline.recurrence if deadline else None,
        requires=requires,
        report_to=_report_to(start, end, ctx) if requires == "report" else None,
    )


def _past(deadline: Deadline, ctx: TaskContext) -> bool:
    issued, due = ctx.issued_on, deadline.due
    return bool(issued and due and due < issued and deadline.kind is not DeadlineKind.RECURRING)


def _informational(deadline: Deadline, ctx: TaskContext) -> bool:
    """A date in the body that is not a time limit (see ``_PLACE_DATE_LINE``, ``_EVENT``).

    Also: a limit that had already passed on the issue date tells history, not a task.
    """
    folded = ctx.folded
    if _past(deadline, ctx):
        return True
    line_start = folded.rfind("\n", 0, deadline.start) + 1
    line_end = folded.find("\n", deadline.end)
    line_end = len(folded) if line_end < 0 else line_end
    if line_end - line_start <= 90 and _PLACE_DATE_LINE.match(folded, line_start, deadline.end):
        return True
    before = folded[max(line_start, deadline.start - 20) : deadline.start]
    if ("tu" in before or "den" in before or "toi" in before) and _FROM_BEFORE.search(before):
        return True
    start, end = deadline.start, deadline.end
    begin = max(line_start, start - _CLAUSE_REACH)
    begin = 1 + max(
        begin - 1,
        folded.rfind(".", begin, start),
        folded.rfind(";", begin, start),
        folded.rfind("!", begin, start),
        folded.rfind("?", begin, start),
    )
    stop = min(line_end, end + _CLAUSE_REACH)
    stop = min(
        stop,
        _find_or(folded, ".", end, stop),
        _find_or(folded, ";", end, stop),
        _find_or(folded, "!", end, stop),
        _find_or(folded, "?", end, stop),
    )
    clause = folded[begin:stop]
    # plain substring tests first (fast); the word-boundary grammar only confirms a hit
    return any(word in clause for word in _EVENT_WORDS) and _EVENT.search(clause) is not None


def _find_or(text: str, sub: str, start: int, stop: int) -> int:
    found = text.find(sub, start, stop)
    return stop if found < 0 else found


def _find(start: int, end: int, ctx: TaskContext) -> list[Deadline]:
    """Deadline phrases starting in ``[start, end)`` outside the opening clauses."""
    index = bisect.bisect_left(ctx.deadlines, start, key=lambda d: d.start)
    out: list[Deadline] = []
    while index < len(ctx.deadlines) and ctx.deadlines[index].start < end:
        found = ctx.deadlines[index]
        if found.end <= end and not any(s <= found.start < e for s, e in ctx.skip_ranges):
            out.append(found)
        index += 1
    return out


def _label_task(entry: _Outline, entries: list[_Outline], position: dict[int, int], ctx: TaskContext) -> Task | None:
    """ "Thời gian hoàn thành: …" belongs to the whole enclosing numbered item."""
    line = entry.line
    label = find_label(ctx.folded, line.start + _marker_end(line), line.end)
    if label is None:
        return None
    found = _find(label.end(), line.end, ctx) or find_deadlines(
        ctx.folded,
        issued_on=ctx.issued_on,
        calendar=ctx.calendar,
        default_year=ctx.default_year,
        start=label.end(),
        end=line.end,
        bare_dates=True,
    )
    # the label says it is a time limit; only one already past on the issue date is not
    deadline = next((d for d in found if not _past(d, ctx)), None)
    if deadline is None:
        return None
    first = entry.item if entry.item is not None else line.index
    here = position[line.index]
    # An item is a few paragraphs; never reach further back than _MAX_ITEM_LINES.
    begin = max(position.get(first, here), here - _MAX_ITEM_LINES)
    body = [e.line for e in entries[begin:here]]
    start = body[0].start if body else line.start
    end = body[-1].end if body else line.end
    task = _task(start, end, deadline, ctx, dl_start=line.start)
    return Task(
        text=task.text,
        span=Span(start, line.end),
        deadline_text=task.deadline_text,
        deadline_span=task.deadline_span,
        due=task.due,
        kind=task.kind,
        recurrence=task.recurrence,
        requires=task.requires,
        report_to=task.report_to,
    )


def _sentence_tasks(start: int, end: int, entry: _Outline, ctx: TaskContext) -> list[Task]:
    found = _find(start, end, ctx)
    strong = [d for d in found if not d.weak and not _informational(d, ctx)]
    if strong:
        tasks: list[Task] = []
        cursor = start
        for i, deadline in enumerate(strong):
            seg_end = end if i == len(strong) - 1 else deadline.end
            if len(strong) == 1:
                tasks.append(_task(start, end, deadline, ctx))
            else:
                tasks.append(_task(cursor, seg_end, deadline, ctx))
            cursor = deadline.end
        return tasks
    verb = _REPORT.search(ctx.folded, start, end)
    periodic = [
        d
        for d in found
        if d.kind in (DeadlineKind.ONGOING, DeadlineKind.RECURRING) and verb is not None and not _informational(d, ctx)
    ]
    if verb is not None and periodic:
        nearest = min(periodic, key=lambda d: min(abs(d.start - verb.end()), abs(d.end - verb.start())))
        return [_task(start, end, nearest, ctx)]
    if entry.assign and _DOCUMENT.search(ctx.folded, start, end):
        return [_task(start, end, None, ctx)]
    return []


def _cell_task(entry: _Outline, entries: list[_Outline], row_start: int, ctx: TaskContext) -> Task | None:
    """A line that is only a deadline ("Tháng 10/2023", "Quý IV/2024", "Thường xuyên").

    Plans often give their timeline as a table; flattened, each row becomes a few lines
    (number, content, unit in charge, time). The deadline cell belongs to the lines of its
    row, i.e. those since the previous row boundary (at most _MAX_ROW_LINES).
    """
    line = entry.line
    text = line.text.strip(" .;,-+*")
    if not text or len(text) > 60:
        return None
    found = find_deadlines(
        ctx.folded,
        issued_on=ctx.issued_on,
        calendar=ctx.calendar,
        default_year=ctx.default_year,
        start=line.start,
        end=line.end,
        bare_dates=True,
    )
    if len(found) != 1 or found[0].end - found[0].start < 0.7 * len(text) or _informational(found[0], ctx):
        return None
    here = next(i for i, e in enumerate(entries) if e.line.index == line.index)
    body = [e.line for e in entries[max(row_start, here - _MAX_ROW_LINES) : here]]
    body = [ln for ln in body if not _ROW_NUMBER.match(ln.text)]
    if not body:
        return None
    task = _task(body[0].start, body[-1].end, found[0], ctx, dl_start=found[0].start)
    return replace(task, span=Span(body[0].start, line.end))


def _is_row_boundary(entry: _Outline, title: bool) -> bool:
    return title or bool(_NUMBERED.match(entry.line.folded) or _ROW_NUMBER.match(entry.line.text))


def extract_tasks(lines: list[Line], ctx: TaskContext) -> list[Task]:
    if not lines:
        return []
    found = find_deadlines(
        ctx.folded,
        issued_on=ctx.issued_on,
        calendar=ctx.calendar,
        default_year=ctx.default_year,
        start=lines[0].start,
        end=lines[-1].end,
    )
    ctx = replace(ctx, deadlines=tuple(found))
    entries = outline(lines, ctx)
    labelled = {
        e.item
        for e in entries
        if e.item is not None and find_label(ctx.folded, e.line.start + _marker_end(e.line), e.line.end)
    }
    position = {e.line.index: i for i, e in enumerate(entries)}
    tasks: list[Task] = []
    row_start = 0
    for here, entry in enumerate(entries):
        if _is_row_boundary(entry, _heading(entry.line) is not None):
            row_start = here
        if entry.excluded or entry.self_item:
            continue
        label_task = _label_task(entry, entries, position, ctx)
        if label_task is None:
            label_task = _cell_task(entry, entries, row_start, ctx)
            if label_task is not None:
                row_start = here + 1
        if label_task is not None:
            tasks.append(label_task)
            continue
        for start, end in _sentences(entry.line):
            # "Căn cứ …, Đảng ủy xã đề nghị …": the task starts at the main clause.
            start = next((e for s, e in ctx.skip_ranges if s <= start < e < end), start)
            who = _doer(start + _marker_end_at(ctx.text, start), end, ctx)
            if who is not None and ctx.is_issuer(who):
                continue
            for task in _sentence_tasks(start, end, entry, ctx):
                if task.kind is None and entry.item in labelled:
                    continue
                tasks.append(task)
    return tasks


def _marker_end_at(text: str, start: int) -> int:
    match = _MARKER.match(text, start, min(len(text), start + 12))
    return match.end() - start if match else 0
