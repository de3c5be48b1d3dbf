"""Rate limits for expensive endpoints (PDF rendering, document parsing, password-reset e-mails).

    from cascade.lib.ratelimit import ratelimit

    @ratelimit(key="user", rate="10/m")            # per signed-in user (per address when anonymous)
    def report_pdf(request, pk): ...

    @method_decorator(ratelimit(key="ip", rate="5/h", methods=["POST"]), name="dispatch")
    class PasswordResetView(...): ...

Counts live in the Django cache (`settings.RATELIMIT_CACHE`: Redis in production, so every web process
shares one count) in fixed windows. Over the limit the view is not called: the client gets a 429 page
in Vietnamese with a Retry-After header (an htmx request gets a short fragment it can swap in).
"""

from __future__ import annotations

import functools
import hashlib
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")

KeyFunc = Callable[[HttpRequest], str]


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


def parse_rate(rate: str) -> Rate:
    """ "10/m" → 10 per 60 s; "100/5m" → 100 per 300 s."""
    match = _RATE.match(rate)
    if not match:
        raise ValueError(f"Bad rate {rate!r}: use e.g. '10/m', '5/h', '100/5m'")
    count, multiplier, unit = match.groups()
    seconds = int(multiplier or 1) * _PERIODS[unit]
    if int(count) < 1 or seconds < 1:
        raise ValueError(f"Bad rate {rate!r}")
    return Rate(int(count), seconds)


def client_ip(request: HttpRequest) -> str:
    # Behind our TLS proxy REMOTE_ADDR is the proxy, shared by everybody. The proxy appends the
    # address it saw to X-Forwarded-For, so the right-most entry is the one a client cannot forge.
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return str(forwarded).split(",")[-1].strip()
    return str(request.META.get("REMOTE_ADDR", "") or "unknown")


def _key_user(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"u{user.pk}"
    return f"ip{client_ip(request)}"


def _key_ip(request: HttpRequest) -> str:
    return f"ip{client_ip(request)}"


KEYS: dict[str, KeyFunc] = {"user": _key_user, "user_or_ip": _key_user, "ip": _key_ip}


def _cache_key(group: str, ident: str, window: int) -> str:
    prefix = getattr(settings, "RATELIMIT_KEY_PREFIX", "rl")
    digest = hashlib.sha256(f"{group}|{ident}".encode()).hexdigest()[:32]
    return f"{prefix}:{digest}:{window}"


@dataclass(frozen=True)
class Usage:
    count: int
    limit: int
    retry_after: int

    @property
    def limited(self) -> bool:
        return self.count > self.limit


def hit(request: HttpRequest, *, group: str, key: str | KeyFunc = "user", rate: str) -> Usage:
    """Count one request against the limit and say whether it is over (for use inside a view)."""
    parsed = parse_rate(rate)
    ident = (KEYS[key] if isinstance(key, str) else key)(request)
    now = int(time.time())
    window = now // parsed.seconds
    cache_key = _cache_key(group, ident, window)
    cache = caches[getattr(settings, "RATELIMIT_CACHE", "default")]
    # add() is atomic on Redis (SET NX); incr() is atomic there too.
    cache.add(cache_key, 0, timeout=parsed.seconds + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.set(cache_key, 1, timeout=parsed.seconds + 1)
        count = 1
    return Usage(count=count, limit=parsed.count, retry_after=(window + 1) * parsed.seconds - now)


def too_many_requests(request: HttpRequest, usage: Usage) -> HttpResponse:
    template = "_429_fragment.html" if request.headers.get("HX-Request") else "429.html"
    body = render_to_string(template, {"retry_after": usage.retry_after}, request=request)
    response = HttpResponse(body, status=429)
    response["Retry-After"] = str(max(1, usage.retry_after))
    return response


def ratelimit(
    *,
    rate: str,
    key: str | KeyFunc = "user",
    methods: Iterable[str] | None = None,
    group: str | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Limit a view to `rate` requests per `key` (only for `methods`, default all)."""
    parse_rate(rate)  # fail at import time on a typo
    if isinstance(key, str) and key not in KEYS:
        raise ValueError(f"Unknown rate-limit key {key!r}: use one of {sorted(KEYS)} or a callable")
    wanted = {m.upper() for m in methods} if methods else None

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        name = group or f"{view.__module__}.{view.__qualname__}"

        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if getattr(settings, "RATELIMIT_ENABLED", True) and (wanted is None or request.method in wanted):
                usage = hit(request, group=name, key=key, rate=rate)
                if usage.limited:
                    return too_many_requests(request, usage)
            return view(request, *args, **kwargs)

        wrapped.ratelimit = (rate, key)  # type: ignore[attr-defined]
        return wrapped

    return decorator
