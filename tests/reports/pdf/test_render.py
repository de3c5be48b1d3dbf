"""Each report rendered to a real PDF and read back with pypdf, as a văn thư would check it."""

from __future__ import annotations

import datetime as dt

import pytest

from directives.models import Assignment
from reports.pdf.aggregate import AggregateInput, aggregate_defaults, aggregate_payload
from reports.pdf.common import Signature
from reports.pdf.dashboard_data import dashboard_snapshot
from reports.pdf.render import render_html, render_pdf
from reports.pdf.rollup import cascade_below
from reports.pdf.unit_report import report_queryset, unit_report_payload
from tests.factories import AssignmentFactory, OrganizationFactory, TaskFactory
from tests.reports.pdf.conftest import SOON, TODAY, assert_official_pdf, read_pdf, submit

pytestmark = pytest.mark.django_db


def _unit_pdf(report, number=1):
    report = report_queryset().get(pk=report.pk)
    payload = unit_report_payload(report=report, today=TODAY)
    return read_pdf(render_pdf(payload=payload, number=number, issued_on=TODAY).pdf)


def test_a_party_units_report_has_the_hd36_layout_in_vietnamese(pdf_cascade):
    info = _unit_pdf(pdf_cascade.report_a, number=12)

    assert_official_pdf(info)
    text = info.text
    for expected in (
        "TỈNH ỦY ĐỒNG NAI",  # the superior body, above the issuer
        "HUYỆN ỦY TRẢNG BOM",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số 12-BC/HU",  # no colon in Party numbers
        "Đồng Nai, ngày 05 tháng 11 năm 2023",
        "BÁO CÁO",
        "Kết quả thực hiện Hướng dẫn số 111-HD/BTGTU",
        "Ban Thường vụ Huyện ủy đã ban hành kế hoạch, quán triệt đến 100% chi bộ trực thuộc.",
        "I- TÌNH HÌNH TRIỂN KHAI",
        "Số lượt người tham dự: 1.234.",
        "Số đảng viên, đoàn viên được quán triệt: 1.100/1.150, đạt 95,7%.",
        "Nơi nhận",
        "- Ban Tuyên giáo Tỉnh ủy Đồng Nai (để báo cáo),",
        "T/M BAN THƯỜNG VỤ",
        "BÍ THƯ",
    ):
        assert expected in text, expected
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in text
    assert "Số: " not in text


def test_a_late_report_says_how_late_it_was(pdf_cascade):
    info = _unit_pdf(pdf_cascade.report_commune)
    assert "Báo cáo gửi ngày 03/11/2023, chậm 3 ngày so với thời hạn 31/10/2023." in info.text


def test_a_state_bodys_report_has_the_nd30_header(pdf_cascade):
    info = _unit_pdf(pdf_cascade.report_state, number=3)

    assert_official_pdf(info)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI",
        "Số: 03/BC-UBND",
        "I. KẾT QUẢ ĐẠT ĐƯỢC",
        "Nơi nhận:",
        "Lưu: VT.",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
    ):
        assert expected in info.text, expected
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in info.text
    assert "TỈNH ỦY ĐỒNG NAI" not in info.text  # no Party committee heads a State body's document


def _aggregate_pdf(cascade_obj, *, narrative="Các cấp ủy đã triển khai nghiêm túc, đúng hướng dẫn."):
    data = AggregateInput(
        narrative=narrative,
        recipients=["Ban Tuyên giáo Trung ương (để báo cáo)", "Thường trực Tỉnh ủy (để báo cáo)", "Lưu Văn phòng"],
        signature=Signature("K/T", "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Nguyễn Thị Hồng Trang"),
    )
    payload = aggregate_payload(cascade=cascade_obj, data=data)
    result = render_pdf(payload=payload, number=7, issued_on=TODAY)
    return payload, result, read_pdf(result.pdf)


def test_the_aggregate_report_totals_the_units_and_lists_the_overdue(pdf_cascade):
    cascade = cascade_below(
        directive=pdf_cascade.directive, unit=pdf_cascade.tree.province, today=TODAY, due_soon_until=SOON
    )
    _, _, info = _aggregate_pdf(cascade)

    assert_official_pdf(info)
    text = info.text
    for expected in (
        "Số 07-BC/TU",
        "Tổng hợp kết quả thực hiện Kết luận số 57-KL/TW ngày 15/6/2023",
        "Các cấp ủy đã triển khai nghiêm túc, đúng hướng dẫn.",
        "Tổng số đơn vị được giao: 5.",
        "Đã báo cáo: 3 (60,0%), trong đó đúng hạn 2, quá hạn 1.",
        "Chưa báo cáo: 2, trong đó còn trong hạn 0, đã quá hạn 2.",
        "Số lượt người tham dự: 1.744.",  # 1234 + 210 + 300
        "Số đảng viên, đoàn viên được quán triệt: 1.290/1.350, đạt 95,6%.",  # recomputed, not averaged
        "III- CÁC ĐƠN VỊ QUÁ HẠN CHƯA BÁO CÁO",
        "K/T TRƯỞNG BAN",
        "PHÓ TRƯỞNG BAN",
        "Nguyễn Thị Hồng Trang",
        "PHỤ LỤC 1",
        "Kèm theo Báo cáo số 07-BC/TU ngày 05/11/2023 của Tỉnh ủy Đồng Nai",
    ):
        assert expected in text, expected
    for name in ("Huyện ủy Trảng Bom", "Thành ủy Biên Hòa", "Đảng ủy xã Bắc Sơn", "Đảng ủy phường Tân Phong"):
        assert name in text
    # Page numbers from page 2 on (the margin box comes last in the extracted text).
    assert info.pages >= 2
    assert info.page_texts[1].endswith(" 2")


