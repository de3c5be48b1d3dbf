"""The rate-limit decorator: counts per user (or address) in the shared cache, 429 in Vietnamese,
and lets requests through (with a log line) when that cache is down."""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from cascade.lib.ratelimit import parse_rate, ratelimit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Nothing listens on port 1: every connection is refused, as when Redis is down.
REDIS_DOWN = "redis://127.0.0.1:1/0"


@ratelimit(key="user", rate="3/m")
def expensive(request):
    return HttpResponse("PDF")


@ratelimit(key="ip", rate="2/h", methods=["POST"])
def reset(request):
    return HttpResponse("ok")


def _request(user=None, method="get", ip="127.0.0.1", **headers):
    request = getattr(RequestFactory(), method)("/", REMOTE_ADDR=ip, **headers)
    request.user = user or AnonymousUser()
    return request


def test_the_fourth_call_in_a_minute_gets_a_vietnamese_429_with_retry_after():
    user = UserFactory()
    statuses = [expensive(_request(user)).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    response = expensive(_request(user))
    assert response.status_code == 429
    assert "thao tác quá nhanh" in response.content.decode()
    assert 1 <= int(response["Retry-After"]) <= 60


def test_each_user_has_their_own_count():
    first, second = UserFactory(), UserFactory()
    for _ in range(3):
        expensive(_request(first))
    assert expensive(_request(first)).status_code == 429
    assert expensive(_request(second)).status_code == 200


def test_anonymous_visitors_are_counted_by_address():
    for _ in range(3):
        expensive(_request(ip="10.0.0.1"))
    assert expensive(_request(ip="10.0.0.1")).status_code == 429
    assert expensive(_request(ip="10.0.0.2")).status_code == 200


def test_only_the_listed_methods_count():
    for _ in range(5):
        assert reset(_request()).status_code == 200
    reset(_request(method="post"))
    reset(_request(method="post"))
    assert reset(_request(method="post")).status_code == 429


def test_htmx_requests_get_a_fragment():
    user = UserFactory()
    for _ in range(3):
        expensive(_request(user))
    response = expensive(_request(user, HTTP_HX_REQUEST="true"))
    assert response.status_code == 429
    assert response.content.decode().startswith('<div class="alert')


def test_it_can_be_switched_off(settings):
    settings.RATELIMIT_ENABLE = False
    user = UserFactory()
    assert all(expensive(_request(user)).status_code == 200 for _ in range(10))


def test_behind_the_proxy_the_address_the_proxy_saw_counts(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    for i in range(3):
        # The client forges the left-most entry each time; the proxy appends the real address.
        expensive(_request(ip="10.9.9.9", HTTP_X_FORWARDED_FOR=f"1.1.1.{i}, 203.0.113.7"))
    assert expensive(_request(ip="10.9.9.9", HTTP_X_FORWARDED_FOR="8.8.8.8, 203.0.113.7")).status_code == 429


@pytest.mark.parametrize(("rate", "count", "seconds"), [("10/m", 10, 60), ("5/h", 5, 3600), ("100/5m", 100, 300)])
def test_rates_are_parsed(rate, count, seconds):
    parsed = parse_rate(rate)
    assert (parsed.count, parsed.seconds) == (count, seconds)


@pytest.mark.parametrize("rate", ["10", "ten/m", "0/m", "5/w"])
def test_a_bad_rate_fails_at_import_time(rate):
    with pytest.raises(ValueError, match="Bad rate"):
        ratelimit(rate=rate)


def test_an_address_that_is_not_one_shares_a_count_instead_of_crashing():
    for _ in range(3):
        assert expensive(_request(ip="")).status_code == 200
    assert expensive(_request(ip="not-an-address")).status_code == 429


@pytest.fixture
def redis_down(settings):
    """Every cache, the rate limits' included, points at a port where nothing answers."""
    settings.CACHES = {
        alias: {**config, "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_DOWN}
        for alias, config in settings.CACHES.items()
    }
    return settings


def test_when_redis_is_down_the_limit_is_skipped_and_the_log_says_so(redis_down, caplog):
    user = UserFactory()
    with caplog.at_level(logging.WARNING, logger="cascade.lib.ratelimit"):
        statuses = [expensive(_request(user)).status_code for _ in range(5)]
    assert statuses == [200] * 5  # over the limit of 3, but nothing can count: fail open
    warnings = [r for r in caplog.records if r.name == "cascade.lib.ratelimit"]
    assert len(warnings) == 5
    assert "test_ratelimit.expensive not checked, request let through" in warnings[0].getMessage()


def test_a_redis_outage_gives_no_500_on_the_limited_pages(redis_down, client, staff):
    staff.email = "staff@example.vn"
    staff.save(update_fields=["email"])
    reset = client.post(reverse("password_reset"), {"email": staff.email})
    assert reset.status_code == 302
    assert len(mail.outbox) == 1
    invitation = client.get(reverse("invitation_accept", kwargs={"token": "khong-co-that"}))
    assert invitation.status_code == 404
    client.force_login(staff)
    parse = client.post(reverse("document_new"), {"text": ""})
    assert parse.status_code == 200  # the form again, with its error
