"""Query counts on the demo (77 units): pinned, and equal to those on a generated nation."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directives.models import Document, Organization
from tests.reports.dashboard._query_views import EXPECTED_QUERIES, view_urls
from tests.reports.dashboard.conftest import leader_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("view", list(EXPECTED_QUERIES))
def test_each_view_makes_a_fixed_number_of_queries(client, demo, view):
    client.force_login(leader_of(Organization.objects.get(code="tw"), "lanhdao_tw"))
    directive = Document.objects.get(number="57-KL/TW")
    province = Organization.objects.get(code="tu-dongnai")
    district = Organization.objects.get(code="hu-trangbom")
    url, headers = view_urls(directive.pk, province.pk, district.pk)[view]
    client.get(url, headers=headers)  # warm the session
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    assert len(captured.captured_queries) == EXPECTED_QUERIES[view], [q["sql"][:90] for q in captured]
