"""Body and closing rules for real layouts (GitHub issue 13), one short snippet per rule.

References: the own number is never cited; loosely written citations after "số". Deadlines:
the issue date, past limits, cut-offs and event clauses are not time limits; scheduled hours,
occasion glosses and month-only limits are. Closing: flattened two-column closings, OCR-damaged
labels, attached drafts, names glued to titles or items, Kính gửi missed by the header.
"""

from __future__ import annotations

from typing import Any

import pytest

from directives.parsing import parse_document, to_json_dict

HEAD = "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 12/UBND-VX\nQuảng Ngãi, ngày 05 tháng 3 năm 2024\nV/v thử nghiệm\n"


def parse(text: str) -> dict[str, Any]:
    return to_json_dict(parse_document(text))


def numbers(text: str) -> list[str]:
    return [r["number"] for r in parse(text)["references"]]


def dues(text: str) -> list[tuple[str | None, str | None]]:
    return [(t["kind"], t["due"]) for t in parse(text)["tasks"] if t["kind"]]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        pytest.param(
            "Số: 41/2019/QĐ-UBND\nQuyết định:\nĐiều 1. Ban hành kèm theo Quyết định số 41/2019/QĐ-UBND quy định.",
            [],
            id="own_number_repeated_in_the_text",
        ),
        pytest.param(
            "UBND TỈNH X Độc lập - Tự do - Hạnh phúc Số : 2917 /SGDĐT-VP X, ngày 05 tháng 11 năm 2010",
            [],
            id="own_number_line_in_a_flattened_header",
        ),
        pytest.param(
            "Thực hiện Kế hoạch số 298 KH/TWĐTN ngày 14/7/2011 của Ban.", ["298-KH/TWĐTN"], id="space_for_hyphen"
        ),
        pytest.param(
            "Thực hiện Nghị quyết số 17/NQ- CP ngày 07/3/2019 của Chính phủ.",
            ["17/NQ-CP"],
            id="symbol_broken_at_hyphen",
        ),
        pytest.param("Căn cứ công văn số 01/CT - HĐĐ của Hội đồng Đội.", ["01/CT-HĐĐ"], id="spaced_hyphen"),
        pytest.param(
            "Thực hiện công văn số 237/SGD&ĐT-GDMN ngày 01/3/2012.", ["237/SGD&ĐT-GDMN"], id="ampersand_in_issuer_code"
        ),
        pytest.param(
            "Căn cứ Nghị quyết Liên tịch số 19/2008/NQLT/CP-UBTUMTTQVN ngày 22/8/2008;",
            ["19/2008/NQLT/CP-UBTUMTTQVN"],
            id="joint_symbol_with_two_slashes",
        ),
        pytest.param(
            "Thi hành Quyết định số 87-TTg-B ngày 20-8-1976 và Quyết định số 435-TTg ngày 30-10-1976.",
            ["87-TTg-B", "435-TTg"],
            id="old_style_symbols_without_slash",
        ),
        pytest.param(
            "Triển khai Kết luận số 57-KL/TW - Ban Tuyên giáo chủ trì; nhà số 3-A.",
            ["57-KL/TW"],
            id="spaced_hyphen_before_a_word_and_house_numbers",
        ),
    ],
)
def test_references(text: str, want: list[str]) -> None:
    assert numbers(text) == want


def test_attached_draft_cites_nothing_for_the_document() -> None:
    text = (
        HEAD + "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ;\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nTrần Văn An\n"
        "HỘI ĐỒNG NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: /NQ-HĐND\n"
        "Căn cứ Luật số 47/2019/QH14 ngày 22/11/2019;\n"
    )
    assert numbers(text) == ["30/2020/NĐ-CP"]


