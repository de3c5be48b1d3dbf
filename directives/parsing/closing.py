"""Closing zone: signature block and "Nơi nhận" list.

Signature: a capacity line (T/M, TM., K/T, KT., T/L, TL., T/UQ, TUQ., Q. + body), then the
title line(s), then the signer's name, possibly after "Đã ký", "(Đã ký)", a "□", a file
path or the whole Nơi nhận list (two-column layouts flattened column by column). Without a
capacity line, a bare title line ("TRƯỞNG BAN") followed by a name is the signature.

Flattened two-column closings (scans, layout-order text) interleave the signature column
with the Nơi nhận column: "Nơi nhận: TM. ỦY BAN NHÂN DÂN", "- Như trên; KT. CHỦ TỊCH",
"- UBND các huyện, thị xã, thành phố; Trần Ngọc Căng", "- Như Điều 3; | TM. ỦY BAN NHÂN
DÂN |". The pieces after the recipient (a capacity, a title or a person's name) are the
signature column, in order; stamp specks after an item ("…tỉnh; Hy", "…; st\\ Ê") are dropped.
A Nơi nhận label damaged by OCR (".Vơi nhận:") still opens the list, and a list whose label
is unreadable is found by its first item ("- Như trên;", "- Như Điều 3;").

The document's own signature is the block nearest to its (first) Nơi nhận: drafts and
dossiers attached after it have their own signatures, which are not the document's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from directives.parsing.grammar import (
    _SURNAMES,
    CAPACITY,
    MOTTO,
    NOI_NHAN,
    NOISE_LINE,
    ORG_START,
    SIGNED_PREFIX,
    TITLE_LINE,
    TITLE_SUFFIX,
    is_person_name,
)
from directives.parsing.layout import Line
from directives.parsing.model import Recipient, Signer, Span

_BULLET = re.compile(r"^[-+•*]\s*")
_PURPOSE = re.compile(r"\((?P<p>[^()]{1,40})\)\s*[,;.]*\s*$")
_PURPOSES = {
    "de thuc hien": "để thực hiện",
    "t/h": "để thực hiện",
    "th": "để thực hiện",
    "thuc hien": "để thực hiện",
    "de bao cao": "để báo cáo",
    "b/c": "để báo cáo",
    "bc": "để báo cáo",
    "bao cao": "để báo cáo",
    "de biet": "để biết",
    "b/b": "để biết",
    "de phoi hop": "để phối hợp",
    "p/h": "để phối hợp",
    "de chi dao": "để chỉ đạo",
    "de theo doi": "để theo dõi",
}
_FUZZY_NOI_NHAN = re.compile(r"[\W_]{0,3}[nv]\s?[o0]i\s*nhan\s*:?\s*")
_AS_ABOVE_ITEM = re.compile(r"[-+•*]\s*nhu\s+(?:tren|dieu\s+\d)")
# The signature column glued after a recipient ("…; KT. CHỦ TỊCH", "… | TM. ỦY BAN NHÂN DÂN |").
_COLUMN_CUT = re.compile(r"\s*(?:[;|]|:(?=\s*[A-ZĐÀ-Ỹ]{2,}(?:\s|$)))\s*")
_CAPACITY_TAIL = re.compile(r"(?:^|\s)(?:t/m|tm\.|k/t|kt\.|t/l|tl\.|t/uq|tuq\.)\s+\S.*$")
_WORD3 = re.compile(r"[^\W\d_]{3,}")
_ODD_CHARS = re.compile(r"[^\w\s,.;:()/&'\-]")
_COLUMN_REACH = 40
_INLINE_ITEM = re.compile(r"(?<=[,;.)])\s+-\s+(?=[^\W\d_])")
_LUU = re.compile(r"^luu\b")
_AS_ABOVE = re.compile(r"^nhu tren\b")
_NAME_SCAN = 25


@dataclass(frozen=True, slots=True)
class _Piece:
    """A piece of the signature column found inside the Nơi nhận column."""

    kind: str  # "capacity" | "title" | "name"
    text: str
    span: Span
    line: int


@dataclass
class Closing:
    signer: Signer | None = None
    recipients: list[Recipient] = field(default_factory=list)
    as_above_purpose: str | None = None
    as_above: tuple[int, Recipient] | None = None  # "Như trên" and its place in the list
    start: int | None = None  # first line index of the closing zone
    used_lines: set[int] = field(default_factory=set)
    column: list[_Piece] = field(default_factory=list)


def _piece(text: str, start: int, line: int) -> _Piece | None:
    """``text`` as a piece of the signature column, or None."""
    from directives.parsing.vntext import fold_chars

    text = text.strip(" |")
    if not text:
        return None
    folded = fold_chars(text)
    span = Span(start, start + len(text))
    if text.isupper() or not any(ch.islower() for ch in text):
        capacity = _CAPACITY_TAIL.search(folded)
        if capacity:
            cut = capacity.start() + (1 if folded[capacity.start()].isspace() else 0)
            return _Piece("capacity", text[cut:], Span(start + cut, span.end), line)
        title = TITLE_SUFFIX.search(" " + folded)
        if title and _is_upper_text(text):
            cut = title.start("title") - 1
            return _Piece("title", text[cut:], Span(start + cut, span.end), line)
    if is_person_name(text):
        return _Piece("name", text, span, line)
    return None


def _is_upper_text(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)


def _is_speck(text: str) -> bool:
    """OCR specks of a stamp or signature after an item ("Hy", "l", "st\\ Ê", "v #")."""
    text = text.strip()
    return not _WORD3.search(text) or bool(_ODD_CHARS.search(text))


def _trailing_name(text: str) -> int | None:
    """ "- Lưu: VT, KGVX.th54 Trần Hoàng Tuấn": where a signer's name glued to an item starts."""
    words = list(re.finditer(r"\S+", text))
    for size in (4, 3):
        if len(words) <= size:
            continue
        first = words[-size]
        tail = text[first.start() :].strip()
        if first.group(0) in _SURNAMES and is_person_name(tail):
            return first.start()
    return None


