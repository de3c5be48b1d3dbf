"""The demo leader (lanhdao, Tỉnh ủy Đồng Nai) works the dashboard in a real browser: opens the
directive, drills down without reloading, filters the overdue units to one district, opens one
unit, and exports the CSV — which holds exactly the rows on the screen."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from cascade.devtools.demo.loader import load_demo
from directives.models import Assignment, Organization
from directives.timeliness import Timeliness

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Set CASCADE_SCREENSHOTS=/some/dir to keep screenshots of each step (1400 px and 390 px wide).
SHOTS = os.environ.get("CASCADE_SCREENSHOTS")


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN", accept_downloads=True)
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


def test_the_demo_leader_filters_drills_down_and_exports_what_the_screen_shows(live_server, page, tmp_path, soon):
    today = timezone.localdate()
    load_demo(today=today)
    district = Organization.objects.get(code="hu-trangbom")

    page.goto(live_server.url + reverse("login"))
    page.fill("input[name=username]", "lanhdao")
    page.fill("input[name=password]", "cascade-demo")
    page.click("button[type=submit]")
    page.goto(live_server.url + reverse("dashboard"))
    _shot(page, "dashboard-picker")

    # The directive's cascade; drilling into a district swaps the body in place (no page load).
    page.click("a.directive-card:has-text('57-KL/TW')")
    page.wait_for_selector("#units-panel")
    page.evaluate("window.__stillHere = true")
    page.click(f"#units-panel a:text-is('{district.name}')")
    page.wait_for_url(f"**unit={district.pk}**")
    page.wait_for_selector(f".dash-crumbs strong:text-is('{district.name}')")
    assert page.evaluate("window.__stillHere") is True
    _shot(page, "dashboard-cascade")

    # Overdue units, filtered to the district's subtree.
    page.goto(live_server.url + reverse("dashboard_overdue"))
    page.select_option("#f-unit", str(district.pk))
    page.wait_for_url(f"**unit={district.pk}**")
    overdue = sum(
        1
        for a in Assignment.objects.filter(unit_path__startswith=district.path)
        if a.timeliness(today=today, due_soon_until=soon) is Timeliness.OVERDUE
    )
    page.wait_for_function(
        f"document.querySelectorAll('#overdue-table tbody tr[data-assignment]').length === {overdue}"
    )
    screen = page.eval_on_selector_all(
        "#overdue-table tbody tr[data-assignment]",
        "rows => rows.map(r => [r.querySelector('td.unit-name a').textContent.trim(),"
        " r.querySelector('.days-badge').textContent.trim().replace(/\\./g, '')])",
    )
    assert screen
    assert {name for name, _days in screen} <= set(
        Organization.objects.filter(path__startswith=district.path).values_list("name", flat=True)
    )
    _shot(page, "dashboard-overdue")

    # One unit, opened from the table, then back.
    page.click(f"#overdue-table td.unit-name a:text-is('{screen[0][0]}')")
    page.wait_for_selector(f"h1:text-is('{screen[0][0]}')")
    assert page.locator("#unit-assignments tbody tr").count() >= 1
    _shot(page, "dashboard-unit")
    page.go_back()
    page.wait_for_selector("#overdue-table")

    with page.expect_download() as download:
        page.click("#export-csv")
    path = tmp_path / "export.csv"
    download.value.save_as(path)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert rows[0][1] == "Đơn vị"
    assert [[r[1], r[7]] for r in rows[1:]] == screen
