"""Project middleware: the interface language, security headers Django does not set, a request-size ceiling."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

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


class LanguageMiddleware:
    """Vietnamese unless the user chose another language (the footer's switch sets a cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, so an office PC set up
    in English would show the app in English; here only an explicit choice counts.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