@pytest.mark.parametrize(
    ("body", "want"),
    [
        pytest.param("Đắk Lắk, ngày 27 tháng 10 năm 2017\n", [], id="place_date_line_in_the_body"),
        pytest.param(
            "Đại hội lần thứ VI diễn ra trong tháng 07/2013 tại Hà Nội.\n", [], id="event_clause_is_informational"
        ),
        pytest.param(
            "Số liệu thiệt hại tính đến 17 giờ 00, ngày 04/3/2024 như sau.\n", [], id="cut_off_time_is_not_a_deadline"
        ),
        pytest.param(
            "Đồng chí A nghỉ phép từ ngày 10/3/2024 đến hết ngày 20/3/2024.\n",
            [],
            id="absence_period_is_not_a_deadline",
        ),
        pytest.param(
            "Các đơn vị báo cáo trước ngày 01/02/2024 về Sở.\n", [], id="limit_already_past_on_the_issue_date"
        ),
        pytest.param(
            "Đề nghị các huyện tổ chức hội nghị vào tháng 9 năm 2024.\n",
            [("within_month", "2024-09-30")],
            id="month_only_deadline",
        ),
        pytest.param(
            "Chiều 11/3 vào lúc 13giờ các đội tập trung tại hội trường. 7giờ sáng 12/3 Hội thi chính thức khai mạc.\n",
            [("by_date", "2024-03-11")],
            id="scheduled_hour_of_an_action_not_of_an_event",
        ),
        pytest.param(
            "Các trường treo cờ trong ngày Lễ giỗ Tổ Hùng Vương (10 tháng 3 âm lịch, tức ngày 18/4/2024).\n",
            [("by_date", "2024-04-18")],
            id="occasion_glossed_with_its_solar_date",
        ),
        pytest.param(
            "Các sở báo cáo trước 10 giờ 00 ngày 20/3/2024.\n", [("by_date", "2024-03-20")], id="time_of_day_prefix"
        ),
    ],
)
def test_deadlines(body: str, want: list[tuple[str, str]]) -> None:
    assert dues(HEAD + "Kính gửi: Các sở.\n" + body) == want


def closing_of(tail: str) -> dict[str, Any]:
    return parse(HEAD + "Kính gửi: Các sở.\nĐề nghị các sở thực hiện./.\n" + tail)


