"""What a request carries in Cascade's views, for type annotations (django-stubs' pattern).

At run time every request is a plain `HttpRequest`; these classes only tell the type checker what
the middleware and `login_required` guarantee. Annotate a view with `AuthedRequest` when it only
runs for a signed-in person (`login_required`, `member_required`, `with_visible`, ...), and with
`HtmxRequest` when anybody may call it but it reads `request.htmx`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django_htmx.middleware import HtmxDetails


class HtmxRequest(HttpRequest):
    """Any request: `HtmxMiddleware` sets `request.htmx` on each one."""

    htmx: HtmxDetails


class AuthedRequest(HtmxRequest):
    """A request to a view behind a login: `request.user` is a signed-in `User`, not `AnonymousUser`."""

    user: User
