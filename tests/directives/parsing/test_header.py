"""Header grammar on real layouts: number, type, issuer, place, date, subject (GitHub issue 13).

Each case is a short snippet written the way real letterheads come out of web pages, table
exports and OCR; the expected values are what a clerk reads in it.
"""

from __future__ import annotations

from typing import Any

import pytest

from directives.parsing import parse_document, to_json_dict

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
BODY = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;\n"


def parsed(text: str) -> dict[str, Any]:
    return to_json_dict(parse_document(text))


def state_header(number_line: str, date_line: str = "Hà Nội, ngày 22 tháng 8 năm 2017") -> str:
    head = f"ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\n{MOTTO}{number_line}\n{date_line}\n"
    return f"{head}KẾ HOẠCH\nTriển khai công tác năm 2017\n{BODY}"


NUMBERS = [
    pytest.param(state_header("Số: 312 /UBND-VX"), "312/UBND-VX", id="number_typed_into_gap"),
    pytest.param(state_header("Số:   88   /CĐ-TG"), "88/CĐ-TG", id="number_gap_on_both_sides"),
    pytest.param(state_header("Số : 24 / PGD&ĐT- GDMN"), "24/PGD&ĐT-GDMN", id="number_spaced_ampersand_code"),
    pytest.param(state_header("Số:\n06/2024/QĐ-UBND"), "06/2024/QĐ-UBND", id="number_on_the_line_after_label"),
    pytest.param(state_header("Số 27-KL/TƯ"), "27-KL/TƯ", id="party_number_without_colon_ocr_horn"),
    pytest.param(
        "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
        "Số: 41/2019/QĐ-UBND | Quảng Trị, ngày 22 tháng 10 năm 2019 |\n"
        "QUYẾT ĐỊNH\nBan hành Quy định chế độ báo cáo\n" + BODY,
        "41/2019/QĐ-UBND",
        id="number_followed_by_table_pipe",
    ),
    pytest.param(state_header("Số: 21 -\nHD/BTCTU"), "21-HD/BTCTU", id="number_split_over_lines"),
    pytest.param(state_header("Số: 215/BLĐTBXH-VP"), "215/BLĐTBXH-VP", id="number_long_issuer_code"),
    pytest.param(state_header("Số: 2917/SNNPTNT-VP"), "2917/SNNPTNT-VP", id="number_seven_letter_code"),
    pytest.param(state_header("Số: 215/UBND"), "215/UBND", id="number_without_unit_part"),
    pytest.param(state_header("Số: 01/QCPH/UBND-UBMTTQ"), "01/QCPH/UBND-UBMTTQ", id="number_joint_symbol"),
    pytest.param(state_header("S: 5157/QĐ-UBND"), "5157/QĐ-UBND", id="number_label_lost_letters"),
    pytest.param(state_header("Số: 47/QĐÐ-UBND"), "47/QĐ-UBND", id="number_ocr_eth_for_d"),
    pytest.param(
        "THỦ TƯỚNG CHÍNH PHỦ\nCHỈ THỊ SỐ 05/2019/CT-TTg NGÀY 25-02-2019\nVỀ TĂNG CƯỜNG CÔNG TÁC AN TOÀN\n" + BODY,
        "05/2019/CT-TTg",
        id="number_only_in_title_line",
    ),
]


@pytest.mark.parametrize(("text", "number"), NUMBERS)
def test_own_number(text: str, number: str) -> None:
    result = parsed(text)
    assert result["number"] == number
    assert number not in [ref["number"] for ref in result["references"]]


def test_handwritten_number_the_ocr_cannot_read_keeps_its_printed_symbol() -> None:
    result = parsed(state_header("Số: 2 # /CT-UBND Quảng Ngãi, ngày Z tháng 4 năm 2020", ""))
    assert result["number"] is None
    assert result["symbol"] == "CT-UBND"
    assert result["place"] == "Quảng Ngãi"
    assert result["date"] is None  # the day is unreadable: no guess


def test_title_line_names_type_and_date_around_the_number() -> None:
    result = parsed("THỦ TƯỚNG CHÍNH PHỦ\nCHỈ THỊ SỐ 05/2019/CT-TTg NGÀY 25-02-2019\nVỀ TĂNG CƯỜNG AN TOÀN\n" + BODY)
    assert (result["type"], result["date"]) == ("Chỉ thị", "2019-02-25")
    assert result["issuer"] == "Thủ tướng Chính phủ"


