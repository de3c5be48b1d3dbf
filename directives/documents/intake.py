"""From parser output to what `document_log` takes, for the logging form and the demo loader alike.

The parser (`directives.parsing`) turns text into a `ParsedDocument`; this module keeps the seam
between it and Django in one place: it runs the parser, flattens the source spans for highlighting,
and maps the parser's JSON shape (`to_json_dict`) to a `DocumentInput` in two steps, the same for
everyone:

1. `review_initial`: parser JSON → the review form's rows (header, references, tasks, recipients,
   assignments), organisations preselected where the matcher is confident;
2. `document_input_from_review`: the rows, once a person confirmed or corrected them → `DocumentInput`.

The browser fills step 1's rows into the review form and maps its cleaned rows with step 2; the demo
loader corrects the rows in code (its own organisation choices) and maps them with step 2.
Organisation matching is passed in as a callable and organisations as a mapping, so everything
here is pure.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from directives.documents.services import (
    AssigneeInput,
    CopyInput,
    DocumentInput,
    ReferenceInput,
    TaskInput,
    type_code_from_number,
)
from directives.models import Document, Task

# (organisation id, score 0–100), best first.
Matches = list[tuple[int, int]]
Matcher = Callable[[str], Matches]

# A match at least this good, and clearly ahead of the runner-up, is preselected; else the staff pick.
AUTO_MATCH_SCORE = 90
AUTO_MATCH_MARGIN = 3

# Recipients with these purposes are informed, not tasked.
_NOT_TASKED = ("báo cáo", "lưu", "để biết", "phối hợp")


@dataclass(frozen=True, slots=True)
class ParseOutcome:
    """What a parse leaves behind for the review form: JSON shape, normalised text, spans."""

    result: dict[str, Any]
    text: str
    spans: list[tuple[str, int, int]]
    warnings: list[str]
    elapsed_ms: int


def parse_text(text: str, *, reference_date: dt.date | None = None) -> ParseOutcome:
    # Imported here so Django starts even while the parser package is being changed.
    from directives.parsing import ParseConfig, parse_document, to_json_dict

    started = time.perf_counter()
    parsed = parse_document(text, config=ParseConfig(reference_date=reference_date))
    elapsed_ms = round((time.perf_counter() - started) * 1000)
    return ParseOutcome(
        result=to_json_dict(parsed),
        text=parsed.text,
        spans=spans_of(parsed),
        warnings=list(parsed.warnings),
        elapsed_ms=elapsed_ms,
    )


def spans_of(parsed: Any) -> list[tuple[str, int, int]]:
    """Every source range the parser reports, labelled for the highlighter ("task-0", "number"…)."""
    out: list[tuple[str, int, int]] = []

    def add(label: str, span: Any) -> None:
        if span is not None and span[1] > span[0]:
            out.append((label, int(span[0]), int(span[1])))

    for name, span in getattr(parsed, "spans", ()) or ():
        add(name, span)
    for i, ref in enumerate(parsed.references):
        add(f"reference-{i}", ref.span)
    for i, task in enumerate(parsed.tasks):
        add(f"task-{i}", task.span)
        add(f"deadline-{i}", getattr(task, "deadline_span", None))
    for i, recipient in enumerate(parsed.recipients):
        add(f"recipient-{i}", getattr(recipient, "span", None))
    for name in ("signer", "copy", "received"):
        part = getattr(parsed, name, None)
        if part is not None:
            add(name, getattr(part, "span", None))
    return out


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def best_match(matches: Matches) -> int | None:
    """The organisation to preselect, if the matcher is confident and unambiguous."""
    if not matches or matches[0][1] < AUTO_MATCH_SCORE:
        return None
    if len(matches) > 1 and matches[0][0] != matches[1][0] and matches[0][1] - matches[1][1] < AUTO_MATCH_MARGIN:
        return None
    return matches[0][0]


def is_group(name: str) -> bool:
    """ "Các đảng ủy trực thuộc tỉnh" names a set of units (pick a level), not one unit."""
    words = name.split()
    if not words:
        return False
    if words[0].lower() == "các":
        return True
    # "BTG các cấp ủy trực thuộc tỉnh": an abbreviation, then "các".
    return len(words) > 1 and words[0].isupper() and words[1].lower() == "các"


_best = best_match


def recipient_is_tasked(recipient: dict[str, Any]) -> bool:
    """Kính gửi and "để thực hiện" recipients are tasked; "để báo cáo", "lưu"… only informed."""
    purpose = (recipient.get("purpose") or "").lower()
    if "thực hiện" in purpose:
        return True
    if any(word in purpose for word in _NOT_TASKED):
        return False
    name = (recipient.get("name") or "").lower()
    return not name.startswith(("lưu", "như trên"))


@dataclass
class ReviewInitial:
    """Initial data for the review form and its formsets."""

    header: dict[str, Any]
    references: list[dict[str, Any]] = field(default_factory=list)
    tasks: list[dict[str, Any]] = field(default_factory=list)
    recipients: list[dict[str, Any]] = field(default_factory=list)
    assignments: list[dict[str, Any]] = field(default_factory=list)
    suggestions: dict[str, Matches] = field(default_factory=dict)

    def reviewed(self) -> Reviewed:
        """These rows as confirmed, unchanged (task positions are 1, 2, … as on the form)."""
        return Reviewed(
            header=dict(self.header),
            references=[dict(r) for r in self.references],
            tasks=[(position, dict(t)) for position, t in enumerate(self.tasks, start=1)],
            assignments=[dict(a) for a in self.assignments],
        )


@dataclass
class Reviewed:
    """The review form's rows once confirmed: what `document_input_from_review` maps.

    The shapes are those of `ReviewInitial` and of the form's cleaned data: organisations are ids;
    each task row carries its position on the form (1-based; a deleted row leaves a gap), which the
    assignment rows ({"task": position, "unit": id, "due_on": date}) refer to.
    """

    header: dict[str, Any]
    references: list[dict[str, Any]] = field(default_factory=list)
    tasks: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    assignments: list[dict[str, Any]] = field(default_factory=list)

    def organization_ids(self) -> set[int]:
        """Every organisation the rows name (to fetch them in one query)."""
        ids = {self.header.get("issuer"), self.header.get("copy_issuer")}
        ids |= {r.get("issuer") for r in self.references}
        ids |= {t.get("report_to") for _, t in self.tasks}
        ids |= {a.get("unit") for a in self.assignments}
        return {i for i in ids if i}


def review_initial(
    result: dict[str, Any],
    *,
    match_issuer: Matcher,
    match_unit: Matcher,
    match_any: Matcher,
) -> ReviewInitial:
    """The review form as the parser would fill it, with organisations matched where confident."""
    signer = result.get("signer") or {}
    received = result.get("received") or {}
    copy = result.get("copy") or {}
    copy_signer = copy.get("signer") or {}
    issuer_name = result.get("issuer") or ""
    issuer_matches = match_issuer(issuer_name) if issuer_name else []
    suggestions: dict[str, Matches] = {"issuer": issuer_matches}
    number = result.get("number") or ""
    header = {
        "number": number,
        # Not on the form (the form derives it from the number); kept for a document with no number.
        "symbol": result.get("symbol") or "",
        "doc_type": result.get("type_code") or type_code_from_number(number or None),
        "issuer": _best(issuer_matches),
        "issuer_name": issuer_name,
        "place": result.get("place") or "",
        "issued_on": _date(result.get("date")),
        "date_precision": result.get("date_precision") or "day",
        "subject": result.get("subject") or "",
        "signer_name": signer.get("name") or "",
        "signer_capacity": signer.get("capacity") or "",
        "signer_title": signer.get("title") or "",
        "received_number": received.get("number") or "",
        "received_on": _date(received.get("date")),
        "copy_number": copy.get("number") or "",
        "copy_kind": copy.get("kind") or "",
        "copy_issuer_name": copy.get("issuer") or "",
        "copy_place": copy.get("place") or "",
        "copy_issued_on": _date(copy.get("date")),
        "copy_signer_name": copy_signer.get("name") or "",
        "copy_signer_capacity": copy_signer.get("capacity") or "",
        "copy_signer_title": copy_signer.get("title") or "",
    }
    if copy.get("issuer"):
        copy_matches = match_any(copy["issuer"])
        suggestions["copy_issuer"] = copy_matches
        header["copy_issuer"] = _best(copy_matches)

    references = []
    for i, ref in enumerate(result.get("references") or []):
        matches = match_any(ref["issuer"]) if ref.get("issuer") else []
        suggestions[f"reference-{i}"] = matches
        references.append(
            {
                "number": ref.get("number") or "",
                "relation": ref.get("relation") or "mentions",
                "issued_on": _date(ref.get("date")),
                "issuer": _best(matches),
                "issuer_name": ref.get("issuer") or "",
            }
        )

    tasks: list[dict[str, Any]] = []
    for i, task in enumerate(result.get("tasks") or []):
        report_to = task.get("report_to") or ""
        matches = match_any(report_to) if report_to else []
        suggestions[f"task-{i}"] = matches
        tasks.append(
            {
                "text": task.get("text") or "",
                "deadline_text": task.get("deadline_text") or "",
                "deadline_kind": task.get("kind") or "",
                "due_on": _date(task.get("due")),
                "recurrence": task.get("recurrence") or "",
                "requires": task.get("requires") or "action",
                "report_to": _best(matches),
                "report_to_name": report_to,
            }
        )

    recipients: list[dict[str, Any]] = []
    for i, recipient in enumerate(result.get("recipients") or []):
        name = recipient.get("name") or ""
        matches = match_unit(name) if name and not is_group(name) else []
        suggestions[f"recipient-{i}"] = matches
        unit = _best(matches)
        recipients.append(
            {
                "name": name,
                "purpose": recipient.get("purpose") or "",
                "section": recipient.get("section") or "",
                "organization": unit,
                "assign": unit is not None and recipient_is_tasked(recipient),
            }
        )

    return ReviewInitial(
        header=header,
        references=references,
        tasks=tasks,
        recipients=recipients,
        assignments=assignment_rows(
            tasks=[(i, t["due_on"]) for i, t in enumerate(tasks, start=1)],
            unit_ids=[r["organization"] for r in recipients if r["assign"]],
        ),
        suggestions=suggestions,
    )


def assignment_rows(
    *,
    tasks: Sequence[tuple[int, dt.date | None]],
    unit_ids: Iterable[int],
    keep: dict[tuple[int, int], dt.date | None] | None = None,
) -> list[dict[str, Any]]:
    """Every task (position, due date) × every unit, due on the task's date unless already edited."""
    keep = keep or {}
    units = list(dict.fromkeys(unit_ids))
    rows = []
    for ordinal, task_due in tasks:
        for unit in units:
            due = keep.get((ordinal, unit), task_due)
            rows.append({"task": ordinal, "unit": unit, "due_on": due})
    return rows


