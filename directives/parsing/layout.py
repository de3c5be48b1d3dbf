"""Line-structure pass: split the normalised text into lines and find the zones.

Zones: an incoming-document stamp ("ĐẾN Số: 538 Ngày: 27/6/2023", anywhere, excluded from
everything else), a copy block ("SAO LỤC" / "SAO Y BẢN CHÍNH" / "TRÍCH SAO" with its own
issuer, number, date, Nơi nhận and signature, at the end) and the main document before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from directives.parsing.dates import find_dates
from directives.parsing.grammar import CAPACITY, MOTTO, TYPE_LINE
from directives.parsing.model import Received, Span
from directives.parsing.places import restore_letterhead
from directives.parsing.vntext import MAX_LINE, fold_chars, title_case


@dataclass(frozen=True, slots=True)
class Line:
    index: int
    start: int
    end: int
    text: str
    folded: str

    upper: bool = False  # an all-caps line (headers, headings, signature titles)

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


def _is_upper(text: str) -> bool:
    # Headers, headings and titles are short; long lines are prose whatever their case.
    if len(text) > 200:
        return False
    upper = sum(map(str.isupper, text))
    lower = sum(map(str.islower, text))
    return upper >= 2 and upper >= 0.85 * (upper + lower)


def sub_line(line: Line, start: int, end: int) -> Line:
    """The part ``[start, end)`` of a line (offsets within it) as a line of its own."""
    text = line.text[start:end]
    return Line(line.index, line.start + start, line.start + end, text, line.folded[start:end], _is_upper(text))


def glue_lines(first: Line, second: Line) -> Line:
    """Two consecutive lines read as one (a cell broken over lines); the break counts as a space.

    The result carries the second line's index, so reading continues after it.
    """
    text = f"{first.text} {second.text}"
    return Line(second.index, first.start, second.end, text, f"{first.folded} {second.folded}", _is_upper(text))


def split_lines(text: str, folded: str) -> list[Line]:
    lines: list[Line] = []
    start = 0
    for index, raw in enumerate(text.split("\n")):
        end = start + len(raw)
        lines.append(Line(index, start, end, raw, folded[start:end], _is_upper(raw)))
        start = end + 1
    return lines


_STAMP_HEAD = re.compile(r"^(?:cong van |van ban )?den\b(?P<rest>.*)$")
_STAMP_FIELD = re.compile(r"^(?:so|ngay|gio|chuyen|luu ho so|nguoi nhan|ky hieu)\s*:")
_STAMP_NUMBER = re.compile(r"so\s*:\s*(?P<n>[\w\-/.]{1,20})")
_COPY_MARKER = re.compile(r"^(?P<kind>sao luc|sao y(?: ban chinh)?|trich sao|ban sao)\s*$")
_COPY_KINDS = {"sao luc": "sao lục", "trich sao": "trích sao", "ban sao": "sao y"}
_SUB_UNIT = re.compile(r"(?<!uy )(?<![a-z])(?:ban|van phong|phong)\s(?!chap hanh)")
_STATE_BODY = re.compile(r"^(?:uy ban nhan dan|ubnd|bo |hoi dong nhan dan|so )")
_GENERIC_ORGAN = re.compile(r"^(?:ban chap hanh|bch)\b")


@dataclass(frozen=True, slots=True)
class Layout:
    lines: list[Line]
    stamp_lines: frozenset[int]
    received: Received | None
    main_end: int  # line index where the copy block starts (len(lines) if none)
    copy_marker: int | None
    copy_kind: str | None


def _stamp(lines: list[Line], head: int) -> tuple[set[int], Received] | None:
    line = lines[head]
    match = _STAMP_HEAD.match(line.folded[:MAX_LINE])
    if match is None or not line.text[:3].isupper():
        return None
    members = {head}
    cursor = head + 1
    while cursor < len(lines) and cursor - head <= 6 and _STAMP_FIELD.match(lines[cursor].folded):
        members.add(cursor)
        cursor += 1
    block = " ".join(lines[i].text for i in sorted(members))
    folded = fold_chars(block)
    number = _STAMP_NUMBER.search(folded)
    dates = [d for d in find_dates(folded) if d.day is not None]
    if number is None and not dates:
        return None
    by = None
    prev = lines[head - 1] if head > 0 else None
    if prev and prev.upper and len(prev.text) <= 80 and not _is_header_furniture(prev):
        members.add(prev.index)
        by = compose_org([prev.text])
    start = lines[min(members)].start
    end = lines[max(members)].end
    received = Received(
        number=block[number.start("n") : number.end("n")] if number else None,
        date=dates[0].resolve(None) if dates else None,
        by=by,
        span=Span(start, end),
    )
    return members, received


def _is_header_furniture(line: Line) -> bool:
    folded = line.folded
    return bool(
        MOTTO.search(folded) or TYPE_LINE.match(folded) or CAPACITY.match(folded) or folded.startswith(("so ", "so:"))
    )


def find_layout(lines: list[Line]) -> Layout:
    stamp_lines: set[int] = set()
    received: Received | None = None
    copy_marker: int | None = None
    copy_kind: str | None = None
    for line in lines:
        if received is None and line.text[:3].isupper():
            found = _stamp(lines, line.index)
            if found is not None:
                stamp_lines, received = found[0], found[1]
                continue
        marker = _COPY_MARKER.match(line.folded)
        if marker and line.upper and line.index >= 3 and copy_marker is None:
            copy_marker = line.index
            kind = marker.group("kind")
            copy_kind = _COPY_KINDS.get(kind, "sao y" if kind.startswith("sao y") else kind)
    main_end = len(lines)
    if copy_marker is not None:
        main_end = copy_marker
        # The copying organisation's name sits just above the marker.
        while main_end - 1 > 0 and copy_marker - main_end < 3:
            prev = lines[main_end - 1]
            if not prev.upper or (_is_header_furniture(prev) and not MOTTO.search(prev.folded)):
                break
            main_end -= 1
    return Layout(lines, frozenset(stamp_lines), received, main_end, copy_marker, copy_kind)


_YOUTH_MOTTO = re.compile(r"^doan (?:tncs|thanh nien cong san) ho chi minh$")
# "ỦY BAN NHÂN DÂN" / "TỈNH BẮC NINH": a council or committee named without its locality,
# which the next line gives; several such bodies above one locality issue jointly.
_BARE_BODY = re.compile(
    r"^(?:uy ban nhan dan|hoi dong nhan dan|ubnd|hdnd|uy ban (?:mttq|mat tran to quoc)(?: viet nam)?)$"
)
_LOCALITY = re.compile(r"^(?:tinh|thanh pho|thanh|tp|huyen|quan|thi xa|tx|xa|phuong|thi tran)\b")


def _with_locality(parts: list[str]) -> str | None:
    if len(parts) < 2 or not _LOCALITY.match(fold_chars(parts[-1])):
        return None
    bodies: list[str] = []
    for part in reversed(parts[:-1]):
        if not _BARE_BODY.match(fold_chars(part).strip()):
            break
        bodies.insert(0, part)
    if not bodies:
        return None
    bodies[-1] = f"{bodies[-1]} {parts[-1]}"
    return " - ".join(title_case(body) for body in bodies)


_ORG_WORD = re.compile(r"\b(?:dang|doan|cong doan|hoi|mat tran|uy ban|tinh|huyen|xa|thanh pho)\b")


def compose_org(parts: list[str]) -> str | None:
    """Issuer name from header lines, proper-cased.

    ["TỈNH ỦY ĐỒNG NAI", "BAN TUYÊN GIÁO"] and the glued "TỈNH ỦY QUẢNG NGÃI VĂN PHÒNG"
    both name a unit of a superior body: "Ban Tuyên giáo Tỉnh ủy Đồng Nai", "Văn phòng Tỉnh
    ủy Quảng Ngãi". A generic organ ("BAN CHẤP HÀNH TRUNG ƯƠNG") is completed by the next line;
    otherwise the last line is the issuer and the lines above it are its superiors.
    """
    parts = [restore_letterhead(p.strip(" *-.,")) for p in parts if p.strip(" *-.,")]
    # "ĐOÀN TNCS HỒ CHÍ MINH" is the Youth Union's motto line (like "ĐẢNG CỘNG SẢN VIỆT
    # NAM"), unless it completes a bare "BAN CHẤP HÀNH TRUNG ƯƠNG" above it.
    if len(parts) >= 2 and _YOUTH_MOTTO.match(fold_chars(parts[-1]).strip()):
        above = fold_chars(parts[-2])
        if not _GENERIC_ORGAN.match(above) or _ORG_WORD.search(above):
            parts = parts[:-1]
    if not parts:
        return None
    located = _with_locality(parts)
    if located:
        return located
    superior, unit = (parts[-2], parts[-1]) if len(parts) >= 2 else _split_glued(parts[0])
    if not superior:
        return title_case(unit)
    unit_folded = fold_chars(unit)
    superior_folded = fold_chars(superior)
    if _SUB_UNIT.match(unit_folded + " "):
        if _STATE_BODY.match(superior_folded):
            return title_case(unit)
        return f"{title_case(unit)} {title_case(superior)}"
    if _GENERIC_ORGAN.match(superior_folded):
        return f"{title_case(superior)} {title_case(unit)}"
    return title_case(unit)


def _split_glued(text: str) -> tuple[str, str]:
    folded = fold_chars(text)
    last = None
    for match in _SUB_UNIT.finditer(folded + " "):
        if match.start() > 0:
            last = match
    if last is None:
        return "", text
    return text[: last.start()].strip(), text[last.start() :].strip()
