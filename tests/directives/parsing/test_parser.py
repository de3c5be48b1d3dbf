"""Behaviour of parse_document beyond the fixtures: config, spans, normalisation."""

from __future__ import annotations

import unicodedata
from datetime import date

from directives.deadlines.workcal import WorkCalendar
from directives.parsing import ParseConfig, parse_document, to_json_dict
from tests.directives.parsing.contract import JSON_KEYS
from tests.paths import SEEDS

UNDATED = """BAN TUYÊN GIÁO TỈNH ỦY
Số 88-HD/BTGTU
HƯỚNG DẪN
Tuyên truyền kỷ niệm ngày thành lập Đảng
Các cấp ủy báo cáo kết quả về Ban Tuyên giáo Tỉnh ủy trước ngày 10/11.
Các cấp ủy gửi kế hoạch về Ban Tuyên giáo Tỉnh ủy trong 5 ngày làm việc kể từ ngày ký.
"""

DATED = """TỈNH ỦY ĐỒNG NAI
Số 12-CV/TU
V/v báo cáo nhanh
Đồng Nai, ngày 08 tháng 9 năm 2023
Kính gửi: Các huyện ủy, thành ủy.
Đề nghị các huyện ủy, thành ủy báo cáo về Thường trực Tỉnh ủy trong 1 ngày làm việc kể từ ngày ký.
T/L BAN THƯỜNG VỤ
CHÁNH VĂN PHÒNG
Trần Văn A
"""


def test_reference_date_gives_the_year_of_undated_documents() -> None:
    parsed = parse_document(UNDATED, config=ParseConfig(reference_date=date(2025, 1, 15)))
    tasks = parsed.tasks
    assert tasks[0].due == date(2025, 11, 9)
    # A relative deadline needs the issue date itself, not a reference year.
    assert tasks[1].kind == "relative"
    assert tasks[1].due is None
    assert any("tương đối" in w or "Không tính được hạn" in w for w in parsed.warnings)


def test_without_any_year_the_due_date_is_unknown() -> None:
    parsed = parse_document(UNDATED)
    assert parsed.tasks[0].due is None
    assert "Không tìm thấy ngày ban hành" in parsed.warnings


def test_calendar_overrides_are_used_for_working_days() -> None:
    default = parse_document(DATED)
    assert default.tasks[0].due == date(2023, 9, 11)  # Friday + 1 working day -> Monday
    saturday = WorkCalendar({date(2023, 9, 9): True})
    moved = parse_document(DATED, config=ParseConfig(calendar=saturday))
    assert moved.tasks[0].due == date(2023, 9, 9)


def test_spans_point_into_the_normalised_text() -> None:
    parsed = parse_document(DATED)
    assert parsed.highlight("number") == "12-CV/TU"
    assert parsed.highlight("place") == "Đồng Nai"
    assert parsed.highlight("date") == "ngày 08 tháng 9 năm 2023"
    assert parsed.highlight("issuer") == "TỈNH ỦY ĐỒNG NAI"
    task = parsed.tasks[0]
    assert parsed.text[task.span.start : task.span.end].startswith("Đề nghị")
    assert task.deadline_span is not None
    assert parsed.text[task.deadline_span.start : task.deadline_span.end] == task.deadline_text
    assert parsed.signer is not None
    assert parsed.signer.span is not None


def test_nfd_nbsp_and_old_tone_marks_parse_like_clean_text() -> None:
    noisy = unicodedata.normalize("NFD", DATED).replace(" ", "\u00a0", 5)
    noisy = noisy.replace(unicodedata.normalize("NFD", "ỦY"), "UỶ")
    assert to_json_dict(parse_document(noisy)) == to_json_dict(parse_document(DATED))


def test_markdown_and_html_are_stripped() -> None:
    marked = "<p><b>TỈNH ỦY ĐỒNG NAI</b></p>\n**Số 12-CV/TU**\n" + DATED.split("\n", 2)[2]
    assert to_json_dict(parse_document(marked)) == to_json_dict(parse_document(DATED))


def test_to_json_dict_has_every_key_even_for_empty_text() -> None:
    data = to_json_dict(parse_document(""))
    assert list(data) == JSON_KEYS
    assert data["references"] == data["tasks"] == data["recipients"] == []


def _hard_wrap(text: str, width: int = 90) -> str:
    """What a PDF text layer does: every paragraph broken at ~width characters."""
    import textwrap

    return "\n".join(
        "\n".join(textwrap.wrap(line, width, break_on_hyphens=False)) if line.strip() else ""
        for line in text.split("\n")
    )


def test_hard_wrapped_documents_parse_like_the_originals() -> None:
    from pathlib import Path

    from directives.parsing.evaluation import field_scores

    here = Path(__file__).resolve().parent
    paths = [*sorted(SEEDS.glob("*.txt"))]
    paths += sorted((here / "samples").glob("*.txt"))
    matching = total = 0
    for path in paths:
        text = path.read_text(encoding="utf-8")
        original = to_json_dict(parse_document(text))
        wrapped = to_json_dict(parse_document(_hard_wrap(text)))
        good, count = field_scores(wrapped, original)
        matching, total = matching + good, total + count
    assert matching / total >= 0.97