def _split_column(text: str, start: int, line: int, closing: Closing) -> str:
    """The recipient part of a Nơi nhận line; column pieces after it go to ``closing.column``."""
    glued = _trailing_name(text)
    if glued is not None:
        name = text[glued:].strip()
        closing.column.append(_Piece("name", name, Span(start + glued, start + glued + len(name)), line))
        text = text[:glued].rstrip()
    cuts = list(_COLUMN_CUT.finditer(text))
    for cut in reversed(cuts):
        tail = text[cut.end() :]
        if not tail.strip(" |"):
            continue
        piece = _piece(tail, start + cut.end(), line)
        if piece is not None:
            closing.column.append(piece)
            return text[: cut.start() + 1] if text[cut.start() : cut.end()].strip() == ";" else text[: cut.start()]
        if cut.group(0).strip() == ";" and _is_speck(tail):
            return text[: cut.start() + 1]
        break
    return text


def _purpose(raw: str) -> str:
    from directives.parsing.vntext import fold_chars

    key = " ".join(raw.lower().split())
    folded = fold_chars(key)
    # "(để b/c)" = "(b/c)" = "(để báo cáo)"
    return _PURPOSES.get(folded) or _PURPOSES.get(folded.removeprefix("de ")) or key


def _is_purpose(raw: str) -> bool:
    from directives.parsing.vntext import fold_chars

    key = " ".join(fold_chars(raw).split())
    return key in _PURPOSES or key.startswith("de ") or bool(re.fullmatch(r"[a-z]/[a-z]", key))


