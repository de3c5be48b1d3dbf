"""Writes for the logging flow: accept a paste or upload, extract and parse it, log the result.

document_import_create  → a DocumentImport row (bytes or text), status queued
document_import_process → extract text, parse, store the JSON shape and spans (status ready);
                          runs inline for small inputs and on Celery for large ones
document_import_log     → one transaction: create the units the staff added on the spot,
                          `document_log` (placeholders, references, tasks, assignments),
                          keep the source file, mark the import logged
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify

from cascade.lib.uploads import ValidatedUpload, stored_name_for
from directives.documents.intake import parse_text
from directives.documents.search import fold
from directives.documents.selectors import logging_scope
from directives.documents.services import AssigneeInput, DocumentInput, document_log
from directives.models import Document, DocumentImport, Organization

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)

# What "Nhập văn bản" reads (checked by `cascade.lib.uploads.validate_upload`, like every upload).
SOURCE_KINDS = frozenset({"txt", "docx", "pdf"})
# Inputs up to this size (and not PDF) are parsed within the request; larger ones on Celery.
INLINE_PARSE_MAX_BYTES = 100_000
MAX_TEXT_CHARS = 500_000


class UploadRejected(ValueError):
    """A paste we will not read, with the Vietnamese reason shown on the form."""


def document_import_create(*, user: User, text: str = "", upload: ValidatedUpload | None = None) -> DocumentImport:
    """Keep what the staff pasted or uploaded (an upload `validate_upload` accepted); nothing is parsed yet."""
    if upload is not None:
        upload.file.seek(0)
        return DocumentImport.objects.create(
            created_by=user,
            filename=upload.original_name[:255],
            content_type=upload.content_type,
            data=upload.file.read(),
            size=upload.size,
        )
    text = text.strip()
    if not text:
        raise UploadRejected("Hãy dán nội dung văn bản hoặc chọn một tệp.")
    if len(text) > MAX_TEXT_CHARS:
        raise UploadRejected("Văn bản dán vào quá dài; hãy tải lên tệp thay vì dán.")
    return DocumentImport.objects.create(created_by=user, text=text, size=len(text.encode("utf-8")))


def runs_inline(doc_import: DocumentImport) -> bool:
    return doc_import.size <= INLINE_PARSE_MAX_BYTES and not doc_import.filename.lower().endswith(".pdf")


def _advance(import_id: int, status: str, progress: int, **fields: object) -> None:
    # Plain UPDATEs, each committed on its own, so the polled progress fragment sees every step.
    DocumentImport.objects.filter(pk=import_id).update(status=status, progress=progress, **fields)


def document_import_process(*, import_id: int, reference_date: dt.date | None) -> DocumentImport | None:
    """Extract and parse one import. Idempotent: a finished import is left as it is."""
    doc_import = DocumentImport.objects.filter(pk=import_id).first()
    if doc_import is None:
        return None  # deleted meanwhile
    if doc_import.status in (DocumentImport.Status.READY, DocumentImport.Status.LOGGED):
        return doc_import
    S = DocumentImport.Status
    text = doc_import.text
    if doc_import.data is not None and not text:
        _advance(import_id, S.EXTRACTING, 10)
        try:
            text = _extract(bytes(doc_import.data), doc_import.filename)
        except Exception as exc:
            message = _extraction_message(exc)
            _advance(import_id, S.FAILED, 100, error=message)
            return DocumentImport.objects.get(pk=import_id)
        if not text.strip():
            _advance(import_id, S.FAILED, 100, error="Không đọc được chữ nào trong tệp (có thể là bản chụp/ảnh).")
            return DocumentImport.objects.get(pk=import_id)
    _advance(import_id, S.PARSING, 50)
    try:
        outcome = parse_text(text, reference_date=reference_date)
    except Exception:
        logger.exception("parsing import %s failed", import_id)
        _advance(
            import_id,
            S.FAILED,
            100,
            text=text,
            error="Không phân tích được văn bản này. Bạn vẫn có thể nhập tay các trường.",
        )
        return DocumentImport.objects.get(pk=import_id)
    _advance(
        import_id,
        S.READY,
        100,
        text=outcome.text,
        result=outcome.result,
        spans=[list(s) for s in outcome.spans],
        warnings=outcome.warnings,
        parse_ms=outcome.elapsed_ms,
        error="",
    )
    return DocumentImport.objects.get(pk=import_id)


def _extract(data: bytes, filename: str) -> str:
    from directives.parsing.extract import extract_text

    return extract_text(data, filename)


def _extraction_message(exc: Exception) -> str:
    if type(exc).__name__ == "ExtractionError" and str(exc):
        return str(exc)
    logger.warning("extraction failed: %r", exc)
    return "Không đọc được tệp này. Hãy kiểm tra tệp hoặc dán nội dung văn bản."


# --- Units created on the spot ----------------------------------------------------------------

_KIND_BY_PREFIX = (
    ("chi bo", Organization.Kind.PARTY_CELL),
    ("ban tuyen giao", Organization.Kind.ADVISORY_BOARD),
    ("van phong", Organization.Kind.ADVISORY_BOARD),
    ("cong doan", Organization.Kind.TRADE_UNION),
    ("doan thanh nien", Organization.Kind.YOUTH_UNION),
    ("tinh doan", Organization.Kind.YOUTH_UNION),
    ("thanh doan", Organization.Kind.YOUTH_UNION),
    ("huyen doan", Organization.Kind.YOUTH_UNION),
    ("dang uy", Organization.Kind.PARTY_COMMITTEE),
    ("dang bo", Organization.Kind.PARTY_COMMITTEE),
    ("huyen uy", Organization.Kind.PARTY_COMMITTEE),
    ("thanh uy", Organization.Kind.PARTY_COMMITTEE),
    ("thi uy", Organization.Kind.PARTY_COMMITTEE),
    ("tinh uy", Organization.Kind.PARTY_COMMITTEE),
    ("bao ", Organization.Kind.PRESS),
    ("dai phat thanh", Organization.Kind.PRESS),
    ("uy ban nhan dan", Organization.Kind.STATE_BODY),
    ("so ", Organization.Kind.STATE_BODY),
)
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def kind_from_name(name: str) -> str:
    folded = fold(name)
    for prefix, kind in _KIND_BY_PREFIX:
        if folded.startswith(prefix):
            return kind
    return Organization.Kind.OTHER


def organization_create_under(*, parent: Organization, name: str) -> Organization:
    """A unit the document names that Cascade does not know yet, under the parent the staff chose.

    The same name (accent-insensitive) under the same parent is reused, not duplicated.
    """
    name = " ".join(name.split())
    folded = fold(name)
    parent.refresh_from_db()
    siblings = Organization.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
    for child in siblings:
        if fold(child.name) == folded:
            return child
    base = slugify(_NON_SLUG.sub("-", folded))[:48].strip("-") or "don-vi"
    level_values = [value for value, _label in Organization.Level.choices]
    level = min(parent.level + 1, max(level_values))
    return Organization.objects.add_child(
        parent,
        {
            "name": name[:255],
            "code": f"{base}-{secrets.token_hex(3)}",
            "kind": kind_from_name(name),
            "level": level,
            "place": parent.place,
            "is_party": parent.is_party,
            "search_name": folded,
        },
    )


@dataclass(frozen=True, slots=True)
class NewUnit:
    """A unit typed on the form that does not exist yet: created under `parent` when saving."""

    name: str
    parent_id: int
    tasked: bool = True


@transaction.atomic
def document_import_log(
    *,
    user: User,
    data: DocumentInput,
    doc_import: DocumentImport | None = None,
    new_issuer: NewUnit | None = None,
    new_units: list[NewUnit] | tuple[NewUnit, ...] = (),
) -> Document:
    """Log what the staff confirmed, in one transaction (DocumentAlreadyLogged rolls all of it back)."""
    scope = logging_scope(user)
    parent_ids = {u.parent_id for u in new_units} | ({new_issuer.parent_id} if new_issuer else set())
    parents = Organization.objects.in_bulk(parent_ids)
    for parent_id in parent_ids:
        if parent_id not in parents or not scope.covers(parents[parent_id]):
            raise PermissionDenied("Chỉ được tạo đơn vị mới trong phạm vi của bạn.")
    if new_issuer is not None:
        issuer = organization_create_under(parent=parents[new_issuer.parent_id], name=new_issuer.name)
        data = dataclasses.replace(data, issuer=issuer, issuer_name=data.issuer_name or issuer.name)
    if data.issuer is None or not scope.covers(data.issuer):
        raise PermissionDenied("Bạn chỉ được nhập văn bản do đơn vị trong phạm vi của mình ban hành.")
    for unit_spec in new_units:
        unit = organization_create_under(parent=parents[unit_spec.parent_id], name=unit_spec.name)
        if unit_spec.tasked:
            for task in data.tasks:
                if all(a.unit.pk != unit.pk for a in task.assignees):
                    task.assignees.append(AssigneeInput(unit=unit, due_on=task.due_on))
    for task in data.tasks:
        for assignee in task.assignees:
            if not scope.covers(assignee.unit):
                raise PermissionDenied("Chỉ được giao việc cho đơn vị trong phạm vi của bạn.")
    document = document_log(data=data, created_by=user)
    if doc_import is not None:
        if doc_import.data is not None and doc_import.filename and not document.source_file:
            # Stored under a random name; the name the staff uploaded stays on the import row.
            stored_name = stored_name_for(doc_import.filename)
            document.source_file.save(stored_name, ContentFile(bytes(doc_import.data)), save=True)
        DocumentImport.objects.filter(pk=doc_import.pk).update(
            status=DocumentImport.Status.LOGGED, progress=100, document=document, data=None
        )
    return document
