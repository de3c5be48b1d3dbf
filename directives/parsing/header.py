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
    ILLEGIBLE_NUMBER,
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
from directives.parsing.layout import Line, glue_lines, sub_line
from directives.parsing.lead import BULLET, STRUCTURE, read_addressees, read_headline, set_number
from directives.parsing.model import Recipient, Span
from directives.parsing.vntext import title_case

_MAX_HEADER_LINES = 40
_VV_ANYWHERE = re.compile(r"(?<![\w/])v/v\b")
_SEPARATOR = re.compile(r"^[\W_]{1,40}$")
_OF_ORG = re.compile(r"^cua\s+")
_QUOTES = "\"“”'‘’«»"
# Digital-signature stamp text: "Ký bởi: …", "Thời gian ký: …", "Cơ quan: …", the gazette
# centre that stamps it, an agency e-mail, a "+07:00" time zone or a clock time.
_STAMP_LINE = re.compile(
    r"ky boi|thoi gian ky|^co quan\s*:|cong bao va tin hoc|trung tam cong bao|\w@\W?\w+\.\w|\+\s?0\d:\d\d"
    r"|\b\d{1,2}:\d{2}:\d{2}\b|\.gov\.vn"
)
# A word left alone by a cell broken over lines ("BỘ" / "GIÁO DỤC VÀ ĐÀO TẠO", "Hà" / "Nội, ngày").
_FRAGMENT = re.compile(r"^[^\W\d_]{1,7}$")
_LONE_LABEL = re.compile(r"^[*\s]*so\s{0,3}[:.]?\s*$")
_LABEL_START = re.compile(r"^[*\s]*so\s{0,3}[:.]")
# Cut points of a flattened row: table pipes, "V/v", "Kính gửi" (the motto is cut separately).
_CELL_CUT = re.compile(r"(?:^|\s)\|+(?:\s|$)|(?<=\s)(?=v/v\b)|(?<=\s)(?=kinh gui\b)")
# OCR of a rule line or a smudge: mostly tokens that are not words ("^ .^A ,À k4 £ ˆ Lá").
_WORD = re.compile(r"^[^\W\d_]{2,}[,.;:]?$")
# The enacting authority of a State decision, printed between its subject and "Căn cứ".
_ENACTING = re.compile(
    r"^(?:(?:pho\s+)?(?:chu tich|bo truong|thu tuong|giam doc|chanh an|vien truong|tong cuc truong|cuc truong)\s+)?"
    r"(?:uy ban|hoi dong|chinh phu|ubnd|hdnd|thuong truc|ban thuong vu|ban chap hanh|ban bi thu)\b"
)
_ENACTING_TITLE = re.compile(
    r"^(?:pho\s+)?(?:chu tich|bo truong|thu tuong|giam doc|chanh an|vien truong|tong cuc truong|cuc truong)\s+"
)
# "Quảng Ngãi, ngày Íð tháng 3 năm 2024": the day is handwritten and unreadable.
_ILLEGIBLE_DAY = re.compile(r"nga\S{0,3}\s*\S{1,4}\s*thang\s*[\dilo]{1,2}\s*nam\s*\d{4}")
_LABELLED_GAP = re.compile(r"^[*\s]*S\S{0,2}\s{0,3}[:.].*[/\d]\S*\s+")
_GLUED_SYMBOL = re.compile(r"^.{0,20}/\s?[A-ZĐ][A-Za-zĐđ]{0,5}-[A-ZĐ][A-Za-zĐđ&]{1,10}\s+")
# "Vêviệc", "Vềviệc", "và việc", "Vệ việc": the OCR of the opening "Về việc" of a subject.
_VE_VIEC = re.compile(r"^[\W_]*(?:ve|va)\s?viec\b")
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
    enacting: tuple[str, Span] | None = None  # "ỦY BAN NHÂN DÂN TỈNH X" above "Căn cứ"
    lead_issuer: tuple[str, Span] | None = None  # "<Org> (đã) ban hành <Type> số …" in a report


