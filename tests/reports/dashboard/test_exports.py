"""The dashboard's CSV and XLSX downloads carry what people typed as inert text, never as a formula
(OWASP "CSV injection"): a unit named `=HYPERLINK(…)` must not become a live link in a leader's Excel."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from directives.models import Organization

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://x","y")'


@pytest.fixture
def leader_client(client, demo):
    client.force_login(demo["lanhdao"])
    return client


@pytest.fixture
def hostile_unit(leader_client):
    """The first unit of the overdue list, renamed (as a unit created on the spot may be named)."""
    page = leader_client.get(reverse("dashboard_overdue"), {"status": "not_done", "sort": "unit"}).context["page"]
    unit = page.rows[0].unit
    Organization.objects.filter(pk=unit.id).update(name=FORMULA, phone="+84 251 382 2222")
    return unit


def _csv_rows(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


@pytest.mark.parametrize(
    ("view", "params"),
    [("dashboard_overdue_export", {"status": "not_done"}), ("dashboard_backlog_export", {"level": 2})],
)
def test_a_unit_named_like_a_formula_is_inert_text_in_the_csv(leader_client, hostile_unit, view, params):
    rows = _csv_rows(leader_client.get(reverse(view, args=["csv"]), params))
    names = [r[1] for r in rows[1:]]
    assert "'" + FORMULA in names
    assert FORMULA not in names
    assert not any(cell[:1] in {"=", "+", "-", "@", "\t", "\r"} for row in rows for cell in row)


def test_a_unit_named_like_a_formula_is_a_string_cell_in_the_xlsx(leader_client, hostile_unit):
    response = leader_client.get(reverse("dashboard_overdue_export", args=["xlsx"]), {"status": "not_done"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows(min_row=4) for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    hostile = [c for c in cells if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert hostile
    assert all(c.data_type == "s" and c.value.lstrip("'") == FORMULA for c in hostile)
    phones = [c for c in cells if c.value == "+84 251 382 2222" or c.value == "'+84 251 382 2222"]
    assert phones
    assert all(c.data_type == "s" for c in phones)


def test_numbers_and_dates_stay_typed_in_the_xlsx(leader_client, hostile_unit):
    response = leader_client.get(reverse("dashboard_overdue_export", args=["xlsx"]), {"status": "not_done"})
    first = next(load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=4, max_row=4))
    assert isinstance(first[0].value, int)  # STT
    assert isinstance(first[6].value, dt.datetime)  # Hạn, shown dd/mm/yyyy
    assert first[6].number_format == "DD/MM/YYYY"
    assert isinstance(first[7].value, int)  # days overdue
