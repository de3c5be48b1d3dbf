"""Headerless pages, and the line readers they share with the letterhead.

A web page or a news item often has no letterhead: a title line ("Chỉ thị số 17-CT/TU về …") or a
lead ("… đã ban hành Chỉ thị số 17 về việc …") names the document instead. The "Số:" number and the
"Kính gửi" list are read the same way in both (`header.read_header` calls these).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from directives.parsing.dates import NGAY_DATE, date_from_match
from directives.parsing.grammar import (
    CODE_BY_TYPE,
    KINH_GUI,
    OPENERS,
    NumberMatch,
    find_main_clause,
    number_at,
    type_from_folded,
)
from directives.parsing.layout import Line
from directives.parsing.model import Recipient, Span
from directives.parsing.vntext import fold

# A bullet ("- ", "+ ", "• ") and a numbered heading ("I. ", "2) ", "a- "): not a subject or addressee.
BULLET = re.compile(r"^[-+•*]\s*")
STRUCTURE = re.compile(r"^(?:[ivx]{1,4}|\d{1,3}|[a-z])[.)\-]\s")

if TYPE_CHECKING:
    from directives.parsing.header import Header

_HEADLINE = re.compile(
    r"(?:^|(?P<lead>\bban hanh\s+))(?P<type>"
    + "|".join(sorted((fold(name) for name in CODE_BY_TYPE), key=len, reverse=True))
    + r")\s+so\s+(?=\d)"
)


_POSTED = re.compile(r"\s*\(\d{1,2}/\d{1,2}/\d{4}\)\s*$")


_BARE_NUMERAL = re.compile(r"\d{1,5}\b")


_HEADLINE_DATE = re.compile(r"\s*,?\s*(?=ngay\b)" + NGAY_DATE.pattern)


_HEADLINE_OF = re.compile(r"\s*,?\s*cua\s+")


_HEADLINE_TOPIC = re.compile(r"\s*,?\s*(?P<topic>ve viec|ve|v/v)\b")


_SENTENCE_END = re.compile(r"\.(?:\s|$)")


def set_number(line: Line, found: NumberMatch, header: Header) -> None:
    header.seen_anchor = True
    header.number = NumberMatch(
        found.number,
        found.symbol,
        found.code,
        found.state_style,
        found.start + line.start,
        found.end + line.start,
    )


# Between addressees on one line: "; " (an optional dash after it), or " - " before a capital.
_ADDRESSEE_SEP = re.compile(r";\s*(?:-\s+)?(?=\S)|\s+-\s+(?=[A-ZĐÀ-Ỹ])")


# A full stop followed by more text ends the addressee list of a flattened page.
_ADDRESSEES_END = re.compile(r"\.\s+(?=\S)")


def read_addressees(line: Line, lines: list[Line], header: Header, stop: int) -> int:
    """Parse "Kính gửi: - A / - B" and return the index of the first line after it."""
    index = line.index
    match = KINH_GUI.match(line.folded)
    if match is None:
        return index + 1
    items: list[tuple[str, int]] = []
    first = line.text[match.end() :]
    # In a flattened page the addressees run on into the body: the list ends with its sentence.
    sentence_end = _ADDRESSEES_END.search(first)
    if sentence_end is not None:
        first = first[: sentence_end.start()]
    cursor = 0
    # "Kính gửi: Ban Tuyên giáo các huyện ủy; Ban Tuyên giáo các đảng ủy trực thuộc."
    for sep in _ADDRESSEE_SEP.finditer(first):
        items.append((first[cursor : sep.start()], line.start + match.end() + cursor))
        cursor = sep.end()
    if first[cursor:].strip():
        items.append((first[cursor:], line.start + match.end() + cursor))
    cursor = index + 1
    while cursor < stop and sentence_end is None:
        nxt = lines[cursor]
        bulleted = BULLET.match(nxt.text) is not None
        if not bulleted and (items or OPENERS.match(nxt.folded) or len(nxt.text) > 160):
            break
        items.append((nxt.text, nxt.start))
        cursor += 1
    for raw, start in items:
        name = BULLET.sub("", raw.strip()).strip(" ;,.|")
        if len(name) >= 3 and any(ch.isalpha() for ch in name):  # not a table pipe or an OCR speck
            offset = raw.find(name)
            span = Span(start + offset, start + offset + len(name))
            header.recipients.append(Recipient(name, None, "kinh_gui", span))
    return cursor


def read_headline(lines: list[Line], start: int, limit: int, skip: frozenset[int], header: Header) -> None:
    """A text without a letterhead (a web page) named by its title or its lead sentence.

    "Công văn số 2073 - CV/HNDTW ngày 22 tháng 9 năm 2016 của Trung ương Hội Nông dân Việt
    Nam về việc …" (a title) and "Ngày 6/8, Ban Thường vụ Tỉnh ủy Yên Bái đã ban hành Chỉ thị
    số 17 về việc …" (a news lead) give the type, the number, the date, the issuer and the subject.
    """
    for line in lines[start : min(limit, start + 3)]:
        if line.index in skip or len(line.text) > 1500:
            continue
        match = _HEADLINE.search(line.folded)
        if match is not None:
            _read_headline(line, match, header)
            # the title or lead is not the body; a "Kính gửi" may follow it
            header.body_start = line.index + 1
            if header.body_start < limit and KINH_GUI.match(lines[header.body_start].folded):
                header.body_start = read_addressees(lines[header.body_start], lines, header, limit)
            return
    _title(lines, start, limit, header)


def _title(lines: list[Line], start: int, limit: int, header: Header) -> None:
    """The title line of a headerless page is its subject ("Kỷ niệm 100 năm … (07/10/2020)").

    A title is short, ends without punctuation and stands above the opening paragraph; a
    posting date in brackets after it is not part of it.
    """
    if header.subject is not None or header.recipients or start + 1 >= limit:
        return
    line, after = lines[start], lines[start + 1]
    text = _POSTED.sub("", line.text).strip()
    if not 10 <= len(text) <= 200 or text[-1:] in ".:;,!?" or OPENERS.match(line.folded):
        return
    if STRUCTURE.match(line.folded) or find_main_clause(line.text, line.folded, 0, len(line.text)):
        return
    if OPENERS.match(after.folded) or len(after.text) > 2 * len(text):
        header.subject = (text, Span(line.start, line.start + len(text)))


def _read_headline(line: Line, match: re.Match[str], header: Header) -> None:
    from directives.parsing.grammar import read_org

    text, folded = line.text, line.folded
    name = type_from_folded(match.group("type"))
    if name is None:
        return
    header.type_name = (name, Span(line.start + match.start("type"), line.start + match.end("type")))
    pos = match.end()
    found = number_at(text, pos, len(text))
    if found is not None and found.number:
        set_number(line, found, header)
        pos = found.end
    else:
        bare = _BARE_NUMERAL.match(folded, pos)
        pos = bare.end() if bare else pos
    dated = _HEADLINE_DATE.match(folded, pos)
    if dated:
        found_date = date_from_match(dated, line.start)
        if found_date is not None and found_date.year is not None and found_date.day is not None:
            header.date = found_date
        pos = dated.end()
    of = _HEADLINE_OF.match(folded, pos)
    if of:
        span = read_org(text, folded, of.end())
        if span is not None:
            header.issuer_of_type = (text[span[0] : span[1]], Span(line.start + span[0], line.start + span[1]))
            pos = span[1]
    topic = _HEADLINE_TOPIC.match(folded, pos)
    if topic:
        end = _SENTENCE_END.search(text, topic.end())
        stop = end.start() if end else len(text.rstrip())
        header.subject = (text[topic.start("topic") : stop], Span(line.start + topic.start("topic"), line.start + stop))
    if match.group("lead") and header.issuer_of_type is None:
        _lead_issuer(line, match.start(), header)


def _lead_issuer(line: Line, verb: int, header: Header) -> None:
    """ "…, Ban Thường vụ Tỉnh ủy Yên Bái đã ban hành …": the organisation before the verb."""
    from directives.parsing.grammar import read_org

    clause = max(line.text.rfind(",", 0, verb), line.text.rfind(" - ", 0, verb))
    pos = clause + 1 if clause >= 0 else 0
    while pos < verb and line.text[pos] in " -":
        pos += 1
    span = read_org(line.text, line.folded, pos, verb)
    if span is not None:
        header.lead_issuer = (line.text[span[0] : span[1]], Span(line.start + span[0], line.start + span[1]))
