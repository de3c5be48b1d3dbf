"""The rate-limit decorator: counts per user (or address) in the shared cache, 429 in Vietnamese."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from cascade.lib.ratelimit import parse_rate, ratelimit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


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
    settings.RATELIMIT_ENABLED = False
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
