"""Pure formatting and the layout profiles."""

from __future__ import annotations

import datetime as dt

import pytest

from reports.pdf.formatting import issuer_lines, place_and_date, recipient_lines, vn_int, vn_percent
from reports.pdf.profiles import HD36_2018, ND30_2020, profile_for


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(dt.date(2026, 2, 5), "Đồng Nai, ngày 05 tháng 02 năm 2026", id="pads_day_and_february"),
        pytest.param(dt.date(2023, 11, 15), "Đồng Nai, ngày 15 tháng 11 năm 2023", id="no_padding_needed"),
        pytest.param(dt.date(2023, 3, 9), "Đồng Nai, ngày 09 tháng 3 năm 2023", id="march_is_not_padded"),
    ],
)
def test_place_and_date_follow_the_padding_rule(day, expected):
    assert place_and_date("Đồng Nai", day) == expected


def test_party_numbers_have_no_colon_and_state_numbers_do():
    assert HD36_2018.number_text(number=12, type_code="BC", issuer_code="BTGTU") == "Số 12-BC/BTGTU"
    assert ND30_2020.number_text(number=3, type_code="BC", issuer_code="UBND") == "Số: 03/BC-UBND"


def test_signing_prefixes_differ_between_party_and_state():
    assert HD36_2018.capacity_text("T/M", "Ban Thường vụ") == "T/M BAN THƯỜNG VỤ"
    assert ND30_2020.capacity_text("K/T", "Chủ tịch") == "KT. CHỦ TỊCH"
    assert HD36_2018.capacity_text("", "") == ""


def test_the_profile_follows_the_bodys_system():
    assert profile_for(is_party=True, on=dt.date(2026, 1, 1)) is HD36_2018
    assert profile_for(is_party=False, on=dt.date(2026, 1, 1)) is ND30_2020
    assert HD36_2018.section_heading(2, "Kết quả đạt được") == "II- KẾT QUẢ ĐẠT ĐƯỢC"
    assert ND30_2020.section_heading(4, "Kiến nghị") == "IV. KIẾN NGHỊ"


def test_an_issuer_named_after_its_superior_drops_the_suffix():
    assert issuer_lines(name="Ban Tuyên giáo Tỉnh ủy Đồng Nai", parent_name="Tỉnh ủy Đồng Nai") == (
        "TỈNH ỦY ĐỒNG NAI",
        "BAN TUYÊN GIÁO",
    )
    assert issuer_lines(name="Đảng ủy xã Bắc Sơn", parent_name="Huyện ủy Trảng Bom") == (
        "HUYỆN ỦY TRẢNG BOM",
        "ĐẢNG ỦY XÃ BẮC SƠN",
    )


def test_numbers_and_percentages_in_vietnamese_style():
    assert vn_int(1234567) == "1.234.567"
    assert vn_percent(1100, 1150) == "95,7%"
    assert vn_percent(1, 0) == "–"


def test_recipient_lines_are_punctuated_with_the_file_copy_last():
    assert recipient_lines(["- Ban Tuyên giáo TW (để báo cáo);", "Thường trực Tỉnh ủy", "Lưu Văn phòng"]) == [
        "- Ban Tuyên giáo TW (để báo cáo),",
        "- Thường trực Tỉnh ủy,",
        "- Lưu Văn phòng.",
    ]
    assert recipient_lines(["Như trên", "Lưu: VT"], separator=";") == ["- Như trên;", "- Lưu: VT."]