def _place_date(line: Line, header: Header) -> bool:
    """ "Hà Nội, ngày 15 tháng 6 năm 2023" (place optional, possibly after a glued number)."""
    if len(line.text) > 160 or OPENERS.match(line.folded):
        return False
    match = NGAY_DATE.search(line.folded)
    if match is None:
        return _place_only(line, header)
    head_start = 0
    if header.number and line.start <= header.number.end <= line.start + match.start():
        head_start = header.number.end - line.start
    head = _after_symbol(line.text[head_start : match.start()].strip(" *-"))
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


def _place_only(line: Line, header: Header) -> bool:
    """ "Quảng Ngãi, ngày Íð tháng 3 năm 2024": the place; the date stays unknown (no guess)."""
    if header.place is not None:
        return False
    match = _ILLEGIBLE_DAY.search(line.folded)
    if match is None:
        return False
    head_start = header.number.end - line.start if header.number and line.start <= header.number.end else 0
    head = _after_symbol(line.text[max(0, head_start) : match.start()].strip(" *-"))
    place_text = head.rstrip(" ,")
    if not head.endswith(",") or not _is_place(place_text):
        return False
    offset = line.text.find(place_text, max(0, head_start))
    header.place = (place_text, Span(line.start + offset, line.start + offset + len(place_text)))
    header.seen_anchor = True
    return True


def _after_symbol(head: str) -> str:
    """ "ST /CT-UBND Quảng Ngãi,": an unread number label and symbol glued before the place."""
    symbol = _GLUED_SYMBOL.search(head) or _LABELLED_GAP.search(head)
    return head[symbol.end() :] if symbol else head


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
        anchored = header.seen_anchor
        set_number(line, found, header)
        if head:
            _number_head(line, head, header, anchored)
        # "Số: 245-CV/HU V/v tổng kết …" flattened on one line.
        vv = _VV_ANYWHERE.search(line.folded, found.end)
        if vv and header.subject is None:
            text = line.text[vv.start() :].strip().strip(_QUOTES).strip()
            header.subject = (text, Span(line.start + vv.start(), line.end))
        return True
    label_match = _LABEL_START.match(line.folded)
    found = _illegible_number(line, label_match.end()) if label_match else None
    if found is None:
        return False
    set_number(line, found, header)
    return True


def _illegible_number(line: Line, pos: int) -> NumberMatch | None:
    """ "Số: 2 # /CT-UBND": a handwritten number the OCR could not read; the symbol is printed."""
    match = ILLEGIBLE_NUMBER.match(line.text, pos)
    if match is None:
        return None
    symbol = match.group("ssym")
    return NumberMatch(None, symbol, symbol.split("-", 1)[0], True, *match.span("ssym"))


def _number_head(line: Line, head: str, header: Header, anchored: bool) -> None:
    """What precedes the number on its line: a type name, "CỦA <ORG>", or the issuer."""
    from directives.parsing.vntext import fold_chars

    span = Span(line.start, line.start + len(head))
    if _type_line(sub_line(line, 0, len(head)), header):
        return
    if header.type_name and header.issuer_of_type is None and _OF_ORG.match(fold_chars(head)):
        _of_org(head, line.start, header)  # "THÔNG TƯ / CỦA BỘ GIÁO DỤC SỐ 36/GD-TT NGÀY …"
        return
    if not anchored:
        header.issuer_lines.append((head, span))


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


def _continues_subject(header: Header, line: Line, after: Line | None = None) -> bool:
    """A subject broken before a capitalised word ("… phong cách / Hồ Chí Minh năm 2024").

    A comma is allowed when the opening paragraph ("Căn cứ …") follows right after.
    """
    if header.subject is None or header.subject[0][-1:] in ".:;!?":
        return False
    text = line.text.strip()
    return (
        0 < len(text) <= (120 if after is not None and OPENERS.match(after.folded) else 80)
        and ("," not in text or (after is not None and OPENERS.match(after.folded) is not None))
        and not line.upper
        and not text.endswith((":", ".", ";"))
        and not OPENERS.match(line.folded)
        and not STRUCTURE.match(line.folded)
        and not KINH_GUI.match(line.folded)
        and not BULLET.match(text)
        and find_main_clause(line.text, line.folded, 0, len(line.text)) is None
    )


