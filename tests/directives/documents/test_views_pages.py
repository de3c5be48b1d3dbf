"""The document page and search: who sees what, what they see, and how many queries it takes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from directives.documents.selectors import visible_documents
from directives.documents.services import AssigneeInput, DocumentInput, ReferenceInput, TaskInput, document_log
from directives.models import Document

pytestmark = pytest.mark.django_db


@pytest.fixture
def cascade(tree):
    """57-KL/TW (centre) → 12-HD/BTGTU (province board, tasks district A and B) → 7-HD/HU (district B)."""
    kl = document_log(
        data=DocumentInput(
            number="57-KL/TW",
            doc_type="KL",
            issuer=tree.centre,
            issued_on=dt.date(2023, 6, 15),
            subject="về tiếp tục nâng cao chất lượng công tác thông tin đối ngoại",
        )
    )
    hd = document_log(
        data=DocumentInput(
            number="12-HD/BTGTU",
            doc_type="HD",
            issuer=tree.board,
            issued_on=dt.date(2023, 9, 12),
            subject="Nghiên cứu, học tập, quán triệt Kết luận số 57-KL/TW",
            text="Các huyện ủy tổ chức quán triệt, tuyên truyền sâu rộng.",
            references=[ReferenceInput("57-KL/TW", "implements")],
            tasks=[
                TaskInput(
                    text="Báo cáo kết quả quán triệt",
                    due_on=dt.date(2023, 11, 9),
                    requires="report",
                    assignees=[AssigneeInput(tree.district_a), AssigneeInput(tree.district_b)],
                )
            ],
        )
    )
    unit = document_log(
        data=DocumentInput(
            number="7-HD/HU",
            doc_type="HD",
            issuer=tree.district_b,
            issued_on=dt.date(2023, 9, 20),
            subject="Triển khai Hướng dẫn 12-HD/BTGTU tại Biên Hòa",
            references=[ReferenceInput("12-HD/BTGTU", "implements")],
            tasks=[
                TaskInput(
                    text="Phường tổ chức hội nghị",
                    due_on=dt.date(2023, 10, 31),
                    assignees=[AssigneeInput(tree.commune_b)],
                )
            ],
        )
    )
    return kl, hd, unit


def _visible_numbers(user) -> set[str]:
    return set(visible_documents(user).values_list("number", flat=True))


def test_a_secretary_reads_the_guidance_assigned_to_their_unit_and_the_chain_above(cascade, secretary_a):
    assert _visible_numbers(secretary_a) == {"57-KL/TW", "12-HD/BTGTU"}


def test_a_secretary_sees_their_units_own_documents_and_their_ancestors(cascade, secretary_b):
    assert _visible_numbers(secretary_b) == {"57-KL/TW", "12-HD/BTGTU", "7-HD/HU"}


def test_a_leader_sees_the_subtrees_documents_and_the_directive_above(cascade, leader):
    assert _visible_numbers(leader) == {"57-KL/TW", "12-HD/BTGTU", "7-HD/HU"}


def test_an_outsider_sees_none_of_another_provinces_cascade(cascade, outsider):
    assert _visible_numbers(outsider) == set()


def test_secretary_cannot_open_a_sibling_units_document(client, cascade, secretary_a):
    client.force_login(secretary_a)
    _kl, hd, unit = cascade
    assert client.get(reverse("document_detail", args=[unit.pk])).status_code == 404
    assert client.get(reverse("document_detail", args=[hd.pk])).status_code == 200


def test_outsider_gets_404_on_the_document_page(client, cascade, outsider):
    client.force_login(outsider)
    assert client.get(reverse("document_detail", args=[cascade[1].pk])).status_code == 404


def test_anonymous_users_are_sent_to_login(client, cascade):
    response = client.get(reverse("document_detail", args=[cascade[1].pk]))
    assert response.status_code == 302
    assert reverse("login") in response.url


def test_the_document_page_shows_the_tree_tasks_and_only_the_secretarys_assignments(client, cascade, secretary_a):
    kl, hd, _unit = cascade
    client.force_login(secretary_a)
    html = client.get(reverse("document_detail", args=[hd.pk])).content.decode()
    assert reverse("document_detail", args=[kl.pk]) in html  # the directive above, linked
    assert "Báo cáo kết quả quán triệt" in html
    assert "Huyện ủy Trảng Bom" in html
    assert "Thành ủy Biên Hòa" not in html  # a sibling's assignment stays hidden
    assert "7-HD/HU" not in html  # the sibling's own guidance below stays hidden
    assert "status-red" in html  # 09/11/2023 has passed: overdue
    assert "Các huyện ủy tổ chức quán triệt" in html  # the source text


def test_the_issuers_staff_see_every_assignment_and_the_children(client, cascade, staff):
    _kl, hd, _unit = cascade
    client.force_login(staff)
    html = client.get(reverse("document_detail", args=[hd.pk])).content.decode()
    assert "Huyện ủy Trảng Bom" in html
    assert "Thành ủy Biên Hòa" in html
    assert "7-HD/HU" in html


def test_search_is_accent_insensitive(client, cascade, leader):
    client.force_login(leader)
    html = client.get(reverse("document_list"), {"q": "quan triet"}).content.decode()
    assert "12-HD/BTGTU" in html
    assert "7-HD/HU" not in html
    html = client.get(reverse("document_list"), {"q": "12-hd/btgtu"}).content.decode()
    assert "12-HD/BTGTU" in html


def test_filters_by_type_issuer_year_and_state(client, cascade, leader, tree):
    client.force_login(leader)
    url = reverse("document_list")
    assert ">57-KL/TW</a>" not in client.get(url, {"doc_type": "HD"}).content.decode()
    html = client.get(url, {"issuer": tree.district_b.pk}).content.decode()
    assert ">7-HD/HU</a>" in html
    assert ">12-HD/BTGTU</a>" not in html
    assert "Không tìm thấy" in client.get(url, {"year": 2020}).content.decode()
    assert ">57-KL/TW</a>" in client.get(url, {"state": Document.State.LOGGED}).content.decode()


def test_the_list_shows_only_what_the_user_may_see(client, cascade, secretary_a):
    client.force_login(secretary_a)
    html = client.get(reverse("document_list")).content.decode()
    assert "12-HD/BTGTU" in html
    assert "57-KL/TW" in html
    assert "7-HD/HU" not in html


def test_htmx_search_returns_only_the_results_fragment(client, cascade, leader):
    client.force_login(leader)
    html = client.get(reverse("document_list"), {"q": "bien hoa"}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in html
    assert "7-HD/HU" in html


def test_list_query_count_is_pinned(client, cascade, leader, django_assert_num_queries):
    client.force_login(leader)
    # session, user, scope (twice: list + issuer choices), unread count, count, page, issuer options
    with django_assert_num_queries(8):
        response = client.get(reverse("document_list"), {"q": "quan triet"})
    assert response.status_code == 200


def test_detail_query_count_is_pinned(client, cascade, secretary_a, django_assert_num_queries):
    client.force_login(secretary_a)
    with django_assert_num_queries(13):  # the calendar overrides (for "due soon") included
        response = client.get(reverse("document_detail", args=[cascade[1].pk]))
    assert response.status_code == 200
