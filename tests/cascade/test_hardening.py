"""Headers, error pages and production settings: what an attacker (or an unlucky user) sees."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"


def test_security_headers(client):
    response = client.get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_no_template_has_inline_script_or_event_handlers():
    """Inline JavaScript would be blocked by the CSP: use static files, or a nonce'd <script>."""
    problems = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text, flags=re.IGNORECASE):
            if "src=" not in tag and "csp_nonce" not in tag and 'type="application/json"' not in tag:
                problems.append(f"{path.relative_to(ROOT)}: {tag}")
        for handler in re.findall(r"<[^>]*\s(on[a-z]+)\s*=", text, flags=re.IGNORECASE):
            problems.append(f"{path.relative_to(ROOT)}: inline {handler}= handler")
        if "javascript:" in text.lower():
            problems.append(f"{path.relative_to(ROOT)}: javascript: URL")
    assert problems == []


def test_not_found_is_a_vietnamese_page_without_details(client, secretary_a):
    client.force_login(secretary_a)
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Không tìm thấy trang" in body
    assert "Traceback" not in body
    assert "urlpatterns" not in body


def test_forbidden_is_a_vietnamese_page(client, secretary_a):
    client.force_login(secretary_a)
    response = client.get(reverse("audit_list"))
    assert response.status_code == 403
    assert "Bạn không có quyền xem trang này" in response.content.decode()


def test_an_unexpected_error_shows_a_vietnamese_page_and_no_stack_trace(settings, secretary_a):
    settings.ROOT_URLCONF = "tests.cascade.urls_crash"
    assert settings.DEBUG is False
    client = Client(raise_request_exception=False)
    client.force_login(secretary_a)
    response = client.get("/zz/loi/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Hệ thống gặp lỗi" in body
    assert "hunter2" not in body
    assert "Traceback" not in body
    assert "RuntimeError" not in body


def test_a_bad_host_gets_a_vietnamese_400(client):
    response = client.get(reverse("login"), HTTP_HOST="ke-gia-mao.example")
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()


def test_a_missing_csrf_token_explains_itself_in_vietnamese(secretary_a):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "thuky_a", "password": "mat-khau-dai-1"})
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in response.content.decode()


def test_a_request_larger_than_the_ceiling_is_refused_before_it_is_read(client, settings):
    settings.REQUEST_MAX_BYTES = 1024
    response = client.post(reverse("login"), {"username": "x" * 5000, "password": "y"})
    assert response.status_code == 413
    assert "quá lớn" in response.content.decode()


def _production_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        DEBUG="false",
        CASCADE_HTTPS="true",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="cascade.example.vn",
        DJANGO_SETTINGS_MODULE="cascade.settings",
    )
    return env


@pytest.mark.slow
def test_check_deploy_is_clean_with_production_settings():
    """What `make check-deploy` runs."""
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_production_settings_lock_cookies_to_https():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_NAME, s.SECURE_HSTS_SECONDS, "
        "s.SECURE_SSL_REDIRECT, s.DEBUG)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=_production_env(), capture_output=True, text=True, timeout=60
    )
    assert result.stdout.split() == ["True", "True", "__Host-sessionid", "31536000", "True", "False"]


def test_debug_is_off_by_default():
    assert django_settings.DEBUG is False
