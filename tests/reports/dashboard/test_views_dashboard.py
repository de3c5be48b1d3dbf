"""The dashboard pages: numbers equal to a brute-force count, scoping, permissions, query counts."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from directives.models import Assignment, Document, Organization
from directives.timeliness import Timeliness
from tests.reports.dashboard.conftest import TODAY, brute_counts, leader_of, subtree_assignments

pytestmark = pytest.mark.django_db


@pytest.fixture
def kl57(demo):
    return Document.objects.get(number="57-KL/TW")


@pytest.fixture
def dong_nai(demo):
    return Organization.objects.get(code="tu-dongnai")


@pytest.fixture
def leader_client(client, demo):
    client.force_login(demo["lanhdao"])
    return client


def _csv_rows(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


# --- numbers ------------------------------------------------------------------------------------


def test_the_cascade_shows_each_child_unit_with_its_whole_subtree_counted(leader_client, kl57, dong_nai):
    response = leader_client.get(reverse("dashboard_cascade", args=[kl57.pk]))
    assert response.status_code == 200
    data = response.context["data"]
    assert data.node.id == dong_nai.pk
    assert data.totals == brute_counts(subtree_assignments(kl57, dong_nai.path), TODAY)
    for row in data.units:
        path = row.unit.path if row.unit else dong_nai.path
        rows = subtree_assignments(kl57, path)
        if row.unit is None:
            rows = [a for a in rows if a.unit_path == dong_nai.path]
        assert row.counts == brute_counts(rows, TODAY), path
    assert sum((r.counts for r in data.units), type(data.totals)()) == data.totals


def test_the_document_tree_counts_each_documents_subtree_within_the_viewers_reach(leader_client, kl57, dong_nai):
    response = leader_client.get(reverse("dashboard_cascade", args=[kl57.pk]))
    rows = {r.document.number or r.document.id: r for r in response.context["data"].documents}
    assert rows["57-KL/TW"].counts == brute_counts(subtree_assignments(kl57, dong_nai.path), TODAY)
    guidance = Document.objects.get(number="111-HD/BTGTW")
    below_guidance = Document.objects.filter(root=kl57).exclude(number="150-KH/BTGTU")
    expected = [
        a for a in subtree_assignments(kl57, dong_nai.path)
        if a.task.document_id in {guidance.pk, *below_guidance.values_list("pk", flat=True)}
        and a.task.document.number != "57-KL/TW"
    ]  # fmt: skip
    assert rows["111-HD/BTGTW"].counts.total == len(expected)
    # Documents that reach nobody in Đồng Nai (the Quảng Ngãi certified copy, the youth union's
    # letter to other provinces) are not listed for its leader.
    assert "658-BS/TU" not in rows


def test_expanding_and_drilling_down_keep_the_state_in_the_url(leader_client, kl57, dong_nai):
    district = Organization.objects.get(code="hu-trangbom")
    guidance = Document.objects.get(number="111-HD/BTGTW")
    url = reverse("dashboard_cascade", args=[kl57.pk])
    response = leader_client.get(f"{url}?open={district.pk}&docs={guidance.pk}")
    data = response.context["data"]
    expanded = next(r for r in data.units if r.unit and r.unit.id == district.pk)
    assert expanded.children
    assert all(c.unit is None or c.unit.path.startswith(district.path) for c in expanded.children)
    assert any(r.depth == 2 for r in data.documents)  # the guidance's children are listed
    # Drilling into the district: the same page, rooted there.
    response = leader_client.get(
        f"{url}?unit={district.pk}", headers={"HX-Request": "true", "HX-Target": "cascade-body"}
    )
    assert response.status_code == 200
    assert b'id="cascade-body"' in response.content
    assert b"<html" not in response.content
    assert response.context["data"].totals == brute_counts(subtree_assignments(kl57, district.path), TODAY)


def test_an_htmx_panel_request_renders_and_computes_only_that_panel(leader_client, kl57):
    url = reverse("dashboard_cascade", args=[kl57.pk])
    response = leader_client.get(url, headers={"HX-Request": "true", "HX-Target": "documents-panel"})
    assert response.content.lstrip().startswith(b'<section class="panel" id="documents-panel"')
    assert b'id="units-panel"' not in response.content
    assert b"<html" not in response.content


def test_the_picker_lists_directives_with_their_figures_in_reach(leader_client, kl57, dong_nai):
    response = leader_client.get(reverse("dashboard"))
    items = {i.document.number: i for i in response.context["directives"]}
    assert set(items) == {"57-KL/TW"}  # the HCMC bloc's 2017 guidance reaches nobody in Đồng Nai
    assert items["57-KL/TW"].counts == brute_counts(subtree_assignments(kl57, dong_nai.path), TODAY)
    found = leader_client.get(reverse("dashboard"), {"q": "so ket 3 nam"}).context["found"]
    assert [f.document.number for f in found] == ["150-KH/BTGTU"]


def test_the_overdue_table_lists_exactly_the_overdue_work_in_reach_oldest_first(leader_client, dong_nai, soon):
    response = leader_client.get(reverse("dashboard_overdue"))
    page = response.context["page"]
    expected = [
        a for a in Assignment.objects.filter(unit_path__startswith=dong_nai.path)
        if a.timeliness(today=TODAY, due_soon_until=soon) is Timeliness.OVERDUE
    ]  # fmt: skip
    assert page.total == len(expected) == len(page.rows)
    assert {r.id for r in page.rows} == {a.pk for a in expected}
    assert [r.days_overdue for r in page.rows] == sorted((r.days_overdue for r in page.rows), reverse=True)
    assert all(r.timeliness is Timeliness.OVERDUE for r in page.rows)


def test_the_overdue_filters_narrow_by_subtree_level_status_and_days(leader_client, dong_nai, soon):
    district = Organization.objects.get(code="hu-trangbom")
    response = leader_client.get(
        reverse("dashboard_overdue"), {"unit": district.pk, "status": "not_done", "overdue_min": 0, "overdue_max": 9999}
    )
    rows = response.context["page"].rows
    expected = [
        a for a in Assignment.objects.filter(unit_path__startswith=district.path)
        if a.timeliness(today=TODAY, due_soon_until=soon) in (Timeliness.OVERDUE,)
    ]  # fmt: skip
    assert {r.id for r in rows} == {a.pk for a in expected}
    level = leader_client.get(reverse("dashboard_overdue"), {"level": 3, "status": "all"}).context["page"]
    assert level.total == Assignment.objects.filter(unit_path__startswith=dong_nai.path, unit__level=3).count()
    by_type = leader_client.get(reverse("dashboard_overdue"), {"doc_type": "KH", "status": "all"}).context["page"]
    assert (
        by_type.total
        == Assignment.objects.filter(unit_path__startswith=dong_nai.path, task__document__doc_type="KH").count()
    )
    assert by_type.count_source == "direct"


@pytest.mark.parametrize(
    "sort", ["unit", "-parent", "level", "task", "due", "-days", "reminders", "-escalations", "contact"]
)
def test_every_column_sorts(leader_client, sort):
    response = leader_client.get(reverse("dashboard_overdue"), {"status": "all", "sort": sort})
    assert response.status_code == 200
    assert len(response.context["page"].rows) == response.context["page"].total


def test_a_bad_days_range_is_explained_and_nothing_breaks(leader_client):
    response = leader_client.get(reverse("dashboard_overdue"), {"overdue_min": 30, "overdue_max": 5})
    assert response.status_code == 200
    assert "Số ngày “đến” phải lớn hơn hoặc bằng số ngày “từ”." in response.content.decode()
    assert response.context["page"].rows == ()


def test_the_csv_and_xlsx_exports_hold_exactly_the_filtered_rows(leader_client):
    params = {"status": "not_done", "sort": "unit"}
    page = leader_client.get(reverse("dashboard_overdue"), params).context["page"]
    rows = _csv_rows(leader_client.get(reverse("dashboard_overdue_export", args=["csv"]), params))
    assert rows[0][:3] == ["STT", "Đơn vị", "Đơn vị cấp trên"]
    assert [r[1] for r in rows[1:]] == [r.unit.name for r in page.rows]
    assert [int(r[7]) for r in rows[1:]] == [r.days_overdue for r in page.rows]
    xlsx = leader_client.get(reverse("dashboard_overdue_export", args=["xlsx"]), params)
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = list(sheet.iter_rows(min_row=4, values_only=True))
    assert [v[1] for v in values] == [r.unit.name for r in page.rows]


def test_the_backlog_ranks_units_by_their_own_overdue_work(leader_client, dong_nai, soon):
    response = leader_client.get(reverse("dashboard_backlog"), {"level": 2})
    ranking = response.context["ranking"]
    own: dict[str, int] = {}
    for a in Assignment.objects.filter(unit_path__startswith=dong_nai.path, unit__level=2):
        if a.timeliness(today=TODAY, due_soon_until=soon) is Timeliness.OVERDUE:
            own[a.unit.name] = own.get(a.unit.name, 0) + 1
    assert {r.unit.name: r.overdue for r in ranking.rows} == own
    assert [r.rank for r in ranking.rows] == list(range(1, len(own) + 1))
    csv_rows = _csv_rows(leader_client.get(reverse("dashboard_backlog_export", args=["csv"]), {"level": 2}))
    assert [r[1] for r in csv_rows[1:]] == [r.unit.name for r in ranking.rows]
    month = leader_client.get(reverse("dashboard_backlog"), {"level": 2, "month": "2023-10"}).context["ranking"]
    assert all(r.overdue <= own[r.unit.name] for r in month.rows)
    bad = leader_client.get(reverse("dashboard_backlog"), {"month": "tháng mười"})
    assert "Tháng phải có dạng năm-tháng" in bad.content.decode()


def test_the_heatmap_colours_each_units_task_by_its_state(leader_client, kl57, dong_nai, soon):
    response = leader_client.get(reverse("dashboard_heatmap", args=[kl57.pk]), {"level": 2})
    data = response.context["data"]
    assert data.rows
    assert data.columns
    for row in data.rows:
        states = [
            a.timeliness(today=TODAY, due_soon_until=soon)
            for a in Assignment.objects.filter(unit_id=row.unit.id, directive=kl57)
        ]
        assert {c.state for c in row.cells if c.state} <= set(states)
        assert row.counts.overdue == states.count(Timeliness.OVERDUE)
    overdue = [r.counts.overdue for r in data.rows]
    assert overdue == sorted(overdue, reverse=True)


def test_the_charts_and_latency_pages_carry_their_series(leader_client, kl57):
    charts = leader_client.get(reverse("dashboard_charts", args=[kl57.pk]))
    assert charts.status_code == 200
    data = charts.context["data"]
    in_reach = subtree_assignments(kl57, Organization.objects.get(code="tu-dongnai").path)
    assert data.cumulative["due"][-1] == sum(1 for a in in_reach if a.due_on)
    assert sum(data.by_level["total"]) == len(in_reach)
    assert b'id="data-cumulative"' in charts.content
    assert b"chart.umd.min.js" in charts.content
    latency = leader_client.get(reverse("dashboard_latency", args=[kl57.pk])).context["data"]
    plan = Document.objects.get(number="5763-CV/TU")
    assert any(i.document.id == plan.pk and i.days == (plan.issued_on - plan.primary_parent.issued_on).days
               for i in latency.slowest)  # fmt: skip
    pending = Assignment.objects.filter(
        directive=kl57, task__requires="document", status__in=["pending", "returned"],
        unit_path__startswith=Organization.objects.get(code="tu-dongnai").path,
    )  # fmt: skip
    assert latency.not_issued_total == pending.count()


def test_the_unit_page_lists_its_own_work_and_its_contacts(leader_client, kl57, demo):
    district = Organization.objects.get(code="hu-trangbom")
    response = leader_client.get(reverse("dashboard_unit", args=[district.pk]))
    data = response.context["data"]
    assert {a.id for a in data.assignments} == set(
        Assignment.objects.filter(unit=district).values_list("pk", flat=True)
    )
    assert [c.email for c in data.contacts] == ["thuky@cascade.local"]
    assert data.directives[0].counts == brute_counts(subtree_assignments(kl57, district.path), TODAY)


# --- scoping and permissions --------------------------------------------------------------------


def test_a_provincial_leader_sees_only_the_provinces_subtree(client, demo, kl57):
    hcm = Organization.objects.get(code="tu-hcm")
    client.force_login(leader_of(hcm, "lanhdao_hcm"))
    data = client.get(reverse("dashboard_cascade", args=[kl57.pk])).context["data"]
    assert data.totals == brute_counts(subtree_assignments(kl57, hcm.path), TODAY)
    assert all(r.unit is None or r.unit.path.startswith(hcm.path) for r in data.units)
    overdue = client.get(reverse("dashboard_overdue"), {"status": "all"}).context["page"]
    assert overdue.rows
    assert all(r.unit.path.startswith(hcm.path) for r in overdue.rows)
    csv_rows = _csv_rows(client.get(reverse("dashboard_overdue_export", args=["csv"]), {"status": "all"}))
    assert len(csv_rows) - 1 == Assignment.objects.filter(unit_path__startswith=hcm.path).count()


def test_a_leader_cannot_look_into_another_province(leader_client, kl57):
    hcm_unit = Organization.objects.get(code="du-dhqg")
    cascade = reverse("dashboard_cascade", args=[kl57.pk])
    assert leader_client.get(f"{cascade}?unit={hcm_unit.pk}").status_code == 404
    assert leader_client.get(f"{cascade}?open={hcm_unit.pk}").status_code == 404
    assert leader_client.get(reverse("dashboard_unit", args=[hcm_unit.pk])).status_code == 404
    other = Document.objects.get(number="81-HD/BTGDUK")
    assert leader_client.get(reverse("dashboard_cascade", args=[other.pk])).status_code == 404
    assert leader_client.get(reverse("dashboard_overdue"), {"unit": hcm_unit.pk}).context["page"].total == 0


def test_a_unit_secretary_gets_no_dashboard(client, demo, kl57):
    client.force_login(demo["thuky"])
    assert client.get(reverse("dashboard")).status_code == 403
    assert client.get(reverse("dashboard_cascade", args=[kl57.pk])).status_code == 403
    assert client.get(reverse("dashboard_overdue_export", args=["csv"])).status_code == 403


def test_a_document_below_the_directive_opens_the_directives_cascade_focused_on_it(leader_client, kl57):
    plan = Document.objects.get(number="5763-CV/TU")
    response = leader_client.get(reverse("dashboard_cascade", args=[plan.pk]))
    assert response.status_code == 302
    assert response["Location"].endswith(f"/{kl57.pk}/?focus={plan.pk}")
    data = leader_client.get(response["Location"]).context["data"]
    assert [r.document.id for r in data.documents if r.focused] == [plan.pk]