def _is_item(line: Line, started: bool) -> bool:
    if _BULLET.match(line.text):
        return True
    if CAPACITY.match(line.folded) or TITLE_LINE.match(line.folded) or NOI_NHAN.match(line.folded):
        return False
    text = line.text.strip()
    if is_person_name(text) or len(text) > 150:
        return False
    return text.endswith((",", ";", ".")) or bool(_LUU.match(line.folded)) or not started


def _recipient(text: str, start: int, closing: Closing) -> None:
    from directives.parsing.vntext import fold_chars

    stripped = text.strip()
    name = _BULLET.sub("", stripped).strip()
    offset = start + text.find(name) if name else start
    purpose: str | None = None
    match = _PURPOSE.search(name)
    if match and _is_purpose(match.group("p")):
        purpose = _purpose(match.group("p"))
        name = name[: match.start()]
    name = name.strip().rstrip(",;.").strip()
    if not name:
        return
    folded = fold_chars(name)
    if _AS_ABOVE.match(folded):
        closing.as_above_purpose = purpose or closing.as_above_purpose
        if closing.as_above is None:
            as_above = Recipient(name, purpose, "noi_nhan", Span(offset, offset + len(name)))
            closing.as_above = (len(closing.recipients), as_above)
        return
    if _LUU.match(folded):
        purpose = "lưu"
    closing.recipients.append(Recipient(name, purpose, "noi_nhan", Span(offset, offset + len(name))))


def _label(folded: str) -> re.Match[str] | None:
    return NOI_NHAN.match(folded) or _FUZZY_NOI_NHAN.match(folded)


def _noi_nhan(lines: list[Line], index: int, stop: int, closing: Closing) -> None:
    line = lines[index]
    match = _label(line.folded)
    assert match is not None
    closing.used_lines.add(index)
    rest = line.text[match.end() :]
    started = False
    piece = _piece(rest, line.start + match.end(), index) if rest.strip() else None
    if piece is not None:
        # "Nơi nhận: TM. ỦY BAN NHÂN DÂN": the first row of a flattened two-column closing.
        closing.column.append(piece)
    elif rest.strip():
        # "Nơi nhận: - A (b/c), - B." flattened on one line.
        cursor = 0
        for sep in _INLINE_ITEM.finditer(rest):
            _recipient(rest[cursor : sep.start()], line.start + match.end() + cursor, closing)
            cursor = sep.end()
        _recipient(rest[cursor:], line.start + match.end() + cursor, closing)
        started = True
    _items(lines, index + 1, stop, closing, started)


def _items(lines: list[Line], first: int, stop: int, closing: Closing, started: bool) -> None:
    for cursor in range(first, stop):
        nxt = lines[cursor]
        if not _is_item(nxt, started):
            piece = _piece(nxt.text, nxt.start, cursor) if started else None
            following = lines[cursor + 1] if cursor + 1 < stop else None
            if piece is not None and piece.kind != "name" and following and _BULLET.match(following.text):
                # a line of the signature column between two items
                closing.column.append(piece)
                closing.used_lines.add(cursor)
                continue
            break
        closing.used_lines.add(cursor)
        _recipient(_split_column(nxt.text, nxt.start, cursor, closing), nxt.start, closing)
        started = True


def _split_capacity(line: Line) -> tuple[str, str | None]:
    """ "K/T TRƯỞNG BAN PHÓ TRƯỞNG BAN" -> ("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN")."""
    match = TITLE_SUFFIX.search(line.folded)
    capacity = CAPACITY.match(line.folded)
    if match and capacity and match.start("title") > capacity.start("body") + 1:
        cut = match.start("title")
        return line.text[:cut].strip(), line.text[cut:].strip()
    return line.text.strip(), None


