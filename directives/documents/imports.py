"""Writes for the logging flow: accept a paste or upload, extract and parse it, log the result.

document_import_create  → a DocumentImport row (bytes or text), status queued
document_import_process → read the upload (`directives.ingest`: text layer, or OCR page by page
                          with progress), parse, store the JSON shape, spans, OCR words, page
                          images and searchable PDF (status ready); runs inline for small text
                          inputs and on Celery for PDFs, photos and large files
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
from pathlib import PurePath
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify

from cascade.lib.uploads import ValidatedUpload, content_type_for, stored_name_for
from directives.documents.intake import parse_text
from directives.documents.search import fold
from directives.documents.selectors import logging_scope
from directives.documents.services import AssigneeInput, DocumentInput, document_log
from directives.ingest import Ingested, OcrWord, align_words, ingest
from directives.ingest.dispatch import PageCallback
from directives.models import Document, DocumentImport, DocumentImportPage, Organization

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)

# What "Nhập văn bản" reads (checked by `cascade.lib.uploads.validate_upload`, like every upload):
# text (UTF-8, or TCVN3/VNI converted), Word (.docx and 97–2003 .doc), OpenDocument (.odt), PDF
# (a text layer or a scan) and photos of paper documents.
SOURCE_KINDS = frozenset({"txt", "docx", "doc", "odt", "pdf", "jpg", "png"})
# Text inputs up to this size are parsed within the request; PDFs, photos and larger ones on Celery.
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


def document_import_discard(*, import_id: int) -> None:
    """Forget an import that could not be queued (the broker did not answer): the person still has
    the text on the page and submits it again; no row waits for a parse that will never come."""
    DocumentImport.objects.filter(pk=import_id, status=DocumentImport.Status.QUEUED).delete()


def runs_inline(doc_import: DocumentImport) -> bool:
    """Small text, Word and .odt files are parsed in the request (antiword reads a .doc in ~10 ms);
    a PDF or photo may need OCR (seconds a page)."""
    inline_types = (*(content_type_for(f"x.{ext}") for ext in ("txt", "docx", "doc", "odt")), "")
    return doc_import.size <= INLINE_PARSE_MAX_BYTES and doc_import.content_type in inline_types


def _advance(import_id: int, status: str, progress: int, **fields: object) -> None:
    # Plain UPDATEs, each committed on its own, so the polled progress fragment sees every step.
    DocumentImport.objects.filter(pk=import_id).update(status=status, progress=progress, **fields)


def document_import_process(
    *, import_id: int, reference_date: dt.date | None, on_page: PageCallback | None = None
) -> DocumentImport | None:
    """Read, OCR if needed, and parse one import. Idempotent: a finished import is left as it is.

    Progress: 10 % when reading starts, 10–90 % across the OCR'd pages, 90 % while parsing.
    """
    doc_import = DocumentImport.objects.filter(pk=import_id).first()
    if doc_import is None:
        return None  # deleted meanwhile
    if doc_import.status in (DocumentImport.Status.READY, DocumentImport.Status.LOGGED):
        return doc_import
    S = DocumentImport.Status
    text = doc_import.text
    ingested: Ingested | None = None
    if doc_import.data is not None and not text:
        _advance(import_id, S.EXTRACTING, 10)

        def page_done(done: int, total: int) -> None:
            percent = 10 + (80 * done) // max(total, 1)
            _advance(import_id, S.OCR, percent, pages_done=done, pages_total=total)
            if on_page:
                on_page(done, total)

        try:
            ingested = ingest(
                bytes(doc_import.data),
                doc_import.filename,
                on_page=page_done,
                trust_roots=settings.SIGNATURE_TRUST_ROOTS or None,
            )
        except Exception as exc:
            _advance(import_id, S.FAILED, 100, error=_extraction_message(exc))
            return DocumentImport.objects.get(pk=import_id)
        text = ingested.text
        # A scan nobody can read still goes to the review form, beside its page images.
        if not text.strip() and not ingested.is_ocr:
            _advance(import_id, S.FAILED, 100, error="Không đọc được chữ nào trong tệp.")
            return DocumentImport.objects.get(pk=import_id)
    _advance(import_id, S.PARSING, 90)
    try:
        outcome = parse_text(text, reference_date=reference_date)
    except Exception:
        logger.exception("parsing import %s failed", import_id)
        _store_scan(import_id, ingested, text=text, words=())
        _advance(
            import_id,
            S.FAILED,
            100,
            text=text,
            error="Không phân tích được văn bản này. Bạn vẫn có thể nhập tay các trường.",
        )
        return DocumentImport.objects.get(pk=import_id)
    notes = list(ingested.notes) if ingested else []
    words = align_words(ingested.words, outcome.text) if ingested else ()
    with transaction.atomic():
        _store_scan(import_id, ingested, text=outcome.text, words=words)
        _advance(
            import_id,
            S.READY,
            100,
            text=outcome.text,
            result=outcome.result,
            spans=[list(s) for s in outcome.spans],
            warnings=notes + outcome.warnings,
            parse_ms=outcome.elapsed_ms,
            error="",
        )
    return DocumentImport.objects.get(pk=import_id)


def _store_scan(import_id: int, ingested: Ingested | None, *, text: str, words: tuple[OcrWord, ...]) -> None:
    """What reading leaves beside the text: OCR words, page images, searchable PDF, PDF signatures.

    Run again on a retried task, it replaces what an earlier attempt stored (no duplicate pages).
    """
    if ingested is None:
        return
    doc_import = DocumentImport.objects.get(pk=import_id)
    doc_import.source_kind = ingested.kind
    doc_import.ocr_words = [w.as_row() for w in words]
    doc_import.signatures = [s.as_json() for s in ingested.signatures]
    doc_import.pages.all().delete()
    for number, image in enumerate(ingested.page_images, start=1):
        page = DocumentImportPage(doc_import=doc_import, number=number)
        page.image.save(f"trang-{number}.jpg", ContentFile(image), save=False)
        page.save()
    if ingested.searchable_pdf:
        name = f"{slugify(PurePath(doc_import.filename).stem) or 'ban-quet'}-co-chu.pdf"
        doc_import.searchable_pdf.save(name, ContentFile(ingested.searchable_pdf), save=False)
    doc_import.save(update_fields=["source_kind", "ocr_words", "searchable_pdf", "signatures"])


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
        if doc_import.searchable_pdf and not document.searchable_file:
            with doc_import.searchable_pdf.open("rb") as searchable:
                name = doc_import.searchable_pdf.name.rsplit("/", 1)[-1]
                document.searchable_file.save(name, ContentFile(searchable.read()), save=True)
        if doc_import.signatures and not document.signatures:
            document.signatures = doc_import.signatures
            document.save(update_fields=["signatures"])
        DocumentImport.objects.filter(pk=doc_import.pk).update(
            status=DocumentImport.Status.LOGGED, progress=100, document=document, data=None
        )
    return document
