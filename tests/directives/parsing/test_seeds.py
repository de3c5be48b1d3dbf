"""The five real seed documents, checked field by field."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest

from directives.parsing import ParsedDocument, parse_document, to_json_dict
from tests.paths import SEEDS

S000 = "000_twdoan_cv_57.txt"
S001 = "001_dongnai_btg_hd_57.txt"
S002 = "002_kl57_tw_saoluc_quangngai.txt"
S003 = "003_btgduk_81hd_2017.txt"
S004 = "004_congdoan_dhqg_hd_57.txt"
KL57_TOPIC = "về tiếp tục nâng cao chất lượng, hiệu quả công tác thông tin đối ngoại trong tình hình mới"
KL57_SUBJECT = (
    "Nghiên cứu, học tập, quán triệt, tuyên truyền và triển khai thực hiện Kết luận số "
    "57-KL/TW ngày 15/6/2023 của Bộ Chính trị về “Tiếp tục nâng cao chất lượng, hiệu quả "
    "công tác thông tin đối ngoại trong tình hình mới”"
)


@cache
def parsed(name: str) -> ParsedDocument:
    return parse_document((SEEDS / name).read_text(encoding="utf-8"))


@cache
def as_json(name: str) -> dict[str, Any]:
    return to_json_dict(parsed(name))


def ref(name: str, number: str) -> dict[str, Any]:
    refs: dict[str, dict[str, Any]] = {r["number"]: r for r in as_json(name)["references"]}
    assert number in refs, f"{number} not in {sorted(refs)}"
    return refs[number]


def recipient(name: str, who: str) -> dict[str, Any]:
    found: dict[str, dict[str, Any]] = {r["name"]: r for r in as_json(name)["recipients"]}
    assert who in found, f"{who!r} not in {sorted(found)}"
    return found[who]


TOP_LEVEL = [
    # seed 000: Công văn of the Youth Union central committee, blank number and day
    pytest.param(S000, "number", None, id="000-number"),
    pytest.param(S000, "symbol", "CV/TWĐTN-BTG", id="000-symbol"),
    pytest.param(S000, "type", "Công văn", id="000-type"),
    pytest.param(S000, "type_code", "CV", id="000-type_code"),
    # The letterhead names the whole committee; the document is issued and signed by its
    # secretariat ("Ban Bí thư Trung ương Đoàn đề nghị", "TM. BAN BÍ THƯ TRUNG ƯƠNG ĐOÀN").
    pytest.param(S000, "issuer", "Ban Bí thư Trung ương Đoàn", id="000-issuer"),
    pytest.param(S000, "place", "Hà Nội", id="000-place"),
    pytest.param(S000, "date", "2023-09-01", id="000-date"),
    pytest.param(S000, "date_precision", "month", id="000-precision"),
    pytest.param(S000, "copy", None, id="000-copy"),
    pytest.param(S000, "received", None, id="000-received"),
    # seed 001: provincial Hướng dẫn without a header
    pytest.param(S001, "number", None, id="001-number"),
    pytest.param(S001, "subject", KL57_SUBJECT, id="001-subject"),
    pytest.param(S001, "type", "Hướng dẫn", id="001-type"),
    pytest.param(S001, "type_code", "HD", id="001-type_code"),
    pytest.param(S001, "issuer", "Ban Tuyên giáo Tỉnh ủy", id="001-issuer"),
    pytest.param(S001, "date", None, id="001-date"),
    # seed 002: Kết luận 57 with a provincial copy and an incoming stamp
    pytest.param(S002, "number", "57-KL/TW", id="002-number"),
    pytest.param(S002, "symbol", "KL/TW", id="002-symbol"),
    pytest.param(S002, "type", "Kết luận", id="002-type"),
    pytest.param(S002, "type_code", "KL", id="002-type_code"),
    pytest.param(S002, "issuer", "Bộ Chính trị", id="002-issuer"),
    pytest.param(S002, "place", "Hà Nội", id="002-place"),
    pytest.param(S002, "date", "2023-06-15", id="002-date"),
    pytest.param(S002, "date_precision", "day", id="002-precision"),
    pytest.param(
        S002,
        "subject",
        KL57_TOPIC,
        id="002-subject",
    ),
    pytest.param(
        S002,
        "signer",
        {"name": "Trương Thị Mai", "capacity": "T/M BỘ CHÍNH TRỊ", "title": None},
        id="002-signer",
    ),
    pytest.param(
        S002,
        "copy",
        {
            "number": "658-BS/TU",
            "kind": "sao lục",
            "issuer": "Tỉnh ủy Quảng Ngãi",
            "place": "Quảng Ngãi",
            "date": "2023-07-03",
            "signer": {
                "name": "Nguyễn Thị Ngọc Bích",
                "capacity": "T/L BAN THƯỜNG VỤ",
                "title": "PHÓ CHÁNH VĂN PHÒNG",
            },
        },
        id="002-copy",
    ),
    pytest.param(
        S002,
        "received",
        {"number": "538", "date": "2023-06-27", "by": "Văn phòng Tỉnh ủy Quảng Ngãi"},
        id="002-received",
    ),
    # seed 003: Hướng dẫn 2017 with no issuer header and no date
    pytest.param(S003, "number", "81-HD/BTGDUK", id="003-number"),
    pytest.param(S003, "type_code", "HD", id="003-type_code"),
    pytest.param(S003, "issuer", "Ban Tuyên giáo Đảng ủy Khối", id="003-issuer"),
    pytest.param(S003, "date", None, id="003-date"),
    pytest.param(S003, "subject", "Công tác thông tin đối ngoại năm 2017", id="003-subject"),
    pytest.param(
        S003,
        "signer",
        {"name": "Lê Ngọc Hạnh", "capacity": None, "title": "TRƯỞNG BAN"},
        id="003-signer",
    ),
    # seed 004: trade-union Hướng dẫn, body-only
    pytest.param(S004, "number", None, id="004-number"),
    pytest.param(S004, "type", "Hướng dẫn", id="004-type"),
    pytest.param(
        S004,
        "issuer",
        "Ban Thường vụ Công đoàn Đại học Quốc gia Thành phố Hồ Chí Minh",
        id="004-issuer",
    ),
    pytest.param(S004, "signer", None, id="004-signer"),
]


@pytest.mark.parametrize(("seed", "field", "expected"), TOP_LEVEL)
def test_top_level_field(seed: str, field: str, expected: object) -> None:
    assert as_json(seed)[field] == expected


REFERENCES = [
    pytest.param(S000, "111-HD/BTGTW", "2023-08-11", "Ban Tuyên giáo Trung ương", "based_on"),
    pytest.param(S000, "57-KL/TW", "2023-06-15", "Bộ Chính trị", "mentions"),
    pytest.param(S001, "111-HD/BTGTW", "2023-08-11", "Ban Tuyên giáo Trung ương", "implements"),
    pytest.param(S001, "5763-CV/TU", "2023-08-24", "Thường trực Tỉnh ủy", "implements"),
    # 57-KL/TW is the topic of Công văn 5763 ("về triển khai … Kết luận 57"): mentioned.
    pytest.param(S001, "57-KL/TW", "2023-06-15", "Bộ Chính trị", "mentions"),
    pytest.param(S002, "16-KL/TW", "2012-02-14", "Bộ Chính trị", "mentions"),
    pytest.param(S003, "26-HD/BTGTU", "2017-03-07", "Ban Tuyên giáo Thành ủy", "based_on"),
    pytest.param(S003, "16-KL/TW", "2012-02-14", "Bộ Chính trị", "mentions"),
    pytest.param(S003, "26-CT/TW", None, "Ban Bí thư", "mentions"),
    pytest.param(S003, "21/CT-TTg", None, "Thủ tướng Chính phủ", "mentions"),
    pytest.param(S004, "62-HD/BTGĐU", "2023-11-27", "Ban Tuyên giáo Đảng ủy ĐHQG-HCM", "implements"),
    pytest.param(S004, "57-KL/TW", None, "Bộ Chính trị", "mentions"),
    pytest.param(S004, "28-CT/TU", "2023-10-16", "Ban Thường vụ Thành ủy", "mentions"),
    pytest.param(S004, "24-NQ/TW", "2022-10-07", "Bộ Chính trị", "mentions"),
    pytest.param(S004, "31-NQ/TW", "2022-12-30", "Bộ Chính trị", "mentions"),
    pytest.param(S004, "98/2023/QH15", None, "Quốc hội", "mentions"),
]


@pytest.mark.parametrize(("seed", "number", "when", "issuer", "relation"), REFERENCES)
def test_reference(seed: str, number: str, when: str | None, issuer: str, relation: str) -> None:
    found = ref(seed, number)
    assert (found["date"], found["issuer"], found["relation"]) == (when, issuer, relation)


@pytest.mark.parametrize(
    ("seed", "count"),
    [(S000, 2), (S001, 3), (S002, 1), (S003, 4), (S004, 6)],
)
def test_reference_count_and_no_self_reference(seed: str, count: int) -> None:
    refs = as_json(seed)["references"]
    numbers = [r["number"] for r in refs]
    assert len(numbers) == count
    assert as_json(seed)["number"] not in numbers
    assert "658-BS/TU" not in numbers


def test_bare_conclusion_number_is_not_a_reference() -> None:
    assert all(r["number"] != "16" for r in as_json(S003)["references"])


def test_seed_001_tasks() -> None:
    tasks = as_json(S001)["tasks"]
    assert [(t["due"], t["kind"]) for t in tasks] == [
        ("2023-10-31", "within_month"),
        ("2023-10-31", "within_month"),
        ("2023-11-09", "before_date"),
    ]
    assert tasks[0]["text"].startswith("Tổ chức nghiên cứu, học tập, quán triệt")
    assert "tham mưu Thường trực Tỉnh ủy" in tasks[0]["text"]
    assert tasks[1]["requires"] == "document"
    assert tasks[1]["text"].startswith("Xây dựng văn bản, kế hoạch triển khai")
    assert tasks[2]["requires"] == "report"
    assert tasks[2]["report_to"] == "Ban Tuyên giáo Tỉnh ủy"
    assert tasks[2]["deadline_text"] == "trước ngày 10/11/2023"


def test_seed_001_deadline_spans_point_at_the_phrase() -> None:
    doc = parsed(S001)
    for task in doc.tasks:
        assert task.deadline_span is not None
        start, end = task.deadline_span
        assert doc.text[start:end] == task.deadline_text


def test_seed_001_signer_and_recipients() -> None:
    data = as_json(S001)
    assert data["signer"] == {
        "name": "Nguyễn Thị Hồng Trang",
        "capacity": "K/T TRƯỞNG BAN",
        "title": "PHÓ TRƯỞNG BAN",
    }
    assert recipient(S001, "Ban Tuyên giáo TW")["purpose"] == "để báo cáo"
    assert recipient(S001, "Lưu Phòng HC-TH, KG, VH-VN")["purpose"] == "lưu"
    assert {r["section"] for r in data["recipients"]} == {"noi_nhan"}


def test_seed_000_recipients_and_signer() -> None:
    data = as_json(S000)
    assert data["subject"].startswith("V/v nghiên cứu, học tập")
    assert not data["subject"].endswith("”")
    for who in (
        "Ban Thường vụ các tỉnh, thành đoàn, đoàn trực thuộc",
        "Các cơ quan báo chí của Đoàn, Cổng thông tin TW Đoàn",
    ):
        assert recipient(S000, who) == {
            "name": who,
            "purpose": "để thực hiện",
            "section": "kinh_gui",
        }
    assert data["signer"] == {
        "name": "Nguyễn Minh Triết",
        "capacity": "TM. BAN BÍ THƯ TRUNG ƯƠNG ĐOÀN",
        "title": "BÍ THƯ",
    }


def test_seed_002_stamp_does_not_pollute_subject_or_body() -> None:
    doc = parsed(S002)
    assert doc.subject is not None
    assert "ĐẾN" not in doc.subject
    assert "538" not in doc.subject
    assert all("Lưu hồ sơ" not in task.text for task in doc.tasks)


def test_seed_002_copy_recipients_and_report_task() -> None:
    data = as_json(S002)
    assert recipient(S002, "Lưu Văn phòng Tỉnh ủy")["purpose"] == "lưu"
    assert {r["section"] for r in data["recipients"]} == {"noi_nhan"}
    report = [t for t in data["tasks"] if t["requires"] == "report"]
    assert len(report) == 1
    assert (report[0]["kind"], report[0]["due"], report[0]["report_to"]) == (
        "ongoing",
        None,
        "Bộ Chính trị",
    )


def test_seed_003_warnings_and_file_path_not_signer() -> None:
    doc = parsed(S003)
    assert "Không tìm thấy ngày ban hành" in doc.warnings
    assert doc.signer is not None
    assert doc.signer.name == "Lê Ngọc Hạnh"


def test_seed_004_tasks_for_grassroots_unions() -> None:
    tasks = as_json(S004)["tasks"]
    assert [(t["requires"], t["kind"]) for t in tasks] == [
        ("document", None),
        ("report", "ongoing"),
    ]
    assert tasks[0]["text"].startswith("Xây dựng văn bản triển khai")
    assert tasks[1]["report_to"] == "Công đoàn ĐHQG-HCM"


@pytest.mark.parametrize("seed", [S000, S001, S002, S003, S004])
def test_field_spans_slice_the_normalised_text(seed: str) -> None:
    doc = parsed(seed)
    for name in ("number", "issuer", "place", "subject"):
        span = doc.span_of(name)
        if span is None:
            continue
        piece = doc.text[span.start : span.end]
        assert piece.strip(), name
    if doc.number:
        assert doc.highlight("number") == doc.number
    for reference in doc.references:
        start, end = reference.span
        assert doc.text[start:end].replace(" ", "") == reference.number
