"""What a request carries in Cascade's views, for type annotations (django-stubs' pattern).

At run time every request is a plain `HttpRequest`; these classes only tell the type checker what
the middleware and `login_required` guarantee. Annotate a view with `AuthedRequest` when it only
runs for a signed-in person (`login_required`, `member_required`, `with_visible`, ...), and with
`HtmxRequest` when anybody may call it but it reads `request.htmx`.

`safe_next` is the one way a view follows a `next` parameter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django_htmx.middleware import HtmxDetails


class HtmxRequest(HttpRequest):
    """Any request: `HtmxMiddleware` sets `request.htmx` on each one."""

    htmx: HtmxDetails


class AuthedRequest(HtmxRequest):
    """A request to a view behind a login: `request.user` is a signed-in `User`, not `AnonymousUser`."""

    user: User


def safe_next(request: HttpRequest, fallback: str) -> str:
    """Where to go back to: the request's `next` (POST, else GET) when it is a URL on this site —
    same host, and https when the request came over https — otherwise `fallback`. An off-site
    `next` (`https://evil.example/`, `//evil.example`, `javascript:…`) is an open redirect."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback
