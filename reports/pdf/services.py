"""Writes for PDF reports: claim a render (and its number) for a snapshot, then render and store it.

`render_request` is the only place numbers are taken for reports: the same snapshot (same hash)
is one RenderedReport row, so asking twice, or two people asking at once, issues one document.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from directives.models import Document, Organization
from reports.models import CompletionReport, RenderedReport
from reports.pdf.numbering import number_allocate
from reports.pdf.render import render_pdf

if TYPE_CHECKING:
    from django.contrib.auth.models import User

log = logging.getLogger(__name__)

# A render left "rendering" this long ago died with its worker and may be claimed again.
STALE_RENDER = dt.timedelta(seconds=getattr(settings, "CELERY_TASK_TIME_LIMIT", 900) + 60)


def sync_max_rows() -> int:
    """Snapshots with more table rows than this render on Celery, with progress."""
    return int(getattr(settings, "PDF_SYNC_MAX_ROWS", 300))


def canonical_json(payload: dict) -> str:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def payload_hash(payload: dict) -> str:
    return hashlib.sha256(canonical_json(payload).encode()).hexdigest()


@dataclass(frozen=True)
class Claim:
    render: RenderedReport
    created: bool

    @property
    def runs_in_request(self) -> bool:
        return self.render.rows <= sync_max_rows()


def render_request(
    *,
    kind: str,
    subject_key: str,
    unit: Organization,
    payload: dict,
    today: dt.date,
    requested_by: User | None,
    directive: Document | None = None,
    completion_report: CompletionReport | None = None,
) -> Claim:
    """The stored render of this snapshot, or a new one with the next number of the unit's register."""
    digest = payload_hash(payload)
    existing = (
        RenderedReport.objects.select_related("outgoing")
        .filter(subject_key=subject_key, input_hash=digest)
        .defer("payload_json")
    )
    found = existing.first()
    if found is not None:
        return Claim(found, created=False)
    user = requested_by if getattr(requested_by, "pk", None) else None
    try:
        with transaction.atomic():
            outgoing = None
            if kind != RenderedReport.Kind.DASHBOARD:
                outgoing = number_allocate(
                    issuer=unit,
                    doc_type=payload["head"]["type_code"],
                    on=today,
                    subject=payload["head"]["subject"],
                    created_by=user,
                )
            render = RenderedReport.objects.create(
                kind=kind,
                subject_key=subject_key,
                input_hash=digest,
                payload_json=canonical_json(payload),
                unit=unit,
                directive=directive,
                completion_report=completion_report,
                outgoing=outgoing,
                rows=int(payload.get("rows", 0)),
                issued_on=today,
                requested_by=user,
            )
    except IntegrityError:
        # Someone claimed the same snapshot a moment ago; our number went back with the rollback.
        return Claim(existing.get(), created=False)
    return Claim(render, created=True)


class _Progress:
    """Writes the percentage at most once a second, and only forwards."""

    def __init__(self, render_id: int) -> None:
        self.render_id = render_id
        self.last = 0
        self.last_write = 0.0

    def __call__(self, percent: int) -> None:
        now = time.monotonic()
        if percent <= self.last or now - self.last_write < 1.0:
            return
        self.last, self.last_write = percent, now
        RenderedReport.objects.filter(pk=self.render_id, status=RenderedReport.Status.RENDERING).update(
            progress=min(percent, 99)
        )


def render_run(*, render_id: int) -> RenderedReport:
    """Render a claimed snapshot and store the PDF. Safe to call twice or on two workers at once."""
    now = timezone.now()
    claimable = Q(status__in=[RenderedReport.Status.QUEUED, RenderedReport.Status.FAILED]) | Q(
        status=RenderedReport.Status.RENDERING, started_at__lt=now - STALE_RENDER
    )
    claimed = RenderedReport.objects.filter(claimable, pk=render_id).update(
        status=RenderedReport.Status.RENDERING, progress=1, started_at=now, error=""
    )
    render = RenderedReport.objects.select_related("outgoing").get(pk=render_id)
    if not claimed:
        return render
    try:
        result = render_pdf(
            payload=render.payload,
            number=render.outgoing.number if render.outgoing else None,
            issued_on=render.outgoing.issued_on if render.outgoing else (render.issued_on or timezone.localdate()),
            on_progress=_Progress(render.pk),
        )
    except Exception as exc:
        log.exception("PDF render %s failed", render.pk)
        RenderedReport.objects.filter(pk=render.pk).update(
            status=RenderedReport.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        raise
    render.file.save(f"{render.kind}-{render.pk}-{render.input_hash[:10]}.pdf", ContentFile(result.pdf), save=False)
    render.status = RenderedReport.Status.DONE
    render.progress = 100
    render.pages = result.pages
    render.size = len(result.pdf)
    render.render_seconds = round(result.seconds, 3)
    render.finished_at = timezone.now()
    render.save(update_fields=["file", "status", "progress", "pages", "size", "render_seconds", "finished_at"])
    return render
