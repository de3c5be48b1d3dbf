"""A real corpus scan (101.pdf: Chỉ thị 05/CT-UBND of UBND tỉnh Quảng Ngãi, 2 pages, number and
day handwritten) uploaded in a real browser: OCR on the worker, progress, then the review page
with the page images beside the form and the fields the parser reads from the OCR text."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker

from cascade.celery import app
from directives.models import Membership
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

SCAN = Path(__file__).resolve().parents[1] / "ingest" / "corpus" / "101.pdf"
UNSURE = "Chữ đọc chưa chắc chắn — kiểm tra với ảnh trang"
# Set CASCADE_SCREENSHOTS=/some/dir to keep screenshots of the review page (1400 px and 390 px wide).
SHOTS = os.environ.get("CASCADE_SCREENSHOTS")


@pytest.fixture
def worker(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    assert settings.CELERY_BROKER_URL.startswith("redis://"), "tests run on the Redis broker"
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield


def test_a_scanned_directive_reaches_the_review_page_beside_its_page_images(live_server, chromium, worker):
    province = OrganizationFactory(name="Ủy ban nhân dân tỉnh Quảng Ngãi", code="ubnd-qn", level=1)
    user = UserFactory(username="vanthu")
    MembershipFactory(user=user, organization=province, role=Membership.Role.STAFF)
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("#id_username", "vanthu")
    page.fill("#id_password", "mat-khau-dai-1")
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/van-ban/nhap/")
    page.set_input_files("input[type=file]", str(SCAN))
    with page.expect_navigation():
        page.click("text=Phân tích văn bản")

    # The progress page says which page OCR is on, then turns into the review page by itself.
    page.wait_for_selector("#ocr-pages", timeout=60_000)
    assert "trang" in page.inner_text("#ocr-pages")
    page.wait_for_selector("#review-form", timeout=240_000)

    images = page.locator("#page-images img")
    assert images.count() == 2
    for i in range(2):
        images.nth(i).scroll_into_view_if_needed()
        assert images.nth(i).evaluate("img => img.complete && img.naturalWidth > 1000")
    box_images, box_form = page.locator("#page-images").bounding_box(), page.locator("#review-form").bounding_box()
    assert box_images["x"] + box_images["width"] <= box_form["x"]  # beside the form, on its left

    # Printed text OCR reads: the two documents it implements.
    references = {
        page.input_value(f"#id_ref-{i}-number") for i in range(page.locator("[id$='-number'][id^='id_ref-']").count())
    }
    assert "2545/QĐ-TTg" in references
    ocr_text = page.locator("#source-text").text_content()  # folded away under the images
    assert "17/NQ- CP ngày 07/3/2019" in ocr_text or "17/NQ-CP ngày 07/3/2019" in ocr_text
    assert "Trần Ngọc Căng" in ocr_text  # the signer's printed name is read on page 2
    # The handwritten "05" and day "15" are not read: the fields are left for the staff (or marked),
    # never filled with a guess; whatever is filled is what the page says.
    number = page.input_value("#id_doc-number")
    number_box = page.locator("#id_doc-number").locator("xpath=..")
    assert number in ("", "05/CT-UBND") or UNSURE in number_box.inner_text()
    assert page.input_value("#id_doc-issued_on") in ("", "15/04/2020")
    assert page.input_value("#id_doc-signer_name") in ("", "Trần Ngọc Căng")

    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/scan-review-1400.png")
    # On a phone the page images come below the form.
    page.set_viewport_size({"width": 390, "height": 844})
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/scan-review-390.png")
    assert page.locator("#page-images").bounding_box()["y"] > page.locator("#review-form").bounding_box()["y"]
    context.close()
