"""`python manage.py render_report` for scripting and benchmarks."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from tests.reports.pdf.conftest import read_pdf

pytestmark = pytest.mark.django_db


def test_it_renders_a_units_report_by_assignment(pdf_cascade, tmp_path):
    out = tmp_path / "unit.pdf"
    stdout = io.StringIO()
    call_command(
        "render_report", "--assignment", str(pdf_cascade.assignments["district_a"].pk), "--out", str(out), stdout=stdout
    )

    assert "số 01-BC/HU" in stdout.getvalue()
    assert "Huyện ủy Trảng Bom" in read_pdf(out.read_bytes()).text


def test_it_renders_the_aggregate_for_a_unit_given_by_code_and_reuses_it(pdf_cascade, tmp_path):
    out = tmp_path / "agg.pdf"
    args = ["render_report", "--aggregate", "--document", "57-KL/TW", "--unit", "tu-dn", "--out", str(out)]
    call_command(*args, stdout=io.StringIO())
    assert "PHỤ LỤC 1" in read_pdf(out.read_bytes()).text

    stdout = io.StringIO()
    call_command(*args, stdout=stdout)
    assert "dùng lại bản đã lưu" in stdout.getvalue()
    assert "số 01-BC/TU" in stdout.getvalue()


def test_the_unit_defaults_to_the_documents_issuer(pdf_cascade, tmp_path):
    out = tmp_path / "dash.pdf"
    stdout = io.StringIO()
    call_command("render_report", "--dashboard", "--document", "57-KL/TW", "--out", str(out), stdout=stdout)
    text = read_pdf(out.read_bytes()).text
    assert text.startswith("BAN CHẤP HÀNH TRUNG ƯƠNG")  # 57-KL/TW's issuer: the whole cascade
    assert "Tổng quan (5 nhiệm vụ đã giao)" in text
    assert "số —" in stdout.getvalue()  # a print is not numbered


def test_it_explains_what_is_missing(pdf_cascade, tmp_path):
    with pytest.raises(CommandError, match="Không tìm thấy văn bản 99-KL/TW"):
        call_command("render_report", "--aggregate", "--document", "99-KL/TW", "--out", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="chưa có báo cáo đã gửi"):
        call_command(
            "render_report",
            "--assignment",
            str(pdf_cascade.assignments["district_b"].pk),
            "--out",
            str(tmp_path / "x.pdf"),
        )
