"""``parse_document``: normalise, find the zones, read each zone, assemble the result."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from directives.deadlines.workcal import WorkCalendar
from directives.parsing.closing import Closing, read_closing, read_kinh_gui
from directives.parsing.grammar import (
    CODE_BY_TYPE,
    TYPE_BY_CODE,
    find_main_clause,
    type_from_code,
)
from directives.parsing.header import Header, late_place_date, read_header
from directives.parsing.layout import Layout, Line, compose_org, find_layout, split_lines
from directives.parsing.model import (
    CopyInfo,
    ParseConfig,
    ParsedDocument,
    Recipient,
    Span,
    Task,
)
from directives.parsing.orgs import same_org
from directives.parsing.references import Clause, extract_references, number_key
from directives.parsing.tasks import TaskContext, extract_tasks
from directives.parsing.vntext import fold_chars, normalize_text, title_case

_OPENING = re.compile(r"(?:thuc hien|trien khai|thi hanh|can cu)\b")
_STRUCTURE = re.compile(r"(?:[ivx]{1,4}|\d{1,2}|[a-z])[.)\-]\s|dieu\s+\d")
_OPENING_SCAN = 8
_BULLET = re.compile(r"[-+•*]\s*")
# A letterhead naming a whole committee ("BAN CHẤP HÀNH TRUNG ƯƠNG") signed "T/M <organ>".
_COMMITTEE = re.compile(r"(?:ban chap hanh|bch)\b")
_ON_BEHALF = re.compile(r"(?:t/m|tm\.?)\s+")
_COMPLETE_ORGAN = re.compile(r"bo chinh tri|ban bi thu|\b(?:trung uong|tinh|thanh|huyen|doan|dang|hoi|cong doan)\b")
_DEFAULT_CALENDAR = WorkCalendar()


@dataclass(frozen=True, slots=True)
class _MainClause:
    org: Span
    line: Line


def _main_clause(line: Line, text: str, folded: str) -> _MainClause | None:
    span = find_main_clause(text, folded, line.start, line.end)
    return _MainClause(Span(*span), line) if span else None


def _opening(lines: list[Line], text: str, folded: str) -> tuple[list[Clause], _MainClause | None]:
    clauses: list[Clause] = []
    main: _MainClause | None = None
    for line in lines[:_OPENING_SCAN]:
        if _STRUCTURE.match(line.folded):
            break
        clause_main = _main_clause(line, text, folded)
        main = main or clause_main
        bullet = _BULLET.match(line.folded)
        offset = bullet.end() if bullet else 0
        opening = _OPENING.match(line.folded, offset)
        if opening:
            relation = "based_on" if opening.group(0) == "can cu" else "implements"
            end = clause_main.org.start if clause_main else line.end
            clauses.append(Clause(line.start, end, relation))
    return clauses, main


def _type(header: Header) -> tuple[str | None, str | None]:
    number = header.number
    code = number.code if number else None
    if header.type_name:
        printed = header.type_name[0]
        return printed, code if code in TYPE_BY_CODE else CODE_BY_TYPE.get(printed)
    derived = type_from_code(code, state_style=bool(number and number.state_style))
    if derived:
        return derived, code
    if header.subject and fold_chars(header.subject[0]).startswith("v/v"):
        return "Công văn", "CV"
    if any(r.section == "kinh_gui" for r in header.recipients):
        return "Công văn", "CV"  # a letter "Kính gửi …" without a type name is a Công văn
    return None, None


def _copy(layout: Layout, text: str) -> tuple[CopyInfo | None, Closing | None, Header | None]:
    if layout.copy_marker is None or layout.copy_kind is None:
        return None, None, None
    lines = layout.lines
    skip = layout.stamp_lines | {layout.copy_marker}
    header = read_header(lines, layout.main_end, len(lines), frozenset(skip))
    closing = read_closing(lines, header.body_start, len(lines), layout.stamp_lines)
    issuer = compose_org([t for t, _ in header.issuer_lines])
    date = header.date.resolve(None) if header.date else None
    info = CopyInfo(
        number=header.number.number if header.number else None,
        kind=layout.copy_kind,
        issuer=issuer,
        place=header.place[0] if header.place else None,
        date=date,
        signer=closing.signer,
        span=Span(lines[layout.main_end].start, len(text)),
    )
    return info, closing, header


def _issuer(header: Header, main: _MainClause | None, closing: Closing, text: str) -> tuple[str | None, Span | None]:
    """Issuer: "<TYPE> CỦA <ORG>", else the header, else the body's main clause.

    A letterhead that names a whole committee ("BAN CHẤP HÀNH TRUNG ƯƠNG [ĐOÀN …]") yields
    to the organ that signs on its behalf when that organ is fully named ("T/M BỘ CHÍNH
    TRỊ", "TM. BAN BÍ THƯ TRUNG ƯƠNG ĐOÀN"): that organ issued the document.
    """
    if header.issuer_of_type:
        return header.issuer_of_type
    names = [t for t, _ in header.issuer_lines]
    composed = compose_org(names)
    if composed:
        spans = [s for _, s in header.issuer_lines]
        organ = _signing_organ(closing) if _COMMITTEE.match(fold_chars(composed)) else None
        return organ or (composed, Span(spans[0].start, spans[-1].end))
    if main is not None:
        return text[main.org.start : main.org.end], main.org
    return header.lead_issuer or (None, None)


def _signing_organ(closing: Closing) -> tuple[str, Span] | None:
    signer = closing.signer
    if signer is None or signer.capacity is None or signer.span is None:
        return None
    folded = fold_chars(signer.capacity)
    match = _ON_BEHALF.match(folded)
    if match is None:
        return None
    body = signer.capacity[match.end() :]
    # "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH": only the part before a second capacity
    body = re.split(r"\s+(?:K/T|KT\.|T/L|TL\.)\s", body)[0].strip()
    if not body or not _COMPLETE_ORGAN.search(fold_chars(body)):
        return None
    start = signer.span.start + match.end()
    return title_case(body), Span(start, start + len(body))


def _recipients(header: Header, closings: list[Closing], addressed: list[Recipient]) -> tuple[Recipient, ...]:
    """Kính gửi (``addressed``: the header's, else found in the body) then the Nơi nhận lists.

    "Như trên" stands for the Kính gửi addressees; listed only when there are none to read.
    """
    purpose = next((c.as_above_purpose for c in closings if c.as_above_purpose), None)
    out = [Recipient(r.name, r.purpose or purpose, r.section, r.span) for r in addressed]
    for closing in closings:
        items = list(closing.recipients)
        if not addressed and closing.as_above is not None:
            items.insert(*closing.as_above)
        out.extend(items)
    return tuple(out)


def _field_spans(header: Header, issuer_span: Span | None, closing: Closing) -> tuple[tuple[str, Span], ...]:
    spans: list[tuple[str, Span | None]] = [
        ("number", Span(header.number.start, header.number.end) if header.number else None),
        ("type", header.type_name[1] if header.type_name else None),
        ("issuer", issuer_span),
        ("place", header.place[1] if header.place else None),
        ("date", Span(header.date.start, header.date.end) if header.date else None),
        ("subject", header.subject[1] if header.subject else None),
        ("signer", closing.signer.span if closing.signer else None),
    ]
    return tuple((name, span) for name, span in spans if span is not None)


def _warnings(
    header: Header, issuer: str | None, issued: date | None, closing: Closing, tasks: list[Task]
) -> tuple[str, ...]:
    """Vietnamese notes for the preview screen: what could not be read."""
    warnings: list[str] = []
    if header.number is None:
        warnings.append("Không tìm thấy số hiệu văn bản")
    elif header.number.number is None:
        warnings.append("Văn bản chưa điền số (số để trống)")
    if issuer is None:
        warnings.append("Không tìm thấy cơ quan ban hành")
    if issued is None:
        warnings.append("Không tìm thấy ngày ban hành")
    if header.subject is None:
        warnings.append("Không tìm thấy trích yếu")
    if closing.signer is None or closing.signer.name is None:
        warnings.append("Không tìm thấy người ký")
    for task in tasks:
        if task.kind is not None and task.due is None and task.kind != "ongoing":
            warnings.append(f"Không tính được hạn cho: {task.deadline_text}")
    return tuple(warnings)


def _parse(raw: str, config: ParseConfig) -> ParsedDocument:
    text = normalize_text(raw)
    folded = fold_chars(text)
    lines = split_lines(text, folded) if text else []
    layout = find_layout(lines)
    header = read_header(lines, 0, layout.main_end, layout.stamp_lines)
    closing = read_closing(lines, header.body_start, layout.main_end, layout.stamp_lines)
    if header.date is None:
        late_place_date(lines, header.body_start, layout.main_end, header)
    copy, copy_closing, copy_header = _copy(layout, text)
    body_end = closing.start if closing.start is not None else layout.main_end
    body = [ln for ln in lines[header.body_start : body_end] if ln.index not in layout.stamp_lines]
    clauses, main = _opening(body, text, folded)
    issuer, issuer_span = _issuer(header, main, closing, text)
    doc_type, type_code = _type(header)
    issued = header.date.resolve(None) if header.date else None
    ref_year = config.reference_date.year if config.reference_date else None

    # Neither the document's own number, nor its copy number, nor the stamp are references.
    exclude = [Span(header.number.start, header.number.end)] if header.number else []
    if copy_header and copy_header.number:
        exclude.append(Span(copy_header.number.start, copy_header.number.end))
    if layout.received:
        exclude.append(layout.received.span)
    own = frozenset(number_key(h.number.number) for h in (header, copy_header) if h and h.number and h.number.number)
    closing_at = lines[body_end].start if body_end < len(lines) else len(text)
    references = extract_references(text, folded, [(0, len(text))], exclude, clauses, own, closing_at)

    ctx = TaskContext(
        text=text,
        folded=folded,
        issued_on=issued,
        default_year=issued.year if issued else ref_year,
        calendar=config.calendar or _DEFAULT_CALENDAR,
        is_issuer=(lambda name: same_org(name, issuer)) if issuer else (lambda name: False),
        skip_ranges=tuple((c.start, c.end) for c in clauses),
    )
    tasks = extract_tasks(body, ctx)
    return ParsedDocument(
        text=text,
        number=header.number.number if header.number else None,
        symbol=header.number.symbol if header.number else None,
        type=doc_type,
        type_code=type_code,
        issuer=issuer,
        place=header.place[0] if header.place else None,
        date=issued,
        date_precision=str(header.date.precision) if header.date else None,
        subject=" ".join(header.subject[0].split()) if header.subject else None,
        references=tuple(references),
        tasks=tuple(tasks),
        recipients=_recipients(
            header,
            [closing] + ([copy_closing] if copy_closing else []),
            header.recipients or read_kinh_gui(lines, 0, body_end),
        ),
        signer=closing.signer,
        copy=copy,
        received=layout.received,
        warnings=_warnings(header, issuer, issued, closing, tasks),
        spans=_field_spans(header, issuer_span, closing),
    )


def parse_document(text: str, *, config: ParseConfig | None = None) -> ParsedDocument:
    """Parse the plain text of a Vietnamese Party/State document. Never raises."""
    try:
        return _parse(text if isinstance(text, str) else str(text), config or ParseConfig())
    except Exception:
        return ParsedDocument(
            text=text if isinstance(text, str) else "",
            warnings=("Lỗi khi phân tích văn bản; vui lòng nhập thông tin thủ công",),
        )
