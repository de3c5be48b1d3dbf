"""Header zone: issuer lines, "Số:" number, place and date, type name, subject, Kính gửi.

The header is read line by line from the top of a region until the first line that is not
header furniture; the line after a printed type name (or the "V/v" line of a Công văn) is
the subject. Flattened two-column headers are tolerated: issuer, number, motto and date may
be glued on one line, in either column order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from directives.parsing.dates import NGAY_DATE, DateMatch, date_from_match
from directives.parsing.grammar import (
    KINH_GUI,
    MOTTO,
    NUMBER_LABEL,
    OPENERS,
    TYPE_LINE,
    VV_LINE,
    NumberMatch,
    find_main_clause,
    number_at,
    type_from_folded,
)
from directives.parsing.layout import Line
from directives.parsing.model import Recipient, Span
from directives.parsing.vntext import title_case

_MAX_HEADER_LINES = 40
_VV_ANYWHERE = re.compile(r"(?<![\w/])v/v\b")
_SEPARATOR = re.compile(r"^[\W_]{1,40}$")
_OF_ORG = re.compile(r"^cua\s+")
_BULLET = re.compile(r"^[-+•*]\s*")
_QUOTES = "\"“”'‘’«»"
_ORG_HEAD = re.compile(
    r"^(?:ban|bo|dang|tinh|thanh|huyen|quan|thi|xa|phuong|chi|uy|ubnd|hoi|so|phong|van phong|"
    r"cong doan|lien doan|doan|mat tran|thu tuong|chinh phu|quoc hoi|trung uong|truong|dai hoc|"
    r"hoc vien|cuc|tong|vien|bch|cong ty|tap doan|trung tam|thuong truc|thuong vu)\b"
)


@dataclass
class Header:
    issuer_lines: list[tuple[str, Span]] = field(default_factory=list)
    issuer_of_type: tuple[str, Span] | None = None
    number: NumberMatch | None = None
    place: tuple[str, Span] | None = None
    date: DateMatch | None = None
    type_name: tuple[str, Span] | None = None
    subject: tuple[str, Span] | None = None
    recipients: list[Recipient] = field(default_factory=list)
    body_start: int = 0
    seen_anchor: bool = False  # a number, date or type line has been read


def _place_date(line: Line, header: Header) -> bool:
    """ "Hà Nội, ngày 15 tháng 6 năm 2023" (place optional, possibly after a glued number)."""
    if len(line.text) > 160 or OPENERS.match(line.folded):
        return False
    match = NGAY_DATE.search(line.folded)
    if match is None:
        return False
    head_start = 0
    if header.number and line.start <= header.number.end <= line.start + match.start():
        head_start = header.number.end - line.start
    head = line.text[head_start : match.start()].strip(" *-")
    place_text = head.rstrip(" ,")
    if head and (not head.endswith(",") or not _is_place(place_text)):
        return False
    found = date_from_match(match, line.start)
    if found is None or found.year is None:
        return False
    header.date = found
    if place_text:
        offset = line.text.find(place_text, head_start)
        span = Span(line.start + offset, line.start + offset + len(place_text))
        header.place = (place_text, span)
    header.seen_anchor = True
    return True


def _is_place(text: str) -> bool:
    return 0 < len(text) <= 40 and text[:1].isupper() and not any(ch.isdigit() for ch in text)


def _number_line(line: Line, header: Header) -> bool:
    for label in NUMBER_LABEL.finditer(line.folded[:400]):
        # the label must start the line or follow header text ("TỈNH ỦY ĐỒNG NAI Số 12-KH/TU")
        head = line.text[: label.start()].strip(" *-_.")
        if head and not head.isupper():
            continue
        found = number_at(line.text, label.end(), len(line.text))
        if found is None:
            continue
        header.number = NumberMatch(
            found.number,
            found.symbol,
            found.code,
            found.state_style,
            found.start + line.start,
            found.end + line.start,
        )
        if head and not header.seen_anchor:
            header.issuer_lines.append((head, Span(line.start, line.start + len(head))))
        header.seen_anchor = True
        # "Số: 245-CV/HU V/v tổng kết …" flattened on one line.
        vv = _VV_ANYWHERE.search(line.folded, found.end)
        if vv and header.subject is None:
            text = line.text[vv.start() :].strip().strip(_QUOTES).strip()
            header.subject = (text, Span(line.start + vv.start(), line.end))
        return True
    return False


def _type_line(line: Line, header: Header) -> bool:
    if not line.upper or header.type_name is not None:
        return False
    match = TYPE_LINE.match(line.folded)
    if match is None:
        return False
    name = type_from_folded(match.group("type"))
    if name is None:
        return False
    header.type_name = (name, Span(line.start, line.start + match.end("type")))
    rest = match.group("rest")
    if rest:
        rest_start = line.start + match.start("rest")
        _of_org(line.text[match.start("rest") :], rest_start, header)
    header.seen_anchor = True
    return True


def _of_org(text: str, start: int, header: Header) -> bool:
    """ "CỦA BỘ CHÍNH TRỊ" under the type name names the issuer."""
    from directives.parsing.vntext import fold_chars

    match = _OF_ORG.match(fold_chars(text))
    if match is None:
        # "THÔNG BÁO / KẾT LUẬN CỦA THƯỜNG TRỰC TỈNH ỦY …": the all-caps line is the subject.
        if header.subject is None and text.strip():
            header.subject = (text.strip(), Span(start, start + len(text)))
            return True
        return False
    name = text[match.end() :].strip(" .,")
    header.issuer_of_type = (title_case(name), Span(start + match.end(), start + len(text)))
    return True


def _subject(line: Line, header: Header) -> None:
    text = line.text.strip()
    if text[:1] in _QUOTES:
        # a subject wrapped in quotes ("“V/v …”"): drop the wrapping pair only
        text = text[1:].rstrip()
        text = text[:-1].rstrip() if text[-1:] in _QUOTES else text
    offset = line.text.find(text) if text else 0
    header.subject = (text, Span(line.start + offset, line.start + offset + len(text)))


_STRUCTURE = re.compile(r"^(?:[ivx]{1,4}|\d{1,3}|[a-z])[.)\-]\s")


def _continues_subject(header: Header, line: Line) -> bool:
    """A subject broken before a capitalised word ("… phong cách / Hồ Chí Minh năm 2024")."""
    if header.subject is None or header.subject[0][-1:] in ".:;!?":
        return False
    text = line.text.strip()
    return (
        0 < len(text) <= 80
        and "," not in text
        and not line.upper
        and not text.endswith((":", ".", ";"))
        and not OPENERS.match(line.folded)
        and not _STRUCTURE.match(line.folded)
        and not KINH_GUI.match(line.folded)
        and not _BULLET.match(text)
        and find_main_clause(line.text, line.folded, 0, len(line.text)) is None
    )


def _extend_subject(header: Header, line: Line) -> None:
    assert header.subject is not None
    text, span = header.subject
    header.subject = (f"{text} {line.text.strip()}", Span(span.start, line.end))


def _kinh_gui(line: Line, lines: list[Line], header: Header, stop: int) -> int:
    """Parse "Kính gửi: - A / - B" and return the index of the first line after it."""
    index = line.index
    match = KINH_GUI.match(line.folded)
    if match is None:
        return index + 1
    items: list[tuple[str, int]] = []
    first = line.text[match.end() :]
    cursor = 0
    # "Kính gửi: Ban Tuyên giáo các huyện ủy; Ban Tuyên giáo các đảng ủy trực thuộc."
    for sep in re.finditer(r";\s*(?=\S)", first):
        items.append((first[cursor : sep.start()], line.start + match.end() + cursor))
        cursor = sep.end()
    if first[cursor:].strip():
        items.append((first[cursor:], line.start + match.end() + cursor))
    cursor = index + 1
    while cursor < stop:
        nxt = lines[cursor]
        bulleted = _BULLET.match(nxt.text) is not None
        if not bulleted and (items or OPENERS.match(nxt.folded) or len(nxt.text) > 160):
            break
        items.append((nxt.text, nxt.start))
        cursor += 1
    for raw, start in items:
        name = _BULLET.sub("", raw.strip()).strip(" ;,.")
        if name:
            offset = raw.find(name)
            span = Span(start + offset, start + offset + len(name))
            header.recipients.append(Recipient(name, None, "kinh_gui", span))
    return cursor


def _is_subject(line: Line, lines: list[Line], index: int) -> bool:
    """The line after the type name is the subject unless it is already the opening paragraph.

    A subject may itself start "Thực hiện …" (a Kế hoạch implementing a directive); the
    opening paragraph instead ends with ":" / ";" or names the acting body (", Ban … hướng
    dẫn"), or it is not the first line after the type name.
    """
    text = line.text.rstrip()
    if text.endswith((":", ";")) or len(text) > 500:
        return False
    if find_main_clause(line.text, line.folded, 0, len(line.text)) is not None:
        return False
    right_after_type = index > 0 and TYPE_LINE.match(lines[index - 1].folded) is not None
    return right_after_type or not OPENERS.match(line.folded)


def _is_issuer_line(line: Line) -> bool:
    return line.upper and len(line.text) <= 120 and bool(_ORG_HEAD.match(line.folded))


def _strip_motto(line: Line, header: Header) -> Line | None:
    """The line without a motto; None if nothing else is on it."""
    motto = MOTTO.search(line.folded)
    if motto is None:
        return line
    # "TỈNH ỦY ĐỒNG NAI ĐẢNG CỘNG SẢN VIỆT NAM": keep the glued issuer part.
    head = line.text[: motto.start()].strip()
    if head and not header.seen_anchor and _ORG_HEAD.match(line.folded):
        header.issuer_lines.append((head, Span(line.start, line.start + len(head))))
    tail = line.text[motto.end() :]
    if not tail.strip() or _SEPARATOR.match(tail.strip()):
        return None
    # "... Hạnh phúc Hà Nội, ngày ...": read what follows the motto as its own line.
    offset = motto.end() + len(tail) - len(tail.lstrip())
    text, folded = line.text[offset:], line.folded[offset:]
    return Line(line.index, line.start + offset, line.end, text, folded, line.upper)


def _read_line(line: Line, lines: list[Line], header: Header, limit: int, stop: int) -> int | None:
    """Consume one header line; the index of the next line, or None at the body."""
    index = line.index
    if KINH_GUI.match(line.folded):
        return _kinh_gui(line, lines, header, stop)
    if header.number is None and _number_line(line, header):
        _place_date(line, header)
        return index + 1
    if (header.date is None and _place_date(line, header)) or _type_line(line, header):
        return index + 1
    of_type = header.type_name and header.issuer_of_type is None and line.upper
    if of_type and _of_org(line.text, line.start, header):
        return index + 1
    if VV_LINE.match(line.folded.lstrip(_QUOTES + " ")):
        if header.subject is None:
            _subject(line, header)
        return index + 1
    if not header.seen_anchor and _is_issuer_line(line):
        header.issuer_lines.append((line.text, line.span))
        return index + 1
    if header.type_name and header.subject is None and _is_subject(line, lines, index):
        _subject(line, header)
        if index + 1 < limit and _continues_subject(header, lines[index + 1]):
            _extend_subject(header, lines[index + 1])
            return index + 2
        return index + 1
    if header.subject is not None and _is_issuer_line(line):
        # the enacting authority line of a State decision ("ỦY BAN NHÂN DÂN TỈNH ...")
        return index + 1
    return None


def read_header(lines: list[Line], start: int, stop: int, skip: frozenset[int]) -> Header:
    """Read the header of the region ``lines[start:stop]`` (skipping stamp lines)."""
    header = Header(body_start=start)
    index = start
    limit = min(stop, start + _MAX_HEADER_LINES)
    while index < limit:
        line: Line | None = lines[index]
        if index in skip or _SEPARATOR.match(lines[index].text):
            index += 1
            continue
        line = _strip_motto(lines[index], header)
        if line is None:
            index += 1
            continue
        following = _read_line(line, lines, header, limit, stop)
        if following is None:
            break
        index = following
    header.body_start = index
    return header


def late_place_date(lines: list[Line], start: int, stop: int, header: Header) -> None:
    """Some mass-organisation letters print "Place, ngày …" above the signature instead."""
    for line in reversed(lines[max(start, stop - 25) : stop]):
        found = Header()
        if _place_date(line, found) and found.date is not None:
            header.date, header.place = found.date, found.place or header.place
            return