ISSUERS = [
    pytest.param(
        f"ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\n-------\n{MOTTO}Số: 155/KH-UBND\nBắc Ninh, ngày 26 tháng 5 năm 2017\n",
        "Ủy ban nhân dân tỉnh Bắc Ninh",
        id="body_line_completed_by_locality_line",
    ),
    pytest.param(
        f"ỦY BAN NHÂN DÂN\nỦY BAN MTTQ VIỆT NAM\nTỈNH ĐẮK LẮK\n-------\n{MOTTO}Số: 01/QCPH/UBND-UBMTTQ\n",
        "Ủy ban nhân dân - Ủy ban MTTQ Việt Nam tỉnh Đắk Lắk",
        id="joint_bodies_above_one_locality",
    ),
    pytest.param(
        "BỘ\nGIÁO DỤC VÀ ĐÀO TẠO\n-------\n|\nCỘNG\nHÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "---------------\n|\nSố: 3847/BGDĐT-NGCBQLGD\nV/v tổ chức thi thăng hạng\n|\n"
        "Hà\nNội, ngày 22 tháng 08\nnăm 2017\n",
        "Bộ Giáo dục và Đào tạo",
        id="table_cells_broken_after_one_word",
    ),
    pytest.param(
        "UBND TỈNH NINH THUẬN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM SỞ GIÁO DỤC VÀ ĐÀO TẠO Độc lập - Tự do - "
        "Hạnh phúc Số : 2917 /SGDĐT-VP Phan Rang-Tháp Chàm, ngày 05 tháng11 năm 2010 V/v báo cáo nhanh "
        "tình hình thiệt hại do lũ lụt Kính gửi: - Ủy ban nhân dân tỉnh Ninh Thuận; Vừa qua, tỉnh bị lũ.",
        "Sở Giáo dục và Đào tạo",
        id="two_column_header_flattened_into_one_line",
    ),
    pytest.param(
        "HỘI NÔNG DÂN TỈNH BÌNH ĐỊNH\n***\nSố: 12-CV/HND\nV/v tổ chức hội nghị\nBình Định, ngày 14 tháng 7 năm 2021\n"
        "Kính gửi: Hội Nông dân các huyện\n",
        "Hội Nông dân tỉnh Bình Định",
        id="mass_organisation_without_motto",
    ),
    pytest.param(
        "TỈNH ỦY QUẢNG NAM\nBAN TUYÊN GIÁO\n*\nSố 27-HD/BTGTU\nĐẢNG CỘNG SẢN VIỆT NAM\n"
        "Tam Kỳ, ngày 03 tháng 3 năm 2025\nHƯỚNG DẪN\nTuyên truyền kỷ niệm 95 năm Ngày thành lập Đảng\n",
        "Ban Tuyên giáo Tỉnh ủy Quảng Nam",
        id="party_committee_unit",
    ),
    pytest.param(
        "UBND HUYỆN THỌ XUÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO Độc lập - Tự do - Hạnh phúc\n"
        "Số : 24 / PGD&ĐT- GDMN Thọ Xuân, ngày 06 tháng 03 năm 2012\nKính gửi: Hiệu trưởng các trường Mầm non.\n",
        "Phòng Giáo dục và Đào tạo",
        id="two_level_header_glued_to_motto",
    ),
    pytest.param(
        f"ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTĨNH QUANG NGAÀI Độc lập - Tự do - Hạnh phúc\n"
        f"Số: 16/CT-UBND Quảng Ngãi, ngày 27 tháng 12 năm 2021\nCHỈ THỊ\nVề việc đón Tết an toàn\n{BODY}",
        "Ủy ban nhân dân tỉnh Quảng Ngãi",
        id="ocr_damaged_province_restored",
    ),
    pytest.param(
        "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
        "Số: 41/2019/QĐ-UBND | Quảng Trị, ngày 22 tháng 10 năm 2019 |\n"
        "BAN HÀNH QUY ĐỊNH CHẾ ĐỘ BÁO CÁO ĐỊNH KỲ TRÊN ĐỊA BÀN TỈNH QUẢNG TRỊ\n"
        "ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ\nính quyền địa phương ngày 19 tháng 6 năm 2015;\n",
        "Ủy ban nhân dân tỉnh Quảng Trị",
        id="bare_body_completed_by_enacting_line",
    ),
]


@pytest.mark.parametrize(("text", "issuer"), ISSUERS)
def test_issuer(text: str, issuer: str) -> None:
    assert parsed(text)["issuer"] == issuer