def _extend_subject(header: Header, line: Line) -> None:
    assert header.subject is not None
    text, span = header.subject
    header.subject = (f"{text} {line.text.strip()}", Span(span.start, line.end))


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
    """Consume one header line (and the lines continuing a subject it starts); None at the body."""
    had_subject = header.subject is not None
    following = _read_one(line, lines, header, limit, stop)
    if following is None or had_subject or header.subject is None:
        return following
    while following < limit and _continues_caps_subject(header, lines, following, limit):
        _extend_subject(header, lines[following])
        following += 1
    return following


def _read_one(line: Line, lines: list[Line], header: Header, limit: int, stop: int) -> int | None:
    """Consume one header line; the index of the next line, or None at the body."""
    index = line.index
    if KINH_GUI.match(line.folded):
        return read_addressees(line, lines, header, stop)
    if header.number is None and _number_line(line, header):
        if _place_date(line, header):
            _subject_after_date(line, header)
        return index + 1
    if header.number is None and _LABEL_START.match(line.folded) and len(line.text) < 160:
        # "Số: ⁄‡ Quảng Ngãi, ngày …": the number line, though nothing of the number is legible
        header.seen_anchor = True
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
        after = lines[index + 2] if index + 2 < limit else None
        if index + 1 < limit and _continues_subject(header, lines[index + 1], after):
            _extend_subject(header, lines[index + 1])
            return index + 2
        return index + 1
    if header.subject is not None and line.upper and (_is_issuer_line(line) or _ENACTING.match(line.folded)):
        # the enacting authority line of a State decision ("ỦY BAN NHÂN DÂN TỈNH ...")
        header.enacting = header.enacting or (line.text, line.span)
        return index + 1
    if _untyped_caps_subject(line, lines, header, limit):
        _subject(line, header)
        return index + 1
    return None


def _caps(text: str) -> bool:
    upper = sum(map(str.isupper, text))
    lower = sum(map(str.islower, text))
    return upper >= 2 and upper >= 0.85 * (upper + lower)


def _is_enacting(lines: list[Line], index: int, limit: int) -> bool:
    """ "ỦY BAN NHÂN DÂN TỈNH X" / "CHỦ TỊCH …" right above "Căn cứ …" (or "QUYẾT ĐỊNH:")."""
    line = lines[index]
    if not _ENACTING.match(line.folded):
        return False
    after = lines[index + 1] if index + 1 < len(lines) else None
    if after is None or not after.upper:
        return True  # the body follows; an all-caps subject would go on in capitals
    return bool(OPENERS.match(after.folded)) or after.text.rstrip().endswith(":")


def _continues_caps_subject(header: Header, lines: list[Line], index: int, limit: int) -> bool:
    """An all-caps subject printed over several lines ("QUY ĐỊNH CHẾ ĐỘ …" / "TRÊN ĐỊA BÀN TỈNH …")."""
    assert header.subject is not None
    line = lines[index]
    text = line.text.strip()
    if not _caps(header.subject[0]) or not text or text.endswith(":"):
        return False
    letters = any(ch.isalpha() for ch in text)
    if not (line.upper or (not letters and len(text) <= 20 and text[:1].isdigit())):
        return False
    return not (
        _SEPARATOR.match(text)
        or MOTTO.search(line.folded)
        or TYPE_LINE.match(line.folded)
        or KINH_GUI.match(line.folded)
        or _LABEL_START.match(line.folded)
        or STRUCTURE.match(line.folded)
        or _is_enacting(lines, index, limit)
    )


