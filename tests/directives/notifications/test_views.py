"""The inbox and the calendar feeds, as their users see them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from directives.models import Notification
from directives.notifications.inbox import feed_token_for
from directives.watcher.sweep import deadlines_sweep
from tests.directives.deadline_helpers import at, scheduled_assignment

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def notices(tree, secretary_a, secretary_b):
    scheduled_assignment(unit=tree.district_a, due_on=D(2023, 11, 15))
    scheduled_assignment(unit=tree.district_b, due_on=D(2023, 11, 15))
    deadlines_sweep(now=at(D(2023, 11, 14)))
    return Notification.objects.get(recipient=secretary_a), Notification.objects.get(recipient=secretary_b)


def test_the_secretary_sees_her_reminder_and_the_unread_count(client, secretary_a, notices):
    client.force_login(secretary_a)
    response = client.get(reverse("notification_list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Sắp đến hạn: Huyện ủy Trảng Bom cần hoàn thành và báo cáo trước hết ngày 15/11/2023." in body
    assert "Nhắc hạn trước 1 ngày làm việc" in body
    assert 'id="unread-count">1</span>' in body
    assert "Thành ủy Biên Hòa" not in body  # the sibling unit's notice is not hers


def test_the_inbox_query_count_does_not_grow_with_its_rows(client, tree, secretary_a, django_assert_num_queries):
    for day in range(9):  # due 15/11 to 23/11: each has a reminder stage on or before 14/11
        scheduled_assignment(unit=tree.district_a, due_on=D(2023, 11, 15) + dt.timedelta(days=day))
    deadlines_sweep(now=at(D(2023, 11, 14)))
    assert Notification.objects.filter(recipient=secretary_a).count() == 9
    client.force_login(secretary_a)
    # session, user, unread count (header), page count, page rows
    with django_assert_num_queries(5):
        response = client.get(reverse("notification_list"))
    assert response.content.decode().count('class="status status-amber"') == 9


def test_opening_a_notice_marks_it_read_and_leads_to_the_assignment(client, secretary_a, notices):
    mine, _ = notices
    client.force_login(secretary_a)
    response = client.get(reverse("notification_open", args=[mine.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("assignment_detail", args=[mine.assignment_id])
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_mark_read_with_htmx_swaps_the_row_and_the_header_count(client, secretary_a, notices):
    mine, _ = notices
    client.force_login(secretary_a)
    response = client.post(reverse("notification_mark_read", args=[mine.pk]), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert f'id="notification-{mine.pk}"' in body
    assert 'id="unread-count" hx-swap-oob="true">0</span>' in body
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_mark_all_read(client, secretary_a, notices):
    client.force_login(secretary_a)
    response = client.post(reverse("notification_mark_all_read"), follow=True)
    assert "Đã đánh dấu 1 thông báo là đã đọc." in response.content.decode()
    assert not Notification.objects.filter(recipient=secretary_a, read_at__isnull=True).exists()
    assert Notification.objects.filter(read_at__isnull=True).count() == 1  # the sibling's stays unread


@pytest.mark.parametrize("name", ["notification_open", "notification_mark_read"])
def test_secretary_cannot_touch_a_sibling_units_notice(client, secretary_a, notices, name):
    _, theirs = notices
    client.force_login(secretary_a)
    method = client.get if name == "notification_open" else client.post
    assert method(reverse(name, args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_inbox_needs_a_login(client):
    response = client.get(reverse("notification_list"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_calendar_feed_lists_the_units_open_deadlines(client, tree, secretary_a, settings):
    settings.SITE_URL = "https://cascade.example.vn"
    assignment = scheduled_assignment(unit=tree.district_a, due_on=timezone.localdate() + dt.timedelta(days=5))
    token = feed_token_for(secretary_a)
    response = client.get(reverse("calendar_feed", kwargs={"token": token, "code": tree.district_a.code}))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n")
    assert f"UID:assignment-{assignment.pk}@cascade.example.vn" in body
    assert f"DTSTART;VALUE=DATE:{assignment.due_on:%Y%m%d}" in body


def test_the_calendar_page_gives_one_url_per_unit_and_can_revoke_them(client, tree, secretary_a):
    client.force_login(secretary_a)
    page = client.get(reverse("calendar_feeds")).content.decode()
    token = feed_token_for(secretary_a)
    old_url = reverse("calendar_feed", kwargs={"token": token, "code": tree.district_a.code})
    assert old_url in page
    assert "webcal://" in page
    client.post(reverse("calendar_feeds"))
    assert client.get(old_url).status_code == 404


@pytest.mark.parametrize(
    ("token_owner", "unit"),
    [
        pytest.param("secretary_a", "district_b", id="sibling_unit"),
        pytest.param("outsider", "district_a", id="outsider"),
    ],
)
def test_a_feed_outside_the_tokens_scope_is_not_found(client, tree, request, token_owner, unit):
    user = request.getfixturevalue(token_owner)
    url = reverse("calendar_feed", kwargs={"token": feed_token_for(user), "code": getattr(tree, unit).code})
    assert client.get(url).status_code == 404


def test_an_unknown_feed_token_is_not_found(client, tree):
    url = reverse("calendar_feed", kwargs={"token": "khong-dung", "code": tree.district_a.code})
    assert client.get(url).status_code == 404


def test_a_leader_may_subscribe_to_a_unit_below(client, tree, leader):
    url = reverse("calendar_feed", kwargs={"token": feed_token_for(leader), "code": tree.commune_a.code})
    assert client.get(url).status_code == 200


# --- `next` is followed only within this site (issue 19, finding 8) ------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "javascript:alert(1)",
        "http://testserver/thong-bao/",  # our host, but plain http on a secure request
    ],
)
def test_mark_read_never_sends_the_reader_off_site(client, secretary_a, notices, target):
    mine, _ = notices
    client.force_login(secretary_a)
    response = client.post(reverse("notification_mark_read", args=[mine.pk]), {"next": target}, secure=True)
    assert response.status_code == 302
    assert response["Location"] == reverse("notification_list")
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_a_bare_word_in_next_is_a_relative_path_not_a_url_name_to_reverse(client, secretary_a, notices):
    mine, _ = notices
    client.force_login(secretary_a)
    response = client.post(reverse("notification_mark_read", args=[mine.pk]), {"next": "no_such_view"})
    assert response.status_code == 302
    assert response["Location"] == "no_such_view"


def test_mark_read_returns_to_the_page_it_came_from_on_this_site(client, secretary_a, notices):
    mine, _ = notices
    client.force_login(secretary_a)
    back = reverse("notification_list") + "?trang=2"
    response = client.post(reverse("notification_mark_read", args=[mine.pk]), {"next": back}, secure=True)
    assert response["Location"] == back


@pytest.mark.parametrize("target", ["https://evil.example/", "javascript:alert(1)"])
def test_the_language_switch_and_the_login_ignore_an_off_site_next(client, secretary_a, target):
    response = client.post(reverse("set_language"), {"language": "vi", "next": target})
    assert response.status_code == 302
    assert "evil" not in response["Location"]
    assert "javascript" not in response["Location"]
    secretary_a.set_password("mật-khẩu-đủ-dài")
    secretary_a.save()
    response = client.post(
        reverse("login") + f"?next={target}", {"username": secretary_a.username, "password": "mật-khẩu-đủ-dài"}
    )
    assert response.status_code == 302
    assert "evil" not in response["Location"]
    assert "javascript" not in response["Location"]
