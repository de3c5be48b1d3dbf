"""Rate limits for expensive endpoints (PDF rendering, document parsing, password-reset e-mails).

    from cascade.lib.ratelimit import ratelimit

    @ratelimit(key="user", rate="10/m")            # per signed-in user (per address when anonymous)
    def report_pdf(request, pk): ...

    @method_decorator(ratelimit(key="ip", rate="5/h", methods=["POST"]), name="dispatch")
    class PasswordResetView(...): ...

django-ratelimit counts (`get_usage`: fixed windows in the cache `settings.RATELIMIT_USE_CACHE`,
Redis in production, so every web process shares one count). This module adds what it leaves to us:
over the limit the view is not called and the client gets a 429 page in Vietnamese with a
Retry-After header (an htmx request gets a short fragment it can swap in); and when the cache
cannot be reached the request goes through, with a warning in the log, instead of a 500.
"""

from __future__ import annotations

import functools
import ipaddress
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django_ratelimit import ALL
from django_ratelimit.core import get_usage
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")

# Our key names → django-ratelimit's. Its own "user" would put every anonymous visitor in one count.
KEYS = {"user": "user_or_ip", "user_or_ip": "user_or_ip", "ip": "ip"}


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


def parse_rate(rate: str) -> Rate:
    """ "10/m" → 10 per 60 s; "100/5m" → 100 per 300 s.

    Stricter than django-ratelimit, which reads "10" as 10 a second and "5/w" as 5 a second."""
    match = _RATE.match(rate)
    if not match:
        raise ValueError(f"Bad rate {rate!r}: use e.g. '10/m', '5/h', '100/5m'")
    count, multiplier, unit = match.groups()
    seconds = int(multiplier or 1) * _PERIODS[unit]
    if int(count) < 1 or seconds < 1:
        raise ValueError(f"Bad rate {rate!r}")
    return Rate(int(count), seconds)


def client_ip(request: HttpRequest) -> str:
    """The address a count is kept for (django-ratelimit's `RATELIMIT_IP_META_KEY`)."""
    address = str(request.META.get("REMOTE_ADDR") or "")
    # Behind our TLS proxy REMOTE_ADDR is the proxy, shared by everybody. The proxy appends the
    # address it saw to X-Forwarded-For, so the right-most entry is the one a client cannot forge.
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
        if forwarded:
            address = forwarded.split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return "0.0.0.0"  # no usable address (a Unix socket): one shared count rather than a crash


def too_many_requests(request: HttpRequest, *, retry_after: int) -> HttpResponse:
    retry_after = max(1, retry_after)
    template = "_429_fragment.html" if request.headers.get("HX-Request") else "429.html"
    body = render_to_string(template, {"retry_after": retry_after}, request=request)
    response = HttpResponse(body, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def _usage(request: HttpRequest, *, group: str, key: str, rate: str, method: Any) -> dict[str, Any] | None:
    """Count this request; None when it is not counted (limits off, another method, cache down)."""
    try:
        usage: dict[str, Any] | None = get_usage(
            request, group=group, key=key, rate=rate, method=method, increment=True
        )
    except (RedisError, OSError) as exc:
        # django-ratelimit's RATELIMIT_FAIL_OPEN only covers a cache that answers "nothing"; Django's
        # Redis backend raises instead (jsocol/django-ratelimit#333). A limit is a guard against
        # overload, not a permission: better unlimited for the outage than every such page a 500.
        logger.warning("Rate limit %s not checked, request let through: cache unavailable (%s)", group, exc)
        return None
    return usage


def ratelimit(
    *,
    rate: str,
    key: str = "user",
    methods: Iterable[str] | None = None,
    group: str | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Limit a view to `rate` requests per `key` ("user": per user, per address when anonymous;
    "ip": per address), counting only `methods` (default all)."""
    parse_rate(rate)  # fail at import time on a typo
    if key not in KEYS:
        raise ValueError(f"Unknown rate-limit key {key!r}: use one of {sorted(KEYS)}")
    method = [m.upper() for m in methods] if methods else ALL

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        name = group or f"{view.__module__}.{view.__qualname__}"

        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            usage = _usage(request, group=name, key=KEYS[key], rate=rate, method=method)
            if usage is not None and usage["should_limit"]:
                return too_many_requests(request, retry_after=usage["time_left"])
            return view(request, *args, **kwargs)

        wrapped.ratelimit = (rate, key)  # type: ignore[attr-defined]
        return wrapped

    return decorator