def _untyped_caps_subject(line: Line, lines: list[Line], header: Header, limit: int) -> bool:
    """No type name printed (or lost), number and date read: an all-caps line of several words is the subject."""
    if header.type_name or header.subject or header.number is None or header.date is None:
        return False
    return line.upper and len(line.text.split()) >= 5 and not _is_enacting(lines, line.index, limit)


def _subject_after_date(line: Line, header: Header) -> None:
    """ "CỦA BỘ GIÁO DỤC SỐ 36/GD-TT NGÀY 29-12-1976 HƯỚNG DẪN …": the subject starts after the date."""
    if header.type_name is None or header.subject is not None or header.date is None:
        return
    offset = header.date.end - line.start
    rest = line.text[offset:]
    text = rest.strip(" ,.-")
    if len(text) >= 3 and _caps(text):
        start = line.start + offset + rest.find(text)
        header.subject = (text, Span(start, start + len(text)))


def _is_stamp(line: Line, header: Header) -> bool:
    """Signature-stamp text above or inside the letterhead (never after the type or subject)."""
    if header.type_name is not None or header.subject is not None or _LABEL_START.match(line.folded):
        return False
    return _STAMP_LINE.search(line.folded) is not None


def _is_noise(line: Line, header: Header) -> bool:
    """The rule under the type name as OCR reads it: fewer than half of its tokens are words."""
    tokens = line.text.split()
    if header.type_name is None or header.subject is not None or len(tokens) < 3:
        return False
    return 2 * sum(1 for token in tokens if _WORD.match(token)) < len(tokens)


def _glued(lines: list[Line], index: int, limit: int, skip: frozenset[int]) -> Line:
    """The line at ``index``, joined with the next one when a cell was broken between them."""
    line = lines[index]
    if index + 1 >= limit or index + 1 in skip:
        return line
    nxt = lines[index + 1]
    if not nxt.text[:1].isalnum() or _SEPARATOR.match(nxt.text):
        return line
    text = line.text.strip()
    if _FRAGMENT.match(text) or _LONE_LABEL.match(line.folded):
        # "BỘ" / "GIÁO DỤC VÀ ĐÀO TẠO", "Số:" / "06/2024/QĐ-UBND"; not a speck onto the motto row
        return line if MOTTO.search(nxt.folded) else glue_lines(line, nxt)
    if text.endswith(("-", "/")) and _LABEL_START.match(line.folded):
        return glue_lines(line, nxt)  # "Số: 21 -" / "HD/BTCTU"
    if MOTTO.search(line.folded) is None and MOTTO.search(nxt.folded) is None:
        joined = f"{line.folded} {nxt.folded}"
        motto = MOTTO.search(joined)
        if motto and motto.start() < len(line.folded) < motto.end():
            return glue_lines(line, nxt)  # "CỘNG HÒA XÃ HỘI" / "CHỦ NGHĨA VIỆT NAM"
    return line


def _cells(line: Line) -> list[Line]:
    """A flattened row of a two-column header, cut into its cells.

    Cut at table pipes, around the motto, before "V/v" and "Kính gửi"; a plain line is one cell.
    """
    folded = line.folded
    if "|" not in line.text and MOTTO.search(folded) is None:
        return [line]
    cuts: list[tuple[int, int]] = [(m.start(), m.end()) for m in _CELL_CUT.finditer(folded)]
    for motto in MOTTO.finditer(folded):
        cuts.extend([(motto.start(), motto.start()), (motto.end(), motto.end())])
    cells: list[Line] = []
    cursor = 0
    for start, end in sorted(cuts):
        if start >= cursor:
            if line.text[cursor:start].strip():
                cells.append(_trimmed(line, cursor, start))
            cursor = end
    if line.text[cursor:].strip():
        cells.append(_trimmed(line, cursor, len(line.text)))
    return cells or [line]


def _trimmed(line: Line, start: int, end: int) -> Line:
    text = line.text[start:end]
    start += len(text) - len(text.lstrip())
    end -= len(text) - len(text.rstrip())
    return sub_line(line, start, end)


