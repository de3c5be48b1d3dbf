from __future__ import annotations

import pytest

from reports.completion.textcontext import task_context
from tests.paths import SEEDS


@pytest.mark.parametrize(
    ("task", "heading", "starts"),
    [
        pytest.param(
            "Tổ chức nghiên cứu, học tập, quán triệt, tuyên truyền và triển khai Kết luận số 57-KL/TW với các "
            "hình thức phù hợp cho từng đối tượng cụ thể ở cơ sở.",
            "1. Tổ chức nghiên cứu",
            "- Căn cứ tình hình thực tế",
            id="paraphrased_action",
        ),
        pytest.param(
            "Báo cáo kết quả nghiên cứu, học tập, quán triệt, tuyên truyền và triển khai thực hiện Kết luận số "
            "57-KL/TW về Ban Tuyên giáo Tỉnh ủy.",
            "III. TỔ CHỨC THỰC HIỆN",
            "1. Căn cứ Kết luận số 57-KL/TW",
            id="report_upward",
        ),
    ],
)
def test_it_finds_the_paragraph_a_task_came_from(task, heading, starts):
    text = (SEEDS / "001_dongnai_btg_hd_57.txt").read_text(encoding="utf-8")
    found = task_context(document_text=text, task_text=task)
    assert found is not None
    assert any(h.startswith(heading) for h in found.headings)
    match = next(p for p in found.paragraphs if p.is_match)
    assert match.text.startswith(starts)


def test_the_deadline_line_of_the_section_is_kept():
    text = (SEEDS / "001_dongnai_btg_hd_57.txt").read_text(encoding="utf-8")
    found = task_context(
        document_text=text,
        task_text="Tổ chức nghiên cứu, học tập, quán triệt, tuyên truyền và triển khai Kết luận số 57-KL/TW với "
        "các hình thức phù hợp cho từng đối tượng cụ thể ở cơ sở.",
    )
    assert found.paragraphs[-1].text.startswith("Thời gian hoàn thành")


def test_an_unrelated_task_finds_nothing():
    assert task_context(document_text="I. MỤC ĐÍCH\n\nNâng cao nhận thức.", task_text="Xây dựng cầu đường") is None
