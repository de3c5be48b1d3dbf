"""In a real browser: sign in, manage a unit's members, read the audit trail — with no CSP violation."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from accounts import audit
from tests.factories import AssignmentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "test-artifacts"))


def test_a_unit_admin_signs_in_invites_someone_and_reads_the_trail(live_server, chromium, tree, unit_admin, leader):
    with audit.acting_as(leader):
        assignment = AssignmentFactory(unit=tree.district_a)
        assignment.status = "returned"
        assignment.save()
    SHOTS.mkdir(exist_ok=True)
    for width in (1400, 390):
        page = chromium.new_page(viewport={"width": width, "height": 900})
        problems: list[str] = []
        page.on(
            "console",
            lambda m, problems=problems: (
                m.type == "error" and "Failed to load resource" not in m.text and problems.append(m.text)
            ),
        )
        page.on(
            "response",
            lambda r, problems=problems: (
                r.status >= 400 and "favicon" not in r.url and problems.append(f"{r.status} {r.url}")
            ),
        )
        page.goto(f"{live_server.url}/dang-nhap/")
        page.screenshot(path=str(SHOTS / f"login-{width}.png"), full_page=True)
        page.fill("#id_username", "quantri_tinh")
        page.fill("#id_password", "mat-khau-dai-1")
        page.click("button[type=submit]")
        page.goto(f"{live_server.url}/don-vi/{tree.district_a.pk}/thanh-vien/")
        page.fill("#id_email", f"moi-{width}@example.vn")
        page.select_option("#id_role", "secretary")
        page.click("text=Gửi lời mời")
        assert page.locator(".alert-success").count() == 1
        page.screenshot(path=str(SHOTS / f"members-{width}.png"), full_page=True)
        page.goto(f"{live_server.url}/nhat-ky/")
        assert "Bị trả lại" in page.content()
        page.screenshot(path=str(SHOTS / f"audit-{width}.png"), full_page=True)
        # The language switcher works without inline JavaScript (CSP).
        page.select_option("select[name=language]", "en")
        page.wait_for_load_state()
        assert problems == [], problems
        page.close()


def test_the_lockout_page(live_server, chromium, secretary_a):
    page = chromium.new_page(viewport={"width": 1400, "height": 800})
    page.goto(f"{live_server.url}/dang-nhap/")
    for _ in range(5):
        page.fill("#id_username", "thuky_a")
        page.fill("#id_password", "sai")
        page.click("button[type=submit]")
    assert "Tạm khóa đăng nhập" in page.content()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "lockout-1400.png"), full_page=True)
