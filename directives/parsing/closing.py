"""Closing zone: signature block and "Nơi nhận" list.

Signature: a capacity line (T/M, TM., K/T, KT., T/L, TL., T/UQ, TUQ., Q. + body), then the
title line(s), then the signer's name, possibly after "Đã ký", "(Đã ký)", a "□", a file
path or the whole Nơi nhận list (two-column layouts flattened column by column). Without a
capacity line, a bare title line ("TRƯỞNG BAN") followed by a name is the signature.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from directives.parsing.grammar import (
    CAPACITY,
    NOI_NHAN,
    NOISE_LINE,
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
_INLINE_ITEM = re.compile(r"(?<=[,;.)])\s+-\s+(?=[^\W\d_])")
_LUU = re.compile(r"^luu\b")
_AS_ABOVE = re.compile(r"^nhu tren\b")
_NAME_SCAN = 25


@dataclass
class Closing:
    signer: Signer | None = None
    recipients: list[Recipient] = field(default_factory=list)
    as_above_purpose: str | None = None
    start: int | None = None  # first line index of the closing zone
    used_lines: set[int] = field(default_factory=set)


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
        return
    if _LUU.match(folded):
        purpose = "lưu"
    closing.recipients.append(
        Recipient(name, purpose, "noi_nhan", Span(offset, offset + len(name)))
    )


def _noi_nhan(lines: list[Line], index: int, stop: int, closing: Closing) -> None:
    line = lines[index]
    match = NOI_NHAN.match(line.folded)
    assert match is not None
    closing.used_lines.add(index)
    rest = line.text[match.end() :]
    started = False
    if rest.strip():
        # "Nơi nhận: - A (b/c), - B." flattened on one line.
        cursor = 0
        for sep in _INLINE_ITEM.finditer(rest):
            _recipient(rest[cursor : sep.start()], line.start + match.end() + cursor, closing)
            cursor = sep.end()
        _recipient(rest[cursor:], line.start + match.end() + cursor, closing)
        started = True
    for cursor in range(index + 1, stop):
        nxt = lines[cursor]
        if not _is_item(nxt, started):
            break
        closing.used_lines.add(cursor)
        _recipient(nxt.text, nxt.start, closing)
        started = True


def _split_capacity(line: Line) -> tuple[str, str | None]:
    """ "K/T TRƯỞNG BAN PHÓ TRƯỞNG BAN" -> ("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN")."""
    match = TITLE_SUFFIX.search(line.folded)
    capacity = CAPACITY.match(line.folded)
    if match and capacity and match.start("title") > capacity.start("body") + 1:
        cut = match.start("title")
        return line.text[:cut].strip(), line.text[cut:].strip()
    return line.text.strip(), None


def _name_after(
    lines: list[Line], start: int, stop: int, skip: set[int]
) -> tuple[str, Span] | None:
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
            name = " ".join(w[:1] + w[1:].lower() for w in text.split()) if text.isupper() else text
            return name, Span(offset, offset + len(text))
        if NOISE_LINE.match(line.folded) or NOI_NHAN.match(line.folded):
            continue
        if CAPACITY.match(line.folded):
            return None
    return None


def _signature(lines: list[Line], start: int, stop: int, closing: Closing) -> int | None:
    capacity_index = None
    for line in lines[start:stop]:
        if CAPACITY.match(line.folded) and line.upper and line.index not in closing.used_lines:
            capacity_index = line.index
    capacity: str | None = None
    title: str | None = None
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
    else:
        anchor = -1
        for line in lines[start:stop]:
            candidate = line.upper and _is_title(line) and line.index not in closing.used_lines
            if candidate and _name_after(lines, line.index + 1, stop, closing.used_lines):
                anchor, title = line.index, line.text.strip()
        if anchor < 0:
            return None
        first = anchor
    assert first is not None
    name = _name_after(lines, anchor + 1, stop, closing.used_lines)
    end = name[1].end if name else lines[anchor].end
    closing.signer = Signer(
        name=name[0] if name else None,
        capacity=capacity,
        title=title,
        span=Span(lines[first].start, end),
    )
    return first


def _is_title(line: Line) -> bool:
    return bool(TITLE_LINE.match(line.folded)) and len(line.text) <= 60


def read_closing(lines: list[Line], start: int, stop: int, skip: frozenset[int]) -> Closing:
    """Signature and Nơi nhận of the region ``lines[start:stop]``."""
    closing = Closing()
    first_noi_nhan = None
    for line in lines[start:stop]:
        if line.index in skip or line.index in closing.used_lines:
            continue
        if NOI_NHAN.match(line.folded) and len(line.text) <= 200:
            first_noi_nhan = line.index if first_noi_nhan is None else first_noi_nhan
            _noi_nhan(lines, line.index, stop, closing)
    signature_start = _signature(lines, start, stop, closing)
    candidates = [i for i in (first_noi_nhan, signature_start) if i is not None]
    closing.start = min(candidates) if candidates else None
    return closing