def document_input_from_review(reviewed: Reviewed, *, organizations: Mapping[int, Any], text: str) -> DocumentInput:
    """The confirmed rows as a DocumentInput; `organizations` maps every id the rows name to its row.

    Empty strings become the defaults `document_log` expects ("sao lục", "action", "day"…); the
    symbol is the one given, else what follows the number's first dash ("57-KL/TW" → "KL/TW").
    """
    header = reviewed.header

    def org(pk: int | None) -> Any:
        return organizations.get(pk) if pk else None

    tasks_by_position: dict[int, TaskInput] = {}
    for position, row in reviewed.tasks:
        report_to = org(row.get("report_to"))
        tasks_by_position[position] = TaskInput(
            text=row["text"],
            deadline_text=row.get("deadline_text") or "",
            deadline_kind=row.get("deadline_kind") or "",
            due_on=row.get("due_on"),
            recurrence=row.get("recurrence") or "",
            requires=row.get("requires") or Task.Requires.ACTION,
            report_to=report_to,
            report_to_name=row.get("report_to_name") or (report_to.name if report_to else ""),
        )
    for row in reviewed.assignments:
        task = tasks_by_position.get(row["task"])
        unit = organizations.get(row["unit"])
        if task is None or unit is None or any(a.unit.pk == unit.pk for a in task.assignees):
            continue
        task.assignees.append(AssigneeInput(unit=unit, due_on=row.get("due_on") or task.due_on))
    copy = None
    if header.get("copy_number") or header.get("copy_issuer") or header.get("copy_issuer_name"):
        copy_issuer = org(header.get("copy_issuer"))
        copy = CopyInput(
            number=header.get("copy_number") or None,
            kind=header.get("copy_kind") or "sao lục",
            issuer=copy_issuer,
            issuer_name=header.get("copy_issuer_name") or (copy_issuer.name if copy_issuer else ""),
            place=header.get("copy_place") or "",
            issued_on=header.get("copy_issued_on"),
            signer_name=header.get("copy_signer_name") or "",
            signer_capacity=header.get("copy_signer_capacity") or "",
            signer_title=header.get("copy_signer_title") or "",
            # The received stamp is the copying office's ("Số đến 538" at Tỉnh ủy Quảng Ngãi).
            received_number=header.get("received_number") or "",
            received_on=header.get("received_on"),
        )
    number = (header.get("number") or "").strip() or None
    issuer = org(header.get("issuer"))
    return DocumentInput(
        number=number,
        symbol=header.get("symbol") or (number.split("-", 1)[1] if number and "-" in number else ""),
        doc_type=header["doc_type"],
        issuer=issuer,
        issuer_name=header.get("issuer_name") or (issuer.name if issuer else ""),
        place=header.get("place") or "",
        issued_on=header.get("issued_on"),
        date_precision=header.get("date_precision") or Document.DatePrecision.DAY,
        subject=header.get("subject") or "",
        signer_name=header.get("signer_name") or "",
        signer_capacity=header.get("signer_capacity") or "",
        signer_title=header.get("signer_title") or "",
        text=text,
        received_number="" if copy else header.get("received_number") or "",
        received_on=None if copy else header.get("received_on"),
        references=[
            ReferenceInput(
                number=row["number"].strip(),
                relation=row["relation"],
                issued_on=row.get("issued_on"),
                issuer=org(row.get("issuer")),
                issuer_name=row.get("issuer_name") or "",
            )
            for row in reviewed.references
            if (row.get("number") or "").strip()
        ],
        tasks=list(tasks_by_position.values()),
        primary_parent_number=(header.get("primary_parent_number") or "").strip() or None,
        copy=copy,
    )