def _name_after(lines: list[Line], start: int, stop: int, skip: set[int]) -> tuple[str, Span] | None:
    for cursor in range(start, min(stop, start + _NAME_SCAN)):
        if cursor in skip:
            continue
        line = lines[cursor]
        prefix = SIGNED_PREFIX.match(line.folded)
        text = line.text[prefix.end() :] if prefix else line.text
        text = text.strip(" *()[]")
        if is_person_name(text):
            offset = line.start + line.text.find(text)
            # "LÊ NGỌC HẠNH" -> "Lê Ngọc Hạnh"; names written normally stay as written.
            return _proper(text), Span(offset, offset + len(text))
        if NOISE_LINE.match(line.folded) or NOI_NHAN.match(line.folded):
            continue
        if CAPACITY.match(line.folded):
            return None
    return None


def _nearest(candidates: list[int], block: tuple[int, int] | None) -> int | None:
    """The candidate line nearest to the Nơi nhận block (the last one without a block)."""
    if not candidates:
        return None
    if block is None:
        return candidates[-1]
    first, last = block
    return min(candidates, key=lambda i: (max(first - i, i - last, 0), -i))


def _title_continues(line: Line) -> bool:
    """ "CỤC TRƯỞNG / CỤC NHÀ GIÁO VÀ CÁN BỘ QUẢN LÝ …": the unit the title heads."""
    return (
        line.upper
        and len(line.text) <= 80
        and ORG_START.match(line.folded) is not None
        and not TITLE_LINE.match(line.folded)
        and not CAPACITY.match(line.folded)
        and not is_person_name(line.text.strip())
    )


def _signature(
    lines: list[Line], start: int, stop: int, closing: Closing, block: tuple[int, int] | None = None
) -> int | None:
    capacities = [
        line.index
        for line in lines[start:stop]
        if CAPACITY.match(line.folded) and line.upper and line.index not in closing.used_lines
    ]
    capacity_index = _nearest(capacities, block)
    while capacity_index is not None and capacity_index + 1 in capacities:
        capacity_index += 1  # "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH": read from the last line
    capacity: str | None = None
    title: str | None = None
    glued: tuple[str, Span] | None = None
    first = capacity_index
    if capacity_index is not None:
        capacity, title = _split_capacity(lines[capacity_index])
        prev = capacity_index - 1
        # "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH": both lines state the capacity.
        if prev >= start and CAPACITY.match(lines[prev].folded) and lines[prev].upper:
            capacity, first = f"{lines[prev].text.strip()} {capacity}", prev
        anchor = capacity_index
        nxt = capacity_index + 1
        if title is None and nxt < stop and lines[nxt].upper and _is_title(lines[nxt]):
            title, anchor = lines[nxt].text.strip(), nxt
        elif title is None and nxt < stop and (split := _glued_title(lines[nxt])) is not None:
            title, glued, anchor = split[0], split[1], nxt
    else:
        anchor = -1
        titles = [
            line.index
            for line in lines[start:stop]
            if line.upper
            and _is_title(line)
            and line.index not in closing.used_lines
            and _name_after(lines, line.index + 1, stop, closing.used_lines)
        ]
        found = _nearest(titles, block)
        glued_lines = (
            []
            if found is not None
            else [
                line.index for line in lines[start:stop] if line.index not in closing.used_lines and _glued_title(line)
            ]
        )
        if found is not None:
            anchor, title = found, lines[found].text.strip()
        elif (at := _nearest(glued_lines, block)) is not None:
            split = _glued_title(lines[at])
            assert split is not None
            anchor, title, glued = at, split[0], split[1]
        elif closing.column:
            return _column_signature(lines, stop, closing)
        else:
            return _lone_name(lines, stop, closing, block)
        first = anchor
    assert first is not None
    if title is not None and glued is None:
        while anchor + 1 < stop and anchor + 1 not in closing.used_lines and _title_continues(lines[anchor + 1]):
            anchor += 1
            title = f"{title} {lines[anchor].text.strip()}"
    name = glued or _name_after(lines, anchor + 1, stop, closing.used_lines)
    column = _column_parts(closing)
    if title is None and column[1] is not None:
        title = column[1]
    if name is None and column[2] is not None:
        name = column[2]
    end = name[1].end if name else lines[anchor].end
    closing.signer = Signer(
        name=name[0] if name else None,
        capacity=capacity,
        title=title,
        span=Span(lines[first].start, max(end, lines[first].end)),
    )
    return first