def _read_row(line: Line, lines: list[Line], header: Header, limit: int, stop: int) -> int | None:
    """Read the cells of one (possibly flattened) row; the index of the next line or None."""
    following: int | None = None
    for cell in _cells(line):
        stripped = _strip_motto(cell, header)
        if stripped is None:
            following = max(following or 0, line.index + 1)
            continue
        if _is_stamp(stripped, header):
            continue
        nxt = _read_line(stripped, lines, header, limit, stop)
        if nxt is None:
            return following
        following = max(following or 0, nxt)
    return following if following is not None else line.index + 1


def _letterhead_start(lines: list[Line], start: int, limit: int, skip: frozenset[int]) -> int | None:
    """Index of the first line holding the motto or a "Số:" label near the top, if any."""
    for index in range(start, min(limit, start + 20)):
        if index in skip:
            continue
        line = lines[index]
        if MOTTO.search(line.folded) or (_LABEL_START.match(line.folded) and len(line.text) < 160):
            return index
        if index + 1 < limit:
            motto = MOTTO.search(f"{line.folded} {lines[index + 1].folded}")
            if motto and motto.start() < len(line.folded) < motto.end():
                return index  # "CỘNG HÒA XÃ HỘI" / "CHỦ NGHĨA VIỆT NAM"
    return None


def read_header(lines: list[Line], start: int, stop: int, skip: frozenset[int]) -> Header:
    """Read the header of the region ``lines[start:stop]`` (skipping stamp lines).

    Stamp text, specks and site chrome above the letterhead are passed over: while nothing
    has been read and the motto or the "Số:" line is still below, an unreadable line is junk.
    """
    header = Header(body_start=start)
    index = start
    limit = min(stop, start + _MAX_HEADER_LINES)
    letterhead = _letterhead_start(lines, start, limit, skip)
    while index < limit:
        if (
            index in skip
            or _SEPARATOR.match(lines[index].text)
            or _is_stamp(lines[index], header)
            or _is_noise(lines[index], header)
        ):
            index += 1
            continue
        above = letterhead is not None and index < letterhead and not header.seen_anchor
        line = _glued(lines, index, limit, skip)
        following = _read_row(line, lines, header, limit, stop)
        if following is None:
            if above:
                header.issuer_lines.clear()  # the letterhead is one block: drop what came before junk
                header.recipients.clear()
                index += 1
                continue
            break
        index = following
    header.body_start = index
    _complete_issuer(header)
    _tidy_subject(header)
    if header.number is None and header.type_name is None and not header.issuer_lines and header.date is None:
        read_headline(lines, header.body_start, limit, skip, header)
    return header


def _tidy_subject(header: Header) -> None:
    """The opening formula "Về việc" as printed, whatever the OCR made of it."""
    from directives.parsing.vntext import fold_chars

    if header.subject is None:
        return
    text, span = header.subject
    formula = _VE_VIEC.match(fold_chars(text))
    if formula and text[: formula.end()].lower() != "về việc":
        header.subject = (f"Về việc{text[formula.end() :]}", span)


def _complete_issuer(header: Header) -> None:
    """A bare "ỦY BAN NHÂN DÂN" letterhead is completed by the enacting line "ỦY BAN NHÂN DÂN TỈNH X"."""
    from directives.parsing.vntext import fold_chars

    if header.enacting is None or len(header.issuer_lines) != 1:
        return
    name = fold_chars(header.issuer_lines[0][0]).strip()
    text, span = header.enacting
    folded = fold_chars(text)
    title = _ENACTING_TITLE.match(folded)
    cut = title.end() if title else 0
    if folded[cut:].startswith(name + " "):
        header.issuer_lines[0] = (text[cut:], Span(span.start + cut, span.end))


def late_place_date(lines: list[Line], start: int, stop: int, header: Header) -> None:
    """Some mass-organisation letters print "Place, ngày …" above the signature instead."""
    for line in reversed(lines[max(start, stop - 25) : stop]):
        found = Header()
        if _place_date(line, found) and found.date is not None:
            header.date, header.place = found.date, found.place or header.place
            return
