"""Query counts on a generated nation (700 units): the same as on the demo."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directives.models import Document, Organization
from tests.reports.dashboard._query_views import EXPECTED_QUERIES, view_urls

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("view", list(EXPECTED_QUERIES))
def test_each_view_makes_the_same_number_of_queries_at_scale(client, nation, view):
    client.force_login(nation)
    directive = Document.objects.get(number="57-KL/TW")
    province = Organization.objects.get(code="tu-dongnai")
    district = Organization.objects.filter(path__startswith=province.path, depth=3).last()
    url, headers = view_urls(directive.pk, province.pk, district.pk)[view]
    client.get(url, headers=headers)  # warm the session
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    assert len(captured.captured_queries) == EXPECTED_QUERIES[view], [q["sql"][:90] for q in captured]