def _glued_title(line: Line) -> tuple[str, tuple[str, Span]] | None:
    """ "PHÓ CHÁNH VĂN PHÒNGLê Thị Hoa": a title with the signer's name glued to it."""
    text = line.text
    for i in range(1, len(text) - 1):
        if text[i].isupper() and text[i + 1].islower():
            head, name = text[:i].strip(), text[i:].strip()
            if any(ch.islower() for ch in head) or not TITLE_LINE.match(line.folded[:i].strip()):
                return None
            if not is_person_name(name):
                return None
            offset = line.start + i
            return head, (_proper(name), Span(offset, offset + len(name)))
    return None


_LONE_NAME_REACH = 4


def _lone_name(lines: list[Line], stop: int, closing: Closing, block: tuple[int, int] | None) -> int | None:
    """A name standing alone just after the Nơi nhận list (capacity and title unreadable)."""
    if block is None:
        return None
    name = _name_after(lines, block[1] + 1, min(stop, block[1] + 1 + _LONE_NAME_REACH), closing.used_lines)
    if name is None:
        return None
    closing.signer = Signer(name=name[0], capacity=None, title=None, span=name[1])
    return None


def _column_parts(closing: Closing) -> tuple[str | None, str | None, tuple[str, Span] | None]:
    capacity = " ".join(p.text.strip() for p in closing.column if p.kind == "capacity") or None
    title = next((p.text.strip() for p in closing.column if p.kind == "title"), None)
    name = next(((_proper(p.text), p.span) for p in closing.column if p.kind == "name"), None)
    return capacity, title, name


def _proper(text: str) -> str:
    return " ".join(w[:1] + w[1:].lower() for w in text.split()) if text.isupper() else text


def _column_signature(lines: list[Line], stop: int, closing: Closing) -> int | None:
    """The signature read from the column pieces glued to the Nơi nhận lines."""
    capacity, title, name = _column_parts(closing)
    last = max(p.line for p in closing.column)
    if name is None:
        name = _name_after(lines, last + 1, stop, closing.used_lines)
    first = min(p.line for p in closing.column)
    spans = [p.span for p in closing.column] + ([name[1]] if name else [])
    closing.signer = Signer(
        name=name[0] if name else None,
        capacity=capacity,
        title=title,
        span=Span(min(s.start for s in spans), max(s.end for s in spans)),
    )
    return first


def _is_title(line: Line) -> bool:
    return bool(TITLE_LINE.match(line.folded)) and len(line.text) <= 60


_KINH_GUI_ANY = re.compile(r"(?<![\w])kinh\s*gui\s*:?\s*")
_KG_ITEM_SEP = re.compile(r"\s*;\s*(?:-\s+)?|\s+-\s+(?=[A-ZĐÀ-Ỹ])")
_KG_STOP = re.compile(r"\.\s+(?=\S)")
_KG_SKIP = re.compile(r"[\W_]*$")
_KINH_GUI_SCAN = 60


def read_kinh_gui(lines: list[Line], start: int, stop: int) -> list[Recipient]:
    """The "Kính gửi" addressees where the header reader did not reach them.

    The label may sit inside a flattened line ("… Hạnh phúc … Kính gửi: - Ủy ban nhân dân
    tỉnh Ninh Thuận; - Bộ Giáo dục và Đào tạo. Vừa qua, …": the list ends with its sentence)
    or alone on its line with the addressees on the dash lines below (table pipes between).
    """
    out: list[Recipient] = []
    for line in lines[start : min(stop, start + _KINH_GUI_SCAN)]:
        label = _KINH_GUI_ANY.search(line.folded)
        if label is None:
            continue
        rest_start = line.start + label.end()
        rest = line.text[label.end() :]
        end = _KG_STOP.search(rest)
        rest = rest[: end.start()] if end else rest
        _kg_items(rest, rest_start, out)
        if out:
            return out
        for nxt in lines[line.index + 1 : min(stop, line.index + 30)]:
            if _KG_SKIP.match(nxt.text):
                continue
            if not _BULLET.match(nxt.text):
                break
            _kg_items(nxt.text, nxt.start, out)
        return out
    return out


