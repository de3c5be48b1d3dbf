"""The demo staff logs a seed document in a real browser and finds it in the tree with its assignments."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from cascade.devtools.demo.loader import load_demo
from directives.models import Assignment, Document
from tests.paths import SEEDS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED = SEEDS / "001_dongnai_btg_hd_57.txt"
# Set CASCADE_SCREENSHOTS=/some/dir to keep screenshots of each step (1400 px and 390 px wide).
SHOTS = os.environ.get("CASCADE_SCREENSHOTS")


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
    yield context.new_page()
    context.close()


def _shot(page, name: str) -> None:
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/{name}-1400.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=f"{SHOTS}/{name}-390.png", full_page=True)
    page.set_viewport_size({"width": 1400, "height": 1000})


def test_canbo_pastes_a_seed_corrects_a_field_saves_and_finds_it_in_the_tree(live_server, page):
    load_demo(today=dt.date(2023, 10, 1))
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("#id_username", "canbo")
    page.fill("#id_password", "cascade-demo")
    page.click("button[type=submit]")
    page.click("nav >> text=Nhập văn bản")
    page.fill("textarea[name=text]", SEED.read_text(encoding="utf-8"))
    _shot(page, "1-paste")
    with page.expect_navigation():
        page.click("text=Phân tích văn bản")

    # The review screen: parsed fields beside the highlighted source.
    page.wait_for_selector("#review-form")
    assert page.input_value("#id_task-2-due_on") == "09/11/2023"
    assert page.locator("#src-deadline-2").inner_text() in ("trước ngày 10/11/2023", "10/11/2023")
    issuer = page.locator("#id_doc-issuer option:checked").inner_text()
    assert "Ban Tuyên giáo Tỉnh ủy Đồng Nai" in issuer
    _shot(page, "2-review")

    # The converted text lost its number and date line: the staff type them in.
    page.fill("#id_doc-number", "18-HD/BTGTU")
    page.fill("#id_doc-issued_on", "12/09/2023")
    # "Các đảng ủy trực thuộc tỉnh…": assign every district-level unit under Tỉnh ủy Đồng Nai.
    page.select_option("#id_doc-level_under", label="Tỉnh ủy Đồng Nai")
    page.select_option("#id_doc-level", value="2")
    with page.expect_navigation():
        page.click("button[value=refresh]")
    assert page.input_value("#id_doc-number") == "18-HD/BTGTU"  # nothing typed is lost
    with page.expect_navigation():
        page.click("button[value=save]")

    if page.locator("#doc-tree").count() == 0:
        errors = page.locator(".alert-danger, .invalid-feedback, .text-danger").all_inner_texts()
        pytest.fail(f"not saved: {errors}")
    _shot(page, "3-detail")
    document = Document.objects.get(number="18-HD/BTGTU")
    assert page.url.endswith(f"/van-ban/{document.pk}/")
    tree = page.locator("#doc-tree").inner_text()
    assert "57-KL/TW" in tree
    assert "5763-CV/TU" in tree
    tasks = page.locator("#doc-tasks").inner_text()
    assert "Huyện ủy Trảng Bom" in tasks
    assert Assignment.objects.filter(task__document=document, unit__code="hu-trangbom").count() == 3

    # It is found in the tree from its parent, and by an accent-free search.
    with page.expect_navigation():
        page.click("#doc-tree >> text=5763-CV/TU")
    assert "18-HD/BTGTU" in page.locator("#doc-tree").inner_text()
    page.goto(f"{live_server.url}/van-ban/?q=quan+triet+57")
    assert page.locator("#results >> text=18-HD/BTGTU").count() == 1
    _shot(page, "4-search")
