"""Output dataclasses of the parser (frozen, slotted) and their JSON shape."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from directives.deadlines.workcal import WorkCalendar
from directives.parsing.deadlines import DeadlineKind


class Span(NamedTuple):
    """Half-open character range ``[start, end)`` in ``ParsedDocument.text``."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ParseConfig:
    reference_date: date | None = None  # year fallback when the document has no date
    calendar: WorkCalendar | None = None


@dataclass(frozen=True, slots=True)
class Reference:
    number: str
    date: date | None
    issuer: str | None
    relation: str  # "implements" | "based_on" | "mentions"
    span: Span  # first mention of the number
    mentions: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Task:
    text: str
    span: Span
    deadline_text: str | None
    deadline_span: Span | None
    due: date | None
    kind: DeadlineKind | None
    recurrence: str | None
    requires: str  # "action" | "document" | "report"
    report_to: str | None


@dataclass(frozen=True, slots=True)
class Recipient:
    name: str
    purpose: str | None
    section: str  # "kinh_gui" | "noi_nhan"
    span: Span


@dataclass(frozen=True, slots=True)
class Signer:
    name: str | None
    capacity: str | None
    title: str | None
    span: Span | None


@dataclass(frozen=True, slots=True)
class CopyInfo:
    number: str | None
    kind: str
    issuer: str | None
    place: str | None
    date: date | None
    signer: Signer | None
    span: Span


@dataclass(frozen=True, slots=True)
class Received:
    number: str | None
    date: date | None
    by: str | None
    span: Span


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    text: str  # the normalised text all spans point into
    number: str | None = None
    symbol: str | None = None
    type: str | None = None
    type_code: str | None = None
    issuer: str | None = None
    place: str | None = None
    date: date | None = None
    date_precision: str | None = None
    subject: str | None = None
    references: tuple[Reference, ...] = ()
    tasks: tuple[Task, ...] = ()
    recipients: tuple[Recipient, ...] = ()
    signer: Signer | None = None
    copy: CopyInfo | None = None
    received: Received | None = None
    warnings: tuple[str, ...] = ()
    spans: tuple[tuple[str, Span], ...] = field(default=())

    def span_of(self, name: str) -> Span | None:
        """Source span of a top-level field ("number", "issuer", "date", "subject"...)."""
        for key, span in self.spans:
            if key == name:
                return span
        return None

    def highlight(self, name: str) -> str | None:
        span = self.span_of(name)
        return self.text[span.start : span.end] if span else None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _signer(signer: Signer | None) -> dict[str, Any] | None:
    if signer is None:
        return None
    return {"name": signer.name, "capacity": signer.capacity, "title": signer.title}


def to_json_dict(parsed: ParsedDocument) -> dict[str, Any]:
    """The parser's JSON contract (keys always present; null / [] when absent)."""
    copy = parsed.copy
    received = parsed.received
    return {
        "number": parsed.number,
        "symbol": parsed.symbol,
        "type": parsed.type,
        "type_code": parsed.type_code,
        "issuer": parsed.issuer,
        "place": parsed.place,
        "date": _iso(parsed.date),
        "date_precision": parsed.date_precision,
        "subject": parsed.subject,
        "references": [
            {
                "number": ref.number,
                "date": _iso(ref.date),
                "issuer": ref.issuer,
                "relation": ref.relation,
            }
            for ref in parsed.references
        ],
        "tasks": [
            {
                "text": task.text,
                "deadline_text": task.deadline_text,
                "due": _iso(task.due),
                "kind": str(task.kind) if task.kind else None,
                "recurrence": task.recurrence,
                "requires": task.requires,
                "report_to": task.report_to,
            }
            for task in parsed.tasks
        ],
        "recipients": [{"name": r.name, "purpose": r.purpose, "section": r.section} for r in parsed.recipients],
        "signer": _signer(parsed.signer),
        "copy": None
        if copy is None
        else {
            "number": copy.number,
            "kind": copy.kind,
            "issuer": copy.issuer,
            "place": copy.place,
            "date": _iso(copy.date),
            "signer": _signer(copy.signer),
        },
        "received": None
        if received is None
        else {"number": received.number, "date": _iso(received.date), "by": received.by},
    }
