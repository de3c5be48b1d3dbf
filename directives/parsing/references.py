"""References: every document number cited in the text, merged per number.

For each number the text right after it may give the date ("ngày 15/6/2023", ", ngày
14/02/2012", "ngày 27 tháng 11 năm 2023") and the issuer ("của Bộ Chính trị"), in either
order; "chỉ đạo của X tại Công văn số N" gives the issuer before the number.

Relations: a number cited in an opening "Thực hiện …" / "Triển khai …" clause is
``implements``, in a "Căn cứ …" clause ``based_on``, anywhere else ``mentions``. Inside an
opening clause, a number that sits in the "về …" topic of an earlier reference ("Công văn
số 5763-CV/TU về triển khai … Kết luận số 57-KL/TW") is only mentioned: the document carries
out the Công văn, not the Kết luận directly. The strongest relation of any mention wins.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date

from directives.parsing.dates import NGAY_DATE, date_from_match
from directives.parsing.grammar import NumberMatch, find_numbers, read_org
from directives.parsing.model import Reference, Span

_SKIP = re.compile(r"[\s,]*(?:(?:duoc\s+)?ban hanh\s+)?(?:vao\s+)?")
_OF = re.compile(r"[\s,]*cua\s+")
_OF_BEFORE = re.compile(r"cua\s+(?P<org>(?:(?!cua\s)[^,;.]){3,90}?)\s+tai\s+(?:[a-z]+\s+){0,3}?so\s*:?\s*$")
_RESET = re.compile(
    r";|\bva\s+(?:chi dao|y kien|ket luan|huong dan|chi thi|nghi quyet|cong van|ke hoach|"
    r"quyet dinh|thong bao|van ban|quy dinh|nghi dinh|thong tu|luat|chuong trinh)"
)
_TOPIC = re.compile(r"(?<!\w)về(?!\w)")
_TITLE = re.compile(
    r"(?:(?:pho|quyen)\s+)?(?:giam doc|chu tich|truong ban|chanh van phong|bo truong|"
    r"thu truong|chu nhiem|bi thu|tong giam doc|cuc truong|vien truong)\s+"
)
# Scope: nothing after the closing zone (signature, Nơi nhận, attached drafts and dossiers
# with their own Căn cứ) is cited by the document itself.
_RANK = {"implements": 3, "based_on": 2, "mentions": 1}
_WINDOW = 220

# After a "số" label a citation may be written loosely: "số 298 KH/TWĐTN" (space for the
# hyphen), "số 17/NQ- CP" / "số 15/2020/TT- BGDĐT" (a symbol broken at a hyphen and re-joined
# with a space), "số 01/CT - HĐĐ", "số 237/SGD&ĐT-GDMN", "số 19/2008/NQLT/CP-UBTUMTTQVN", and
# old-style symbols without a slash ("số 87-TTg-B", "số 435-TTg"). Runs on the folded text
# only to find the label; the number itself is read from the normalised text.
# "số 12", "Số: 12", "SỐ 12" (the caller checks the character before: "cơ sở 12" is no label)
_LABEL = re.compile(r"so(?:\s{0,3}(?P<colon>:)\s{0,3}|\s?\.?\s?)(?=\d)")
_LOOSE_SYM = r"[A-ZĐ][A-Za-zĐđ0-9&]*(?<!&)"
_LOOSE_NUMBER = re.compile(
    rf"(?P<num>\d{{1,5}}[a-z]?)(?P<sep>\s?[-/]\s?|\s(?=[A-ZĐ]))"
    rf"(?P<rest>(?:(?:19|20)\d{{2}}\s?/\s?)?{_LOOSE_SYM}"
    rf"(?:[-/]{_LOOSE_SYM}|(?:\s-\s?|-\s)(?=[A-ZĐ]{{2}}){_LOOSE_SYM})*)(?![\w/&])"
)
_SPACES = re.compile(r"\s+")
_CUT_SHORT = ("-", "&", "/")
# A document's own number line: a capitalised "Số:" / "Số :" / "SỐ:" label with a colon,
# not after a type word ("Công văn số 12" cites, "Số: 12/UBND-VX" numbers). Attached drafts
# and copies carry their own number lines too; none of them is a citation.
_CITING_WORD = re.compile(
    r"(?:van ban|cong van|quyet dinh|nghi quyet|chi thi|thong tu|nghi dinh|ke hoach|"
    r"thong bao|huong dan|ket luan|bao cao|to trinh|quy dinh|luat|phap lenh)\s*$"
)


@dataclass(frozen=True, slots=True)
class Clause:
    """An opening clause ``[start, end)`` of the body with the relation it confers."""

    start: int
    end: int
    relation: str


@dataclass
class _Acc:
    number: str
    span: Span
    date: date | None = None
    issuer: str | None = None
    relation: str = "mentions"
    mentions: list[Span] = field(default_factory=list)


def _date_after(folded: str, pos: int, stop: int) -> tuple[date | None, int]:
    skip = _SKIP.match(folded, pos, stop)
    cursor = skip.end() if skip else pos
    match = NGAY_DATE.match(folded, cursor, stop)
    if match is None:
        return None, pos
    found = date_from_match(match)
    if found is None or found.year is None:
        return None, match.end()
    return found.resolve(None), match.end()


def _org_near(text: str, folded: str, pos: int, stop: int) -> tuple[int, int] | None:
    """An organisation at ``pos`` or after a leading title ("Giám đốc Sở Nội vụ" -> "Sở …")."""
    span = read_org(text, folded, pos, stop)
    if span is not None:
        return span
    title = _TITLE.match(folded, pos, stop)
    return read_org(text, folded, title.end(), stop) if title else None


def _issuer_after(text: str, folded: str, pos: int, stop: int) -> tuple[str | None, int]:
    match = _OF.match(folded, pos, stop)
    if match is None:
        return None, pos
    span = _org_near(text, folded, match.end(), stop)
    if span is None:
        return None, pos
    return text[span[0] : span[1]], span[1]


def _context(text: str, folded: str, number: NumberMatch) -> tuple[date | None, str | None]:
    line_end = text.find("\n", number.end)
    stop = min(len(text) if line_end < 0 else line_end, number.end + _WINDOW)
    when: date | None = None
    issuer: str | None = None
    cursor = number.end
    for _ in range(2):
        found_date, after = _date_after(folded, cursor, stop)
        if found_date is not None:
            when, cursor = when or found_date, after
        found_issuer, after = _issuer_after(text, folded, cursor, stop)
        if found_issuer is not None:
            issuer, cursor = issuer or found_issuer, after
        if found_date is None and found_issuer is None:
            break
    if issuer is None:
        issuer = _issuer_before(text, folded, number)
    return when, issuer


def _issuer_before(text: str, folded: str, number: NumberMatch) -> str | None:
    line_start = text.rfind("\n", 0, number.start) + 1
    start = max(line_start, number.start - 160)
    match = _OF_BEFORE.search(folded, start, number.start)
    if match is None:
        return None
    span = _org_near(text, folded, match.start("org"), match.end("org"))
    return text[span[0] : span[1]] if span else None


def _relations(text: str, folded: str, clause: Clause, numbers: list[NumberMatch]) -> dict[int, str]:
    """Relation of each number inside an opening clause (keyed by number start)."""
    out: dict[int, str] = {}
    cursor = clause.start
    in_topic = False
    for number in numbers:
        if not clause.start <= number.start < clause.end:
            continue
        gap_text = text[cursor : number.start]
        topics = list(_TOPIC.finditer(gap_text))
        topic = topics[-1] if topics else None
        if topic is not None:
            in_topic = True
            after = folded[cursor + topic.end() : number.start]
            if _RESET.search(after):
                in_topic = False
        elif _RESET.search(folded, cursor, number.start):
            in_topic = False
        out[number.start] = "mentions" if in_topic else clause.relation
        cursor = number.end
    return out


def _loose_at(text: str, pos: int, end: int) -> NumberMatch | None:
    """A loosely written number starting at ``pos`` (see ``_LOOSE_NUMBER``)."""
    match = _LOOSE_NUMBER.match(text, pos, min(end, pos + 80))
    if match is None:
        return None
    rest = _SPACES.sub("", match.group("rest"))
    sep = match.group("sep").strip() or "-"
    if sep == "/" and "/" not in rest and "-" not in rest:
        return None  # "số 12/ABC": a ratio or a page, as in the strict grammar
    if sep == "-" and "/" not in rest and len(re.split(r"[-/]", rest, maxsplit=1)[0]) < 2:
        return None  # "số 3-A": a house number, not "số 87-TTg-B"
    if not match.group("sep").strip() and "/" not in rest:
        return None
    symbol = rest.split("/", 1)[1] if sep == "/" and rest[:1].isdigit() else rest
    code = re.split(r"[-/]", symbol, maxsplit=1)[0]
    number = f"{match.group('num')}{sep}{rest}"
    return NumberMatch(number, symbol, code, sep == "/", match.start(), match.end())


def number_key(number: str) -> str:
    """Comparison key of a document number: case, spaces and hyphens do not count."""
    return re.sub(r"[\s.\-]+", "", number).upper()


def _scan(text: str, folded: str, start: int, end: int) -> tuple[list[NumberMatch], set[str]]:
    """Every number in ``[start, end)`` (strict grammar, plus loose readings after "số") and
    the keys of the numbers on own-number lines (a capitalised "Số:" with a colon, not after a
    type word), in one pass over the labels."""
    strict = find_numbers(text, start, end)
    starts = [n.start for n in strict]
    loose: list[NumberMatch] = []
    own: set[str] = set()
    for label in _LABEL.finditer(folded, start, end):
        before = folded[label.start() - 1] if label.start() else " "
        if before.isalnum() or before == "_":
            continue  # "co so 12", "ho so": not a label
        at = bisect.bisect_left(starts, label.end())
        first = strict[at] if at < len(strict) else None
        found = None
        if first is None or first.start != label.end() or text[first.end : first.end + 1] in _CUT_SHORT:
            found = _loose_at(text, label.end(), end)  # the strict grammar did not read it whole
            if found is not None:
                loose.append(found)
        if not label.group("colon") or text[label.start()] != "S":
            continue
        if _CITING_WORD.search(folded, max(0, label.start() - 20), label.start()):
            continue  # "Công văn Số: 12/…" cites
        for number in (found, first):
            if number and number.number and not text[label.end() : number.start].strip(" ._…"):
                own.add(number_key(number.number))
    if not loose:
        return strict, own
    # "15/2020/TT" read strictly where the loose reading sees "15/2020/TT- BGDĐT"
    longer = {lo.start: lo.end for lo in loose}
    out = [n for n in strict if longer.get(n.start, n.end) <= n.end]
    kept = [n.start for n in out]
    ends = [n.end for n in out]
    for lo in loose:
        at = bisect.bisect_left(kept, lo.end)
        # the kept numbers do not overlap: only the one starting last before lo.end may reach it
        if at and ends[at - 1] > lo.start:
            continue
        out.insert(at, lo)
        kept.insert(at, lo.start)
        ends.insert(at, lo.end)
    return out, own


def extract_references(
    text: str,
    folded: str,
    ranges: list[tuple[int, int]],
    exclude: list[Span],
    clauses: list[Clause],
    own: frozenset[str] = frozenset(),
    closing: int | None = None,
) -> list[Reference]:
    """References in ``ranges``; ``own`` holds the keys (``number_key``) of the document's
    own number(s): the document never cites itself, wherever its number is repeated."""
    numbers: list[NumberMatch] = []
    scans = [_scan(text, folded, start, end) for start, end in ranges]
    for _, own_keys in scans:
        own = own | own_keys
    for found, _ in scans:
        numbers.extend(
            n
            for n in found
            if n.number
            and number_key(n.number) not in own
            and (closing is None or n.start < closing)
            and not any(n.start < e.end and e.start < n.end for e in exclude)
        )
    relation_of: dict[int, str] = {}
    for clause in clauses:
        relation_of.update(_relations(text, folded, clause, numbers))
    merged: dict[str, _Acc] = {}
    for number in numbers:
        assert number.number is not None
        key = number_key(number.number)
        when, issuer = _context(text, folded, number)
        acc = merged.setdefault(key, _Acc(number.number, Span(number.start, number.end)))
        acc.mentions.append(Span(number.start, number.end))
        acc.date = acc.date or when
        if issuer and (acc.issuer is None or len(issuer) > len(acc.issuer)):
            acc.issuer = issuer
        relation = relation_of.get(number.start, "mentions")
        if _RANK[relation] > _RANK[acc.relation]:
            acc.relation = relation
    return [Reference(a.number, a.date, a.issuer, a.relation, a.span, tuple(a.mentions)) for a in merged.values()]
