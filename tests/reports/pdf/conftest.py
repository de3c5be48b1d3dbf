"""A directive cascade with reports in every state, for the PDF tests."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from dataclasses import dataclass

import pypdf
import pytest
from django.utils import timezone

from directives.models import Assignment, Document, DocumentType, Organization, Task
from reports.models import CompletionReport
from tests.conftest import SmallTree
from tests.factories import (
    AssignmentFactory,
    CompletionReportFactory,
    DocumentFactory,
    OrganizationFactory,
    TaskFactory,
)

TODAY = dt.date(2023, 11, 5)  # a Sunday
SOON = dt.date(2023, 11, 8)  # its last "due soon" day: three working days on (`scheduling.due_soon_until`)


@dataclass
class PdfCascade:
    tree: SmallTree
    directive: Document
    guidance: Document
    task: Task
    state_body: Organization
    report_a: CompletionReport  # Huyện ủy Trảng Bom, on time
    report_commune: CompletionReport  # Đảng ủy xã Bắc Sơn, late
    report_state: CompletionReport  # a State body, on time
    assignments: dict[str, Assignment]


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 30)))


def submit(assignment: Assignment, *, on: dt.date, **fields: object) -> CompletionReport:
    report = CompletionReportFactory(
        assignment=assignment,
        status=CompletionReport.Status.SUBMITTED,
        submitted_at=_aware(on),
        is_late=bool(assignment.due_on and on > assignment.due_on),
        **fields,
    )
    Assignment.objects.filter(pk=assignment.pk).update(
        status=Assignment.Status.SUBMITTED, submitted_at=_aware(on), submitted_on=on
    )
    assignment.refresh_from_db()
    return report


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def pdf_cascade(tree: SmallTree) -> PdfCascade:
    Organization.objects.filter(pk=tree.province.pk).update(symbol_code="TU", place="Đồng Nai")
    Organization.objects.filter(pk=tree.board.pk).update(symbol_code="BTGTU", place="Đồng Nai")
    Organization.objects.filter(pk=tree.district_a.pk).update(symbol_code="HU", place="Đồng Nai")
    Organization.objects.filter(pk=tree.district_b.pk).update(symbol_code="TU", place="Đồng Nai")
    Organization.objects.filter(pk=tree.commune_a.pk).update(symbol_code="ĐU", place="Đồng Nai")
    state_body = OrganizationFactory(
        parent=tree.province,
        name="Ủy ban nhân dân tỉnh Đồng Nai",
        code="ubnd-dn",
        kind=Organization.Kind.STATE_BODY,
        level=Organization.Level.DISTRICT,
        is_party=False,
        symbol_code="UBND",
        place="Đồng Nai",
    )
    for org in (tree.province, tree.board, tree.district_a, tree.district_b, tree.commune_a):
        org.refresh_from_db()
    directive = DocumentFactory(
        number="57-KL/TW",
        symbol="KL/TW",
        doc_type=DocumentType.KL,
        issuer=tree.centre,
        issued_on=dt.date(2023, 6, 15),
        subject="Tiếp tục nâng cao chất lượng, hiệu quả công tác thông tin đối ngoại trong tình hình mới",
    )
    guidance = DocumentFactory(
        number="111-HD/BTGTU",
        issuer=tree.board,
        root=directive,
        primary_parent=directive,
        subject="Nghiên cứu, học tập, quán triệt Kết luận số 57-KL/TW",
    )
    task = TaskFactory(
        document=guidance,
        ordinal=1,
        text="Tổ chức nghiên cứu, học tập, quán triệt Kết luận số 57-KL/TW đến cán bộ, đảng viên",
        deadline_text="Trong tháng 10/2023",
        due_on=dt.date(2023, 10, 31),
        report_to=tree.board,
    )
    units = {
        "district_a": tree.district_a,
        "district_b": tree.district_b,
        "commune_a": tree.commune_a,
        "commune_b": tree.commune_b,
        "state": state_body,
    }
    assignments = {key: AssignmentFactory(task=task, unit=unit, directive=directive) for key, unit in units.items()}
    report_a = submit(
        assignments["district_a"],
        on=dt.date(2023, 10, 25),
        deployment="Ban Thường vụ Huyện ủy đã ban hành kế hoạch, quán triệt đến 100% chi bộ trực thuộc.",
        results="Tổ chức hội nghị trực tiếp kết hợp trực tuyến với 12 điểm cầu; đảng viên tham dự đầy đủ.",
        shortcomings="Một số chi bộ ở vùng sâu tổ chức chậm, chất lượng thảo luận chưa đều.",
        sessions_held=5,
        participants=1234,
        members_reached=1100,
        members_total=1150,
        documents_issued=2,
    )
    report_commune = submit(
        assignments["commune_a"],
        on=dt.date(2023, 11, 3),
        results="Đã quán triệt đến toàn thể đảng viên của Đảng bộ xã.",
        sessions_held=2,
        participants=210,
        members_reached=190,
        members_total=200,
        documents_issued=1,
    )
    report_state = submit(
        assignments["state"],
        on=dt.date(2023, 10, 30),
        results="Các sở, ngành đã phổ biến Kết luận đến công chức, viên chức.",
        sessions_held=1,
        participants=300,
    )
    return PdfCascade(tree, directive, guidance, task, state_body, report_a, report_commune, report_state, assignments)


@dataclass
class PdfInfo:
    pages: int
    text: str  # all pages, NFC, whitespace collapsed
    page_texts: list[str]
    sizes: set[tuple[float, float]]
    fonts: dict[str, bool]  # base font name → embedded


def read_pdf(data: bytes) -> PdfInfo:
    reader = pypdf.PdfReader(io.BytesIO(data))
    page_texts = []
    sizes = set()
    fonts: dict[str, bool] = {}
    for page in reader.pages:
        raw = page.extract_text() or ""
        page_texts.append(" ".join(unicodedata.normalize("NFC", raw).split()))
        box = page.mediabox
        sizes.add((round(float(box.width), 1), round(float(box.height), 1)))
        for font in (page.get("/Resources", {}).get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font["/BaseFont"]).split("+", 1)[-1]] = embedded
    return PdfInfo(len(reader.pages), " ".join(page_texts), page_texts, sizes, fonts)


A4_POINTS = (595.3, 841.9)


def assert_official_pdf(info: PdfInfo) -> None:
    """A4 on every page; only a Times-like serif, embedded (no fallback font for missing glyphs)."""
    assert info.sizes == {A4_POINTS}
    assert info.fonts, "no fonts found"
    for name, embedded in info.fonts.items():
        assert embedded, f"{name} is not embedded"
        assert "Liberation-Serif" in name or "Times" in name, f"unexpected font {name}"
