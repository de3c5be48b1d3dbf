"""Small hardening middleware: security headers Django does not set, and a request-size ceiling."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response, and 413 for a request body over REQUEST_MAX_BYTES.

    Django streams large uploads to a temporary file before any view can look at them; refusing on
    the declared Content-Length keeps one client from filling the disk with a single request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self._too_large(request) or self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response

    def _too_large(self, request: HttpRequest) -> HttpResponse | None:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return None
        limit = settings.REQUEST_MAX_BYTES
        if length <= limit:
            return None
        body = render_to_string("413.html", {"limit_mb": limit // (1024 * 1024)}, request=None)
        return HttpResponse(body, status=413)