@pytest.mark.parametrize(
    ("tail", "signer"),
    [
        pytest.param(
            "Nơi nhận: TM. ỦY BAN NHÂN DÂN\n- Như trên; KT. CHỦ TỊCH\n- Lưu: VT.\n",
            {"name": None, "capacity": "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH", "title": None},
            id="capacity_glued_to_the_list",
        ),
        pytest.param(
            "Nơi nhận: CHỦ TỊCH\n- Thường trực HĐND tỉnh;\n- UBND các huyện; Đặng Văn Minh\n- Lưu: VT.\n",
            {"name": "Đặng Văn Minh", "capacity": None, "title": "CHỦ TỊCH"},
            id="title_and_name_interleaved_with_the_list",
        ),
        pytest.param(
            ".Vơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nTrần Văn An\n",
            {"name": "Trần Văn An", "capacity": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH"},
            id="label_damaged_by_ocr",
        ),
        pytest.param(
            "K-.46 (d0 TL. CHỦ TỊCH\n- Như trên;\n- PCT UBND tỉnh: CHÁNH VĂN PHÒNG\n- Lưu: VT.\n",
            {"name": None, "capacity": "TL. CHỦ TỊCH", "title": "CHÁNH VĂN PHÒNG"},
            id="unreadable_label_and_title_after_a_colon",
        ),
        pytest.param(
            "- Như Điều 3; | TM. ỦY BAN NHÂN DÂN |\n",
            {"name": None, "capacity": "TM. ỦY BAN NHÂN DÂN", "title": None},
            id="table_pipes_between_the_columns",
        ),
        pytest.param(
            "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTL. CHỦ TỊCH\nPHÓ CHÁNH VĂN PHÒNGLê Thị Hoa\n",
            {"name": "Lê Thị Hoa", "capacity": "TL. CHỦ TỊCH", "title": "PHÓ CHÁNH VĂN PHÒNG"},
            id="name_glued_to_the_title",
        ),
        pytest.param(
            "Nơi nhận:\n- Như trên;\n- Lưu: VT, KGVX.th54 Trần Hoàng Tuấn\n",
            {"name": "Trần Hoàng Tuấn", "capacity": None, "title": None},
            id="name_glued_to_the_last_item",
        ),
        pytest.param(
            "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nNguyễn Hoàng Giang\n",
            {"name": "Nguyễn Hoàng Giang", "capacity": None, "title": None},
            id="name_alone_after_the_list",
        ),
        pytest.param(
            "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTL. BỘ TRƯỞNG\nCỤC TRƯỞNG\n"
            "CỤC NHÀ GIÁO VÀ CÁN BỘ QUẢN LÝ\nHoàng Đức Minh\n",
            {
                "name": "Hoàng Đức Minh",
                "capacity": "TL. BỘ TRƯỞNG",
                "title": "CỤC TRƯỞNG CỤC NHÀ GIÁO VÀ CÁN BỘ QUẢN LÝ",
            },
            id="title_continued_by_its_unit",
        ),
        pytest.param(
            "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nTrần Văn An\n"
            "HỘI ĐỒNG NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: /NQ-HĐND\nNơi nhận:\n- UBTV Quốc hội;\n"
            "TM. HỘI ĐỒNG NHÂN DÂN\nCHỦ TỊCH\nBùi Thị Quỳnh Vân\n",
            {"name": "Trần Văn An", "capacity": "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH"},
            id="attached_draft_signer_is_not_the_document_signer",
        ),
    ],
)
def test_signer(tail: str, signer: dict[str, Any]) -> None:
    assert closing_of(tail)["signer"] == signer


@pytest.mark.parametrize(
    ("tail", "names"),
    [
        pytest.param(
            "Nơi nhận:\n- Kho bạc Nhà nước Quảng Ngãi; À\n- Các Công ty: CP Môi trường; Điện lực;\n- Lưu: VT.\n",
            ["Các sở", "Kho bạc Nhà nước Quảng Ngãi", "Các Công ty: CP Môi trường; Điện lực", "Lưu: VT"],
            id="stamp_speck_after_an_item_is_dropped_two_bodies_on_one_line_kept",
        ),
        pytest.param(
            "Nơi nhận: TM. ỦY BAN NHÂN DÂN\n- Như Điều 3;\n- Lưu: VT.\n",
            ["Các sở", "Như Điều 3", "Lưu: VT"],
            id="signature_column_is_not_a_recipient",
        ),
        pytest.param(
            "Nơi nhận:\n- Thường trực Tỉnh ủy;\nTM. ỦY BAN NHÂN DÂN\n- Lưu: VT.\n"
            "HỘI ĐỒNG NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nNơi nhận:\n- UBTV Quốc hội;\n",
            ["Các sở", "Thường trực Tỉnh ủy", "Lưu: VT"],
            id="attached_draft_list_is_not_the_document_list",
        ),
    ],
)
def test_recipients(tail: str, names: list[str]) -> None:
    assert [r["name"] for r in closing_of(tail)["recipients"]] == names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        pytest.param(
            "UBND TỈNH X Độc lập - Tự do - Hạnh phúc Số : 2917 /SGDĐT-VP V/v báo cáo nhanh. Kính gửi: - Ủy ban nhân"
            " dân tỉnh X; - Bộ Giáo dục và Đào tạo. Vừa qua, tỉnh X bị ảnh hưởng của lũ.",
            ["Ủy ban nhân dân tỉnh X", "Bộ Giáo dục và Đào tạo"],
            id="kinh_gui_inside_a_flattened_page",
        ),
        pytest.param(
            "Công văn số 2073-CV/HNDTW ngày 22 tháng 9 năm 2016 của Trung ương Hội về việc tổ chức Đại hội\n"
            "Kính gửi: Ban Thường vụ Hội Nông dân các tỉnh, thành phố\nTheo quy định của Điều lệ Hội.",
            ["Ban Thường vụ Hội Nông dân các tỉnh, thành phố"],
            id="kinh_gui_after_a_lead_line",
        ),
        pytest.param(
            "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n",
            ["Như trên", "Lưu: VT"],
            id="as_above_listed_when_no_addressee_stands_for_it",
        ),
    ],
)
def test_addressees(text: str, names: list[str]) -> None:
    assert [r["name"] for r in parse(text)["recipients"]] == names
