"""Writes for documents and the issuance tree: one transaction per use case."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q

from directives.deadlines.scheduling import NextCheck
from directives.documents.search import fold
from directives.models import Assignment, Document, DocumentType, Organization, Reference, Task
from directives.watcher.sweep import assignments_fulfil_by_document

if TYPE_CHECKING:
    from django.contrib.auth.models import User

_TYPE_CODE_IN_SYMBOL = re.compile(r"^\s*(?:\d+\s*-\s*)?([A-Za-zĐđ]+)\s*/")
_STATE_TYPE_CODE = re.compile(r"/(?:\d{4}/)?([A-Za-zĐđ]+)-")


@dataclass
class ReferenceInput:
    number: str
    relation: str = Reference.Relation.MENTIONS
    issued_on: dt.date | None = None
    issuer: Organization | None = None
    issuer_name: str = ""


@dataclass
class AssigneeInput:
    unit: Organization
    due_on: dt.date | None = None


@dataclass
class TaskInput:
    text: str
    deadline_text: str = ""
    deadline_kind: str = ""
    due_on: dt.date | None = None
    recurrence: str = ""
    requires: str = Task.Requires.ACTION
    report_to: Organization | None = None
    report_to_name: str = ""
    assignees: list[AssigneeInput] = field(default_factory=list)


@dataclass
class CopyInput:
    """A certified copy (sao lục, sao y) printed after the original, logged as its own document."""

    number: str | None
    kind: str = "sao lục"
    issuer: Organization | None = None
    issuer_name: str = ""
    place: str = ""
    issued_on: dt.date | None = None
    signer_name: str = ""
    signer_capacity: str = ""
    signer_title: str = ""
    received_number: str = ""
    received_on: dt.date | None = None


@dataclass
class DocumentInput:
    """What staff confirmed on the logging form (or the demo loader supplies)."""

    number: str | None
    symbol: str = ""
    doc_type: str = DocumentType.OTHER
    issuer: Organization | None = None
    issuer_name: str = ""
    place: str = ""
    issued_on: dt.date | None = None
    date_precision: str = Document.DatePrecision.DAY
    subject: str = ""
    signer_name: str = ""
    signer_capacity: str = ""
    signer_title: str = ""
    text: str = ""
    received_number: str = ""
    received_on: dt.date | None = None
    references: list[ReferenceInput] = field(default_factory=list)
    tasks: list[TaskInput] = field(default_factory=list)
    # The parent the tree should show; default: the first "implements", else "based on".
    primary_parent_number: str | None = None
    copy: CopyInput | None = None


class DocumentAlreadyLogged(Exception):
    def __init__(self, existing: Document) -> None:
        super().__init__(f"{existing} đã được nhập trước đó")
        self.existing = existing


class DocumentTreeCycle(ValueError):
    """Placing a document under itself or under one of its own descendants would make the tree a loop."""

    def __init__(self, document: Document, parent: Document) -> None:
        super().__init__(f"{parent} không thể là văn bản cấp trên của {document}: {parent} thuộc nhánh của {document}")
        self.document = document
        self.parent = parent


def type_code_from_number(number: str | None) -> str:
    """ "57-KL/TW" -> "KL", "21/CT-TTg" -> "CT"; unknown codes map to OTHER."""
    if not number:
        return DocumentType.OTHER
    match = _TYPE_CODE_IN_SYMBOL.match(number) or _STATE_TYPE_CODE.search(number)
    if not match:
        return DocumentType.OTHER
    code = match.group(1)
    by_upper = {c.value.upper(): c.value for c in DocumentType}
    return by_upper.get(code.upper(), DocumentType.OTHER)


def _search_text(*parts: str | None) -> str:
    return fold(" ".join(p for p in parts if p))


@transaction.atomic
def document_log(*, data: DocumentInput, created_by: User | None = None) -> Document:
    """Log a document: merge its placeholder, link its references, create tasks and assignments.

    Refuses (DocumentAlreadyLogged) a document already logged with the same number and issuer.
    """
    document = _claim_row(data)
    document.symbol = data.symbol
    document.doc_type = data.doc_type
    document.issuer = data.issuer
    document.issuer_name = data.issuer_name or (data.issuer.name if data.issuer else "")
    document.place = data.place
    document.issued_on = data.issued_on
    document.date_precision = data.date_precision
    document.subject = data.subject
    document.signer_name = data.signer_name
    document.signer_capacity = data.signer_capacity
    document.signer_title = data.signer_title
    document.text = data.text
    document.received_number = data.received_number
    document.received_on = data.received_on
    document.state = Document.State.LOGGED
    if created_by is not None:
        document.created_by = created_by
    document.search_text = _search_text(data.number, document.issuer_name, data.subject, data.text)
    document.save()

    cited = [_link_reference(document, ref) for ref in data.references]
    document.primary_parent = _pick_primary_parent(document, data, cited)
    document.save(update_fields=["primary_parent"])
    _infer_placeholder_chain(document, data, cited)
    _refresh_roots(document)

    for ordinal, task_data in enumerate(data.tasks, start=1):
        _create_task(document, ordinal, task_data)
    if data.copy is not None:
        _log_copy(document, data.copy, created_by)
    # A parent's "issue your own plan" task is met by logging this document.
    assignments_fulfil_by_document(document=document)
    return document


@transaction.atomic
def document_link_under(*, document: Document, parent: Document) -> bool:
    """Record that `document` implements `parent`, and place it under `parent` if it has no place yet.

    Used when a unit names, in its completion report, the document it issued to carry out a task:
    that document joins the issuance tree below the document that assigned the task. The
    "implements" reference is always recorded; `primary_parent` is only filled in, never replaced
    (a document already in the tree keeps its place). When it is placed, the document's top moves
    to the parent's: its descendants' `root`, and the `directive` of every assignment that counted
    it (or its tasks) as the directive, become the parent's top.

    Refuses (`DocumentTreeCycle`, nothing written) when `parent` is `document` or lies below it.
    Returns True when the document was placed under `parent`.
    """
    locked = Document.objects.select_for_update().get(pk=document.pk)
    if _is_ancestor(locked, of=parent):
        raise DocumentTreeCycle(locked, parent)
    Reference.objects.get_or_create(child=locked, parent=parent, defaults={"relation": Reference.Relation.IMPLEMENTS})
    if locked.primary_parent_id is not None:
        return False
    top = parent.root or parent
    locked.primary_parent = parent
    locked.root = top
    locked.save(update_fields=["primary_parent", "root", "updated_at"])
    Document.objects.filter(root=locked).update(root=top)
    Assignment.objects.filter(directive=locked).update(directive=top)
    Assignment.objects.filter(task__document=locked).update(directive=top)
    document.primary_parent, document.root = parent, top
    return True


def _claim_row(data: DocumentInput) -> Document:
    """The row this document will live in: its placeholder if one exists (keeping every link)."""
    if not data.number:
        return Document()
    same_number = Document.objects.select_for_update().filter(number=data.number)
    logged = same_number.filter(state=Document.State.LOGGED)
    logged = logged.filter(issuer=data.issuer) if data.issuer else logged.filter(issuer__isnull=True)
    existing = logged.first()
    if existing is not None:
        raise DocumentAlreadyLogged(existing)
    placeholders = same_number.filter(state=Document.State.PLACEHOLDER)
    if data.issuer is not None:
        placeholders = placeholders.filter(Q(issuer=data.issuer) | Q(issuer__isnull=True))
    placeholder = placeholders.order_by("issuer_id").first()
    return placeholder or Document(number=data.number)


def _link_reference(child: Document, ref: ReferenceInput) -> tuple[Document, str]:
    parent = Document.objects.filter(number=ref.number).order_by("state", "id").first()
    if parent is None:
        parent = Document.objects.create(
            number=ref.number,
            doc_type=type_code_from_number(ref.number),
            symbol=ref.number.split("-", 1)[-1] if "-" in ref.number else ref.number,
            issuer=ref.issuer,
            issuer_name=ref.issuer_name or (ref.issuer.name if ref.issuer else ""),
            issued_on=ref.issued_on,
            state=Document.State.PLACEHOLDER,
            search_text=_search_text(ref.number, ref.issuer_name),
        )
    elif parent.state == Document.State.PLACEHOLDER:
        # A later citation may know more than the first one did.
        changed: list[str] = []
        if parent.issued_on is None and ref.issued_on:
            parent.issued_on, changed = ref.issued_on, [*changed, "issued_on"]
        if parent.issuer is None and ref.issuer:
            parent.issuer, changed = ref.issuer, [*changed, "issuer"]
        if not parent.issuer_name and ref.issuer_name:
            parent.issuer_name, changed = ref.issuer_name, [*changed, "issuer_name"]
        if changed:
            parent.save(update_fields=changed)
    if parent.pk != child.pk:
        Reference.objects.update_or_create(child=child, parent=parent, defaults={"relation": ref.relation})
    return parent, ref.relation


def _pick_primary_parent(document: Document, data: DocumentInput, cited: list[tuple[Document, str]]) -> Document | None:
    """Explicit choice; else the most recent document it implements, then bases itself on;
    else the directive its subject names ("… triển khai thực hiện Kết luận số 57-KL/TW")."""
    candidates = [(p, rel) for p, rel in cited if p.pk != document.pk]
    if data.primary_parent_number:
        for parent, _rel in candidates:
            if parent.number == data.primary_parent_number:
                return parent
    for relation in (Reference.Relation.IMPLEMENTS, Reference.Relation.BASED_ON):
        matching = [p for p, rel in candidates if rel == relation]
        if matching:
            return max(matching, key=lambda p: p.issued_on or dt.date.min)
    return _subject_directive(data, candidates)


def _subject_directive(data: DocumentInput, cited: list[tuple[Document, str]]) -> Document | None:
    for parent, _rel in cited:
        if parent.number and parent.number in data.subject:
            return parent
    return None


_TOP_LEVEL_TYPES = (DocumentType.KL, DocumentType.NQ, DocumentType.CT)


def _infer_placeholder_chain(document: Document, data: DocumentInput, cited: list[tuple[Document, str]]) -> None:
    """Place parentless placeholders between this document and the directive it traces back to.

    A guidance citing "Hướng dẫn 111-HD/BTGTW (11/8) and Công văn 5763-CV/TU (24/8) … Kết luận
    57-KL/TW (15/6)" tells us the levels: 5763 implements 111, which implements 57. We chain the
    cited documents dated between the directive and the primary parent, newest to oldest, and only
    ever fill in a placeholder's missing parent (never overwrite what a logged document says).
    """
    parent = document.primary_parent
    if parent is None or parent.issued_on is None:
        return
    others = [p for p, _ in cited if p.pk not in (document.pk, parent.pk)]
    anchor = _subject_directive(data, cited)
    if anchor is None or anchor.pk == parent.pk:
        dated_top = [p for p in others if p.doc_type in _TOP_LEVEL_TYPES and p.issued_on]
        anchor = min(dated_top, key=lambda p: p.issued_on) if dated_top else None  # type: ignore[arg-type,return-value]
    if anchor is None or anchor.issued_on is None or anchor.issued_on >= parent.issued_on:
        return
    between = sorted(
        (p for p in others if p.issued_on and anchor.issued_on < p.issued_on < parent.issued_on),
        key=lambda p: p.issued_on,  # type: ignore[arg-type,return-value]
        reverse=True,
    )
    chain = [parent, *between, anchor]
    for newer, older in itertools.pairwise(chain):
        is_open_placeholder = newer.state == Document.State.PLACEHOLDER and newer.primary_parent_id is None
        if is_open_placeholder and not _is_ancestor(newer, of=older):
            newer.primary_parent = older
            newer.save(update_fields=["primary_parent"])


def _is_ancestor(candidate: Document, *, of: Document) -> bool:
    node: Document | None = of
    for _ in range(64):  # the tree is shallow; the bound guards against a corrupted cycle
        if node is None:
            return False
        if node.pk == candidate.pk:
            return True
        node = node.primary_parent
    return True


def _top_of(document: Document) -> Document:
    node = document
    for _ in range(64):
        if node.primary_parent is None:
            return node
        node = node.primary_parent
    return node


def _refresh_roots(document: Document) -> None:
    """Recompute `root` for the top of this document's chain and everything below it."""
    top = _top_of(document)
    frontier = [top.pk]
    seen = set(frontier)
    Document.objects.filter(pk=top.pk).update(root=None)
    while frontier:
        children = list(
            Document.objects.filter(primary_parent_id__in=frontier).exclude(pk__in=seen).values_list("pk", flat=True)
        )
        if not children:
            break
        Document.objects.filter(pk__in=children).update(root=top)
        seen.update(children)
        frontier = children
    Assignment.objects.filter(task__document_id__in=seen).update(directive=top)
    document.refresh_from_db(fields=["root", "primary_parent"])


