"""Snapshot → HTML (Django templates) → PDF (WeasyPrint), with progress from WeasyPrint's own log.

A PDF is a pure function of (snapshot, number, issue date): the number and date are not part
of the snapshot's hash, so asking again with unchanged data returns the stored document.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string

from reports.pdf.formatting import place_and_date
from reports.pdf.profiles import PROFILES, LayoutProfile

TEMPLATES = {
    "unit": "reports/pdf/unit_report.html",
    "aggregate": "reports/pdf/aggregate_report.html",
    "dashboard": "reports/pdf/dashboard.html",
}
# Rough table rows per A4 page, only to turn "laying out page N" into a percentage.
ROWS_PER_PAGE = 38

_PAGE_STEP = re.compile(r"Creating layout - Page (\d+)")

ProgressCallback = Callable[[int], None]


@dataclass(frozen=True)
class RenderResult:
    pdf: bytes
    pages: int
    seconds: float


class _ProgressHandler(logging.Handler):
    """Turns WeasyPrint's "Step N" progress messages into a percentage."""

    def __init__(self, callback: ProgressCallback, expected_pages: int) -> None:
        super().__init__(level=logging.INFO)
        self.callback = callback
        self.expected_pages = max(1, expected_pages)
        self.thread_id = threading.get_ident()

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread != self.thread_id:  # another render in another thread of this process
            return
        message = record.getMessage()
        page = _PAGE_STEP.search(message)
        if page:
            done = min(int(page.group(1)), self.expected_pages) / self.expected_pages
            self.callback(20 + int(65 * done))
        elif message.startswith("Step 6"):
            self.callback(88)
        elif message.startswith(("Step 3", "Step 4")):
            self.callback(10)


def _refuse_fetch(url: str, *args: object, **kwargs: object) -> dict:
    """Snapshots are self-contained (charts are inline SVG): never fetch anything."""
    raise ValueError(f"external resource refused: {url[:80]}")


def profile_of(payload: dict) -> LayoutProfile:
    key = payload["head"]["profile"] if "head" in payload else payload["profile"]
    return PROFILES[key]


def render_html(*, payload: dict, number: int | None, issued_on: dt.date) -> str:
    profile = profile_of(payload)
    context: dict[str, object] = {"p": payload, "profile": profile, "printed_on": f"{issued_on:%d/%m/%Y}"}
    head = payload.get("head")
    if head:
        context["number_text"] = profile.number_text(
            number=number, type_code=head["type_code"], issuer_code=head["issuer_code"]
        )
        context["date_text"] = place_and_date(head["place"], issued_on)
        number_part = str(context["number_text"]).replace("Số: ", "số ").replace("Số ", "số ")
        context["annex_ref"] = (
            f"Kèm theo Báo cáo {number_part} ngày {issued_on:%d/%m/%Y} của {payload.get('unit_name', '')}"
        )
    return render_to_string(TEMPLATES[payload["kind"]], context)


def render_pdf(
    *,
    payload: dict,
    number: int | None,
    issued_on: dt.date,
    on_progress: ProgressCallback | None = None,
) -> RenderResult:
    from weasyprint import HTML  # imported here: loading Pango costs ~0.3 s, only renders need it

    started = time.perf_counter()
    html = render_html(payload=payload, number=number, issued_on=issued_on)
    logger = logging.getLogger("weasyprint.progress")
    handler = None
    if on_progress is not None:
        handler = _ProgressHandler(on_progress, expected_pages=payload.get("rows", 0) // ROWS_PER_PAGE + 2)
        logger.addHandler(handler)
        previous = (logger.level, logger.propagate)
        logger.setLevel(logging.INFO)
        logger.propagate = False  # progress feeds the bar, not the server log
    try:
        document = HTML(string=html, base_url=None, url_fetcher=_refuse_fetch).render()
        pdf = document.write_pdf()
    finally:
        if handler is not None:
            logger.removeHandler(handler)
            logger.setLevel(previous[0])
            logger.propagate = previous[1]
    return RenderResult(pdf=pdf, pages=len(document.pages), seconds=time.perf_counter() - started)
