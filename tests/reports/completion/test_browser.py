"""The whole loop in a real chromium, on the demo data: the secretary of Huyện ủy Trảng Bom reports
on overdue work, the provincial staff member returns it, the secretary revises, the staff accepts."""

from __future__ import annotations

import pytest
from django.utils import timezone

from cascade.devtools.demo.data import DEMO_PASSWORD
from cascade.devtools.demo.loader import load_demo
from directives.models import Assignment
from reports.models import CompletionReport
from tests.files import pdf_bytes
from tests.paths import ARTIFACTS as TEST_ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = TEST_ARTIFACTS / "reports"
# The provincial guidance's report-upward task (item III.1 of seed 001, as the parser reads it).
REPORT_TASK = "Căn cứ Kết luận số 57-KL/TW của Bộ Chính trị và Hướng dẫn này"


def log_in(chromium, live_server, username: str, width: int = 1400):
    context = chromium.new_context(viewport={"width": width, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return page


def shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_report_submitted_returned_revised_and_accepted(chromium, live_server, tmp_path):
    load_demo(today=timezone.localdate())
    evidence = tmp_path / "bien-ban-hoi-nghi.pdf"
    evidence.write_bytes(pdf_bytes())

    # The secretary opens the overdue report task from the inbox.
    page = log_in(chromium, live_server, "thuky")
    page.click("text=Việc của đơn vị")
    shoot(page, "01-inbox")
    item = page.locator(".list-group-item", has_text=REPORT_TASK).first
    assert "Quá hạn" in item.inner_text()
    item.click()
    assert page.locator(".status-red").first.is_visible()
    page.click("text=Soạn báo cáo kết quả")

    # A draft survives a reload (it is on the server, not in the chromium).
    page.fill("#id_deployment", "Ban Thường vụ Huyện ủy ban hành Kế hoạch số 45-KH/HU triển khai đến 100% chi bộ.")
    page.fill("#id_results", "Tổ chức 12 hội nghị trực tiếp kết hợp trực tuyến.")
    page.fill("#id_sessions_held", "12")
    page.fill("#id_participants", "1.250")
    page.fill("#id_members_reached", "1.180")
    page.fill("#id_members_total", "1.212")
    assert page.locator("#reach-percent").inner_text().startswith("97,4")
    page.click("button[value=save]")
    page.wait_for_selector("text=Đã lưu bản nháp")
    page.reload()
    assert page.input_value("#id_participants") == "1.250"
    assert "100% chi bộ" in page.input_value("#id_deployment")

    # Attach the evidence and submit: the report is recorded as late, with the file's hash.
    page.set_input_files("#id_attachments", str(evidence))
    shoot(page, "02-report-form")
    page.click("button[value=submit]")
    page.wait_for_selector("#report-status")
    assert "Gửi quá hạn" in page.inner_text("#report-status")
    first = CompletionReport.objects.get(
        assignment__unit__code="hu-trangbom", assignment__task__text__startswith=REPORT_TASK
    )
    assert first.attachments.get().sha256 in page.inner_text("#attachments")
    shoot(page, "03-report-sent")
    page.context.close()

    # The provincial staff member finds it among the reports sent in and returns it.
    page = log_in(chromium, live_server, "canbo")
    page.click("text=Báo cáo gửi về")
    row = page.locator("#issued-tasks tr", has_text=REPORT_TASK).first
    row.locator("a").first.click()
    page.locator("#rollup tr", has_text="Huyện ủy Trảng Bom").locator("a:visible", has_text="Lần 1").click()
    shoot(page, "04-review")
    page.fill("#id_comment", "Đề nghị bổ sung số liệu tuyên truyền trên mạng xã hội.")
    page.click("button[value=return]")
    page.wait_for_selector("text=Đã trả lại báo cáo lần 1")
    page.context.close()

    # The secretary sees why, revises and sends again.
    page = log_in(chromium, live_server, "thuky", width=390)
    assignment = first.assignment
    page.goto(f"{live_server.url}/viec-cua-don-vi/{assignment.pk}/")
    assert "bổ sung số liệu tuyên truyền" in page.inner_text("main")
    page.click("text=Sửa và gửi lại báo cáo")
    assert page.input_value("#id_participants") == "1.250"
    page.fill("#id_results", "Tổ chức 12 hội nghị; đăng 35 tin, bài trên trang mạng xã hội của Huyện ủy.")
    shoot(page, "05-revision-mobile")
    page.click("button[value=submit]")
    page.wait_for_selector("#changes")
    assert "35 tin, bài" in page.inner_text("#changes")
    page.context.close()

    # The staff member accepts the revision.
    page = log_in(chromium, live_server, "canbo")
    second = CompletionReport.objects.get(assignment=assignment, version=2)
    page.goto(f"{live_server.url}/bao-cao/{second.pk}/")
    page.click("button[value=accept]")
    page.wait_for_selector("text=Đã chấp nhận báo cáo lần 2")
    shoot(page, "06-accepted")
    page.context.close()

    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.ACCEPTED
    versions = list(CompletionReport.objects.filter(assignment=assignment).order_by("version"))
    assert [(v.version, v.status, v.is_late) for v in versions] == [(1, "returned", True), (2, "accepted", True)]