SIGNATURE_STAMP = (
    "Ký bởi: Ủy ban nhân dân tỉnh Quảng Ngãi\n"
    "Cơ quan: Tỉnh Quảng Ngãi\n"
    "Thời gian ký: 18/03/2024 08:41:42\n"
    "TRUNG TÂM CÔNG BÁO VÀ TIN HỌC\n"
    "ttcbth@quangngai.gov.vn\n"
    "18.03.2024 09:20:30 +07:00\n"
    "CC:\n"
    "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "+07:00\n"
    "TỈNH QUẢNG NGÃI Độc lập - Tự do - Hạnh phúc\n"
    "Số: 04/CT-UBND Quảng Ngãi, ngày 15 tháng 3 năm 2024\n"
    "CHỈ THỊ\n"
    "Về việc tăng cường công tác phòng, chống tham nhũng\n"
    "Thực hiện Kết luận số 12-KL/TW ngày 06/4/2022 của Bộ Chính trị, Chủ tịch UBND tỉnh yêu cầu:\n"
)


def test_signature_stamp_text_is_never_the_header() -> None:
    result = parsed(SIGNATURE_STAMP)
    assert result["issuer"] == "Ủy ban nhân dân tỉnh Quảng Ngãi"
    assert (result["number"], result["type"]) == ("04/CT-UBND", "Chỉ thị")
    assert (result["place"], result["date"]) == ("Quảng Ngãi", "2024-03-15")
    assert result["subject"] == "Về việc tăng cường công tác phòng, chống tham nhũng"


DATES = [
    pytest.param(
        state_header("Số: 12/KH-UBND", "Bình Định, ngày 14\ntháng 07 năm 2021"), "2021-07-14", id="date_split"
    ),
    pytest.param(
        state_header("Số: 12/KH-UBND Bình Định, ngày 14 tháng 07 năm 2021", ""), "2021-07-14", id="date_on_number_row"
    ),
    pytest.param(
        state_header("Số: 12/KH-UBND", "Hà\nNội, ngày 22 tháng 08\nnăm 2017"),
        "2017-08-22",
        id="date_cell_broken_thrice",
    ),
    pytest.param(state_header("Số: @39_/TTr-UBND", "Quảng Ngãi, ngày@0 tháng 12 năm 2024"), None, id="day_unreadable"),
]


@pytest.mark.parametrize(("text", "issued"), DATES)
def test_issue_date(text: str, issued: str | None) -> None:
    result = parsed(text)
    assert result["date"] == issued
    assert result["place"] in ("Bình Định", "Hà Nội", "Quảng Ngãi")


SUBJECTS = [
    pytest.param(
        f"ỦY BAN NHÂN DÂN\nTỈNH KON TUM\n{MOTTO}Số: 06/2024/QĐ-UBND\nKon Tum, ngày 25 tháng 01 năm 2024\nQUYẾT ĐỊNH\n"
        "QUY ĐỊNH CHẾ ĐỘ BÁO CÁO ĐỊNH KỲ PHỤC VỤ MỤC TIÊU QUẢN LÝ\nTRÊN ĐỊA BÀN TỈNH KON TUM\n"
        f"ỦY BAN NHÂN DÂN TỈNH KON TUM\n{BODY}",
        "QUY ĐỊNH CHẾ ĐỘ BÁO CÁO ĐỊNH KỲ PHỤC VỤ MỤC TIÊU QUẢN LÝ TRÊN ĐỊA BÀN TỈNH KON TUM",
        id="caps_subject_over_lines_then_enacting_authority",
    ),
    pytest.param(
        "QUY CHẾ\nPHỐI\nHỢP CÔNG TÁC GIỮA ỦY BAN NHÂN DÂN\nTỈNH VÀ ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM TỈNH GIAI ĐOẠN\n"
        f"2017-2021\n{BODY}",
        "PHỐI HỢP CÔNG TÁC GIỮA ỦY BAN NHÂN DÂN TỈNH VÀ ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM TỈNH GIAI ĐOẠN 2017-2021",
        id="caps_subject_broken_cells",
    ),
    pytest.param(
        "KẾ HOẠCH\nTổ chức đại hội Đoàn các cấp, tiến tới Đại hội đại biểu\n"
        "Đoàn TNCS Hồ Chí Minh thành phố Hà Nội lần thứ XIV,\nnhiệm kỳ 2012 - 2017\n"
        "Căn cứ Điều lệ Đoàn; Ban Chấp hành Thành đoàn Hà Nội ban hành Kế hoạch như sau:\n",
        "Tổ chức đại hội Đoàn các cấp, tiến tới Đại hội đại biểu Đoàn TNCS Hồ Chí Minh thành phố Hà Nội "
        "lần thứ XIV, nhiệm kỳ 2012 - 2017",
        id="subject_continued_with_comma_before_opening",
    ),
    pytest.param(
        "THÔNG TƯ\nCỦA BỘ GIÁO DỤC SỐ 36/GD-TT NGÀY 29-12-1976 HƯỚNG DẪN\nXẾP LƯƠNG CHO GIÁO VIÊN PHỔ THÔNG,\n"
        "VIÊN CHỨC MỚI ĐƯỢC TUYỂN DỤNG\nThi hành Quyết định số 87-TTg ngày 20-8-1976 của Thủ tướng Chính phủ.\n",
        "HƯỚNG DẪN XẾP LƯƠNG CHO GIÁO VIÊN PHỔ THÔNG, VIÊN CHỨC MỚI ĐƯỢC TUYỂN DỤNG",
        id="subject_starts_after_title_date",
    ),
    pytest.param(
        state_header("Số: 12/CT-UBND", "Quảng Ngãi, ngày 15 tháng 4 năm 2020").replace(
            "KẾ HOẠCH\nTriển khai công tác năm 2017", "CHỈ THỊ\n,Vêviệc triển khai nộp thuế điện tử"
        ),
        "Về việc triển khai nộp thuế điện tử",
        id="ocr_glued_ve_viec",
    ),
    pytest.param(
        state_header("Số: 12/BC-UBND", "Quảng Ngãi, ngày 15 tháng 4 năm 2020").replace(
            "KẾ HOẠCH\nTriển khai công tác năm 2017", "BÁO CÁO\n^ .^A ,À k4 £ ˆ Lá bÀ\nVề việc điều chỉnh dự toán"
        ),
        "Về việc điều chỉnh dự toán",
        id="ocr_smudge_under_type_name",
    ),
]


