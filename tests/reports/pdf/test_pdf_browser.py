"""A leader writes the narrative of an aggregated report in a real browser and opens the PDF."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.urls import reverse

from reports.models import RenderedReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

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
    page.screenshot(path=f"{SHOTS}/pdf-{name}-1400.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=f"{SHOTS}/pdf-{name}-390.png", full_page=True)
    page.set_viewport_size({"width": 1400, "height": 1000})


def test_leader_fixes_a_mistake_in_the_form_and_gets_the_numbered_pdf(live_server, page, pdf_cascade, leader):
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("#id_username", leader.username)
    page.fill("#id_password", "mat-khau-dai-1")
    page.click("button[type=submit]")
    page.click("nav >> text=Báo cáo PDF")
    _shot(page, "1-index")
    with page.expect_navigation():
        page.click("text=Lập báo cáo tổng hợp")

    narrative = page.input_value("#id_narrative")
    assert "đơn vị trực thuộc được giao triển khai Kết luận số 57-KL/TW" in narrative
    _shot(page, "2-form")

    # The leader adds an assessment, but clears the signer's title by mistake.
    page.fill("#id_narrative", narrative + "\nƯu điểm: các cấp ủy vào cuộc quyết liệt.")
    page.fill("#id_signer_title", "")
    page.fill("#id_signer_name", "Nguyễn Văn Lãnh")
    with page.expect_navigation():
        page.click("text=Tạo báo cáo PDF")
    assert "Hãy ghi chức vụ người ký." in page.content()
    assert "Ưu điểm: các cấp ủy vào cuộc quyết liệt." in page.input_value("#id_narrative")  # nothing lost
    assert page.input_value("#id_signer_name") == "Nguyễn Văn Lãnh"
    assert not RenderedReport.objects.exists()
    _shot(page, "3-error")

    page.fill("#id_signer_title", "Bí thư")
    with page.expect_navigation():
        page.click("text=Tạo báo cáo PDF")
    render = RenderedReport.objects.get()
    assert page.url.endswith(reverse("pdf_render_status", kwargs={"pk": render.pk}))
    assert "01-BC/TU" in page.content()
    _shot(page, "4-done")
    link = page.locator("text=Mở tệp PDF")
    assert link.get_attribute("href") == reverse("pdf_render_download", kwargs={"pk": render.pk})
    response = page.request.get(f"{live_server.url}{link.get_attribute('href')}")
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