def _kg_items(text: str, start: int, out: list[Recipient]) -> None:
    cursor = 0
    pieces = []
    for sep in _KG_ITEM_SEP.finditer(text):
        pieces.append((cursor, sep.start()))
        cursor = sep.end()
    pieces.append((cursor, len(text)))
    for begin, end in pieces:
        raw = text[begin:end]
        name = _BULLET.sub("", raw.strip()).strip(" ;,.|")
        if len(name) >= 3 and any(ch.isupper() for ch in name[:2]):
            offset = start + begin + raw.find(name)
            out.append(Recipient(name, None, "kinh_gui", Span(offset, offset + len(name))))


def _unlabelled_list(lines: list[Line], start: int, stop: int, skip: frozenset[int], closing: Closing) -> int | None:
    """A Nơi nhận list whose label OCR could not read, found by its "- Như trên;" item.

    The label's line, just above, may still carry the signature column ("K-.46 (d0 TL. CHỦ
    TỊCH"): its capacity or title is kept.
    """
    for line in lines[start:stop]:
        if line.index in skip or not _AS_ABOVE_ITEM.match(line.folded):
            continue
        above = lines[line.index - 1] if line.index > start else None
        if above is not None and len(above.text) <= 80:
            capacity = _CAPACITY_TAIL.search(above.folded)
            title = TITLE_SUFFIX.search(" " + above.folded)
            cut = capacity.start() if capacity else (title.start("title") - 1 if title else None)
            piece = _piece(above.text[cut:], above.start + cut, above.index) if cut is not None else None
            if piece is not None:
                closing.column.append(piece)
                closing.used_lines.add(above.index)
        _items(lines, line.index, stop, closing, False)
        return line.index
    return None


_NEW_NUMBER_LINE = re.compile(r"[\s|*]*so\s*:")


def _attachment_start(lines: list[Line], label: int, stop: int, closing: Closing) -> int:
    """Where a document attached after this Nơi nhận list starts (its motto or "Số:" line).

    A draft resolution, a dossier form or a receipt printed after the signature has its own
    header, Nơi nhận and signer; none of them is this document's.
    """
    cursor = label + 1
    while cursor in closing.used_lines:
        cursor += 1
    for line in lines[cursor:stop]:
        if MOTTO.search(line.folded) or _NEW_NUMBER_LINE.match(line.folded):
            return line.index
    return stop


def read_closing(lines: list[Line], start: int, stop: int, skip: frozenset[int]) -> Closing:
    """Signature and Nơi nhận of the region ``lines[start:stop]``."""
    closing = Closing()
    first_noi_nhan = None
    for line in lines[start:stop]:
        if line.index >= stop:
            break
        if line.index in skip or line.index in closing.used_lines:
            continue
        if _label(line.folded) and len(line.text) <= 200:
            first_noi_nhan = line.index if first_noi_nhan is None else first_noi_nhan
            _noi_nhan(lines, line.index, stop, closing)
            stop = _attachment_start(lines, line.index, stop, closing)
    if first_noi_nhan is None:
        first_noi_nhan = _unlabelled_list(lines, start, stop, skip, closing)
    block = None
    if first_noi_nhan is not None:
        block_end = first_noi_nhan
        while block_end + 1 in closing.used_lines:
            block_end += 1
        block = (first_noi_nhan, block_end)
    signature_start = _signature(lines, start, stop, closing, block)
    candidates = [i for i in (first_noi_nhan, signature_start) if i is not None]
    closing.start = min(candidates) if candidates else None
    return closing