@pytest.mark.parametrize(("text", "subject"), SUBJECTS)
def test_subject(text: str, subject: str) -> None:
    assert parsed(text)["subject"] == subject


HEADLESS = [
    pytest.param(
        "Công văn số 2073 - CV/HNDTW ngày 22 tháng 9 năm 2016 của Trung ương Hội Nông dân Việt Nam về việc tổ "
        "chức Đại hội Hội Nông dân Việt Nam các cấp\n\nKính gửi: Ban Thường vụ Hội Nông dân các tỉnh, thành phố\n\n"
        "Theo quy định của Điều lệ Hội, nhiệm kỳ Đại hội là 5 năm.\n",
        {
            "number": "2073-CV/HNDTW",
            "type": "Công văn",
            "issuer": "Trung ương Hội Nông dân Việt Nam",
            "date": "2016-09-22",
            "subject": "về việc tổ chức Đại hội Hội Nông dân Việt Nam các cấp",
        },
        id="page_title_names_the_document",
    ),
    pytest.param(
        "CTTĐT - Ngày 6/8, Ban Thường vụ Tỉnh ủy Yên Bái đã ban hành Chỉ thị số 17 về việc tăng cường công tác "
        "định hướng dư luận xã hội trong tình hình mới.\nNội dung Chỉ thị như sau:\nTrong những năm qua, công tác "
        "dư luận xã hội đạt nhiều kết quả.\n",
        {
            "number": None,
            "type": "Chỉ thị",
            "issuer": "Ban Thường vụ Tỉnh ủy Yên Bái",
            "date": None,
            "subject": "về việc tăng cường công tác định hướng dư luận xã hội trong tình hình mới",
        },
        id="news_lead_names_the_document",
    ),
    pytest.param(
        "Kỷ niệm 100 năm Ngày sinh đồng chí Tố Hữu(07/10/2020)\n\nCăn cứ Công văn số 10-CV/ĐU ngày 30/9/2020 "
        "của Đảng ủy Bộ Xây dựng về việc tuyên truyền kỷ niệm 100 năm Ngày sinh đồng chí Tố Hữu;\n",
        {"number": None, "date": None, "subject": "Kỷ niệm 100 năm Ngày sinh đồng chí Tố Hữu"},
        id="page_title_is_the_subject_without_posting_date",
    ),
    pytest.param(
        "Kính gửi: Sở Giáo dục và Đào tạo các tỉnh, thành phố\n\nBộ Giáo dục và Đào tạo xin gửi văn bản dự thảo "
        "tới các sở, đề nghị các sở đóng góp ý kiến.\n",
        {"type": "Công văn", "issuer": "Bộ Giáo dục và Đào tạo", "subject": None},
        id="letter_without_type_name_is_cong_van",
    ),
]


@pytest.mark.parametrize(("text", "fields"), HEADLESS)
def test_headerless_pages(text: str, fields: dict[str, Any]) -> None:
    result = parsed(text)
    assert {key: result[key] for key in fields} == fields
