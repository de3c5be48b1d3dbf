from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_login_page_is_vietnamese(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Đăng nhập" in response.content.decode()


def test_a_wrong_password_gets_a_clear_vietnamese_message(client, secretary_a):
    response = client.post(reverse("login"), {"username": "thuky_a", "password": "sai"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    assert response.context["form"].data["username"] == "thuky_a"


def test_the_home_page_shows_who_you_are_and_your_units(client, secretary_a, django_assert_max_num_queries):
    client.force_login(secretary_a)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("home"))
    body = response.content.decode()
    assert secretary_a.get_full_name() in body
    assert "Huyện ủy Trảng Bom" in body
    assert "Thư ký / văn phòng đơn vị" in body


def test_pages_are_vietnamese_even_when_the_browser_asks_for_english(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "vi"
    assert "Đăng nhập" in response.content.decode()


def test_english_is_available_by_choice(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/admin/login/")
    assert response["Content-Language"] == "en"
    assert "Log in" in response.content.decode()