def test_the_unit_table_has_every_unit_with_headers_on_every_page(pdf_cascade):
    tree = pdf_cascade.tree
    names = []
    for d, district in enumerate((tree.district_a, tree.district_b)):
        for i in range(35):
            name = f"Chi bộ ấp Phước Thiền {d + 1}.{i + 1:02d}"
            cell = OrganizationFactory(parent=district, name=name, code=f"cb-{d}-{i}", kind="party_cell", level=4)
            district.refresh_from_db()
            names.append(name)
            assignment = AssignmentFactory(task=pdf_cascade.task, unit=cell, directive=pdf_cascade.directive)
            if i % 3 == 0:
                submit(assignment, on=dt.date(2023, 10, 20), sessions_held=1, participants=20)
    cascade = cascade_below(directive=pdf_cascade.directive, unit=tree.province, today=TODAY, due_soon_until=SOON)
    payload, _result, info = _aggregate_pdf(cascade)

    assert_official_pdf(info)
    for name in names:
        assert name in info.text, name
    # The annex is split per child unit, each with its own heading.
    assert "1. Huyện ủy Trảng Bom" in info.text
    assert "2. Thành ủy Biên Hòa" in info.text
    annex_start = next(i for i, t in enumerate(info.page_texts) if "PHỤ LỤC 1" in t)
    annex_end = next((i for i, t in enumerate(info.page_texts) if "PHỤ LỤC 2" in t), info.pages)
    annex_pages = info.page_texts[annex_start:annex_end]
    assert len(annex_pages) >= 2
    for page in annex_pages:
        assert "Tình trạng báo cáo" in page  # the header row repeats on every page of the table
    assert payload["rows"] >= 70


def test_the_dashboard_print_has_charts_tables_and_the_overdue_list(pdf_cascade):
    snapshot = dashboard_snapshot(
        directive=pdf_cascade.directive, unit=pdf_cascade.tree.province, today=TODAY, due_soon_until=SOON
    )
    html = render_html(payload=snapshot, number=None, issued_on=TODAY)
    assert html.count("<svg") == 2  # donut + bars, inline, drawn on the server
    info = read_pdf(render_pdf(payload=snapshot, number=None, issued_on=TODAY).pdf)

    assert_official_pdf(info)
    for expected in (
        "TÌNH HÌNH TRIỂN KHAI THỰC HIỆN",
        "Kết luận số 57-KL/TW ngày 15/6/2023 của Ban Chấp hành Trung ương",
        "Theo đơn vị trực thuộc",
        "Huyện ủy Trảng Bom",
        "Nhiệm vụ quá hạn chưa hoàn thành (2)",
        "Đảng ủy phường Tân Phong",
        "Hoàn thành quá hạn",  # chart legend, SVG text
    ):
        assert expected in info.text, expected


def test_the_report_goes_to_whom_the_units_own_task_names(pdf_cascade):
    tree = pdf_cascade.tree
    central_board = OrganizationFactory(parent=tree.centre, name="Ban Tuyên giáo Trung ương", code="btgtw")
    task = TaskFactory(document=pdf_cascade.directive, ordinal=9, report_to=central_board, text="Báo cáo kết quả")
    AssignmentFactory(task=task, unit=tree.province, directive=pdf_cascade.directive)
    tree.province.refresh_from_db()
    cascade = cascade_below(directive=pdf_cascade.directive, unit=tree.province, today=TODAY, due_soon_until=SOON)

    recipients = aggregate_defaults(cascade).recipients

    assert recipients == [
        "Ban Tuyên giáo Trung ương (để báo cáo)",
        "Ban Chấp hành Trung ương (để báo cáo)",  # the unit's own superior
        "Lưu Văn phòng",
    ]


def test_the_prefilled_narrative_comes_from_the_figures(pdf_cascade):
    cascade = cascade_below(
        directive=pdf_cascade.directive, unit=pdf_cascade.tree.province, today=TODAY, due_soon_until=SOON
    )
    defaults = aggregate_defaults(cascade)
    assert defaults.narrative.startswith("Đến ngày 05/11/2023, có 5 đơn vị trực thuộc được giao triển khai")
    assert "3 đơn vị đã báo cáo kết quả (60,0%)" in defaults.narrative
    assert defaults.signature.capacity == "T/M"
    assert defaults.recipients[-1] == "Lưu Văn phòng"


def test_a_unit_with_a_later_period_pending_still_counts_its_report(pdf_cascade):
    """A period not yet due must not hide the report a unit already sent."""
    assignment = pdf_cascade.assignments["district_a"]
    Assignment.objects.create(
        task=assignment.task,
        unit=assignment.unit,
        period=2,
        due_on=dt.date(2024, 4, 30),
        directive=assignment.directive,
    )
    cascade = cascade_below(
        directive=pdf_cascade.directive, unit=pdf_cascade.tree.province, today=TODAY, due_soon_until=SOON
    )
    status = next(u for u in cascade.units if u.unit_id == assignment.unit_id)
    assert status.timeliness == "done_on_time"
    assert status.reported_on == dt.date(2023, 10, 25)


def test_user_text_is_escaped_not_interpreted(pdf_cascade):
    cascade = cascade_below(
        directive=pdf_cascade.directive, unit=pdf_cascade.tree.province, today=TODAY, due_soon_until=SOON
    )
    payload = aggregate_payload(
        cascade=cascade, data=AggregateInput(narrative='<img src="http://example.com/x.png"> <b>đậm</b>')
    )
    html = render_html(payload=payload, number=1, issued_on=TODAY)
    assert "&lt;img" in html
    assert "<img" not in html
