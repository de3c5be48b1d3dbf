"""Dashboard permissions on the shared personas: siblings' secretaries, outsiders, anonymous."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_secretary_of_a_sibling_unit_and_an_outsider_are_kept_out(client, tree, secretary_b, outsider):
    client.force_login(secretary_b)
    assert client.get(reverse("dashboard_unit", args=[tree.district_a.pk])).status_code == 403
    client.force_login(outsider)
    assert client.get(reverse("dashboard_unit", args=[tree.district_a.pk])).status_code == 404
    assert client.get(reverse("dashboard_overdue"), {"unit": tree.district_a.pk}).context["page"].total == 0


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_only_csv_and_xlsx_are_exported(client, leader):
    client.force_login(leader)
    assert client.get(reverse("dashboard_overdue_export", args=["pdf"])).status_code == 404
    assert client.get(reverse("dashboard_backlog_export", args=["exe"])).status_code == 404