def _create_task(document: Document, ordinal: int, data: TaskInput) -> Task:
    task = Task.objects.create(
        document=document,
        ordinal=ordinal,
        text=data.text,
        deadline_text=data.deadline_text,
        deadline_kind=data.deadline_kind,
        due_on=data.due_on,
        recurrence=data.recurrence,
        requires=data.requires,
        report_to=data.report_to,
        report_to_name=data.report_to_name or (data.report_to.name if data.report_to else ""),
    )
    directive = document.root or document
    next_check = NextCheck()  # one calendar for every assignee
    rows = []
    for assignee in data.assignees:
        due_on = assignee.due_on if assignee.due_on is not None else data.due_on
        rows.append(
            Assignment(
                task=task,
                unit=assignee.unit,
                due_on=due_on,
                unit_path=assignee.unit.path,
                directive=directive,
                next_check_on=next_check(due_on=due_on, is_done=False, recurrence=data.recurrence),
            )
        )
    Assignment.objects.bulk_create(rows)
    return task


def _log_copy(original: Document, data: CopyInput, created_by: User | None) -> Document:
    copy_input = DocumentInput(
        number=data.number,
        symbol=data.number.split("-", 1)[-1] if data.number and "-" in data.number else "",
        doc_type=DocumentType.BS,
        issuer=data.issuer,
        issuer_name=data.issuer_name,
        place=data.place,
        issued_on=data.issued_on,
        subject=f"{data.kind.capitalize()} {original.number or ''}: {original.subject}".strip(),
        signer_name=data.signer_name,
        signer_capacity=data.signer_capacity,
        signer_title=data.signer_title,
        received_number=data.received_number,
        received_on=data.received_on,
    )
    try:
        copy = _claim_row(copy_input)
    except DocumentAlreadyLogged as exc:
        return exc.existing
    for name in (
        "symbol",
        "doc_type",
        "issuer",
        "issuer_name",
        "place",
        "issued_on",
        "subject",
        "signer_name",
        "signer_capacity",
        "signer_title",
        "received_number",
        "received_on",
    ):
        setattr(copy, name, getattr(copy_input, name))
    copy.state = Document.State.LOGGED
    copy.primary_parent = original
    copy.root = original.root or original
    copy.search_text = _search_text(copy.number, copy.issuer_name, copy.subject)
    if created_by is not None:
        copy.created_by = created_by
    copy.save()
    Reference.objects.update_or_create(child=copy, parent=original, defaults={"relation": Reference.Relation.COPIES})
    return copy
