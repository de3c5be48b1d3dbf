"""Shared fixtures: a small cascade and the personas permission tests read like sentences with."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from directives.models import Membership, Organization
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory


@dataclass
class SmallTree:
    """Centre → province (with its propaganda board) → two sibling districts → a commune each."""

    centre: Organization
    province: Organization
    board: Organization
    district_a: Organization
    district_b: Organization
    commune_a: Organization
    commune_b: Organization
    other_province: Organization


@pytest.fixture
def tree(db: None) -> SmallTree:
    centre = OrganizationFactory(name="Ban Chấp hành Trung ương", code="tw", level=0, kind="party_central")
    province = OrganizationFactory(parent=centre, name="Tỉnh ủy Đồng Nai", code="tu-dn", level=1)
    board = OrganizationFactory(
        parent=province,
        name="Ban Tuyên giáo Tỉnh ủy Đồng Nai",
        code="btg-dn",
        level=1,
        kind="advisory_board",
    )
    district_a = OrganizationFactory(parent=province, name="Huyện ủy Trảng Bom", code="hu-tb", level=2)
    district_b = OrganizationFactory(parent=province, name="Thành ủy Biên Hòa", code="hu-bh", level=2)
    commune_a = OrganizationFactory(parent=district_a, name="Đảng ủy xã Bắc Sơn", code="x-bs", level=3)
    commune_b = OrganizationFactory(parent=district_b, name="Đảng ủy phường Tân Phong", code="x-tp", level=3)
    other_province = OrganizationFactory(parent=centre, name="Tỉnh ủy Quảng Ngãi", code="tu-qn", level=1)
    return SmallTree(centre, province, board, district_a, district_b, commune_a, commune_b, other_province)


@pytest.fixture
def leader(tree: SmallTree):
    user = UserFactory(username="lanhdao")
    MembershipFactory(user=user, organization=tree.province, role=Membership.Role.LEADER)
    return user


@pytest.fixture
def staff(tree: SmallTree):
    user = UserFactory(username="canbo")
    MembershipFactory(user=user, organization=tree.province, role=Membership.Role.STAFF)
    return user


@pytest.fixture
def secretary_a(tree: SmallTree):
    user = UserFactory(username="thuky_a")
    MembershipFactory(user=user, organization=tree.district_a, role=Membership.Role.SECRETARY)
    return user


@pytest.fixture
def secretary_b(tree: SmallTree):
    user = UserFactory(username="thuky_b")
    MembershipFactory(user=user, organization=tree.district_b, role=Membership.Role.SECRETARY)
    return user


@pytest.fixture
def outsider(tree: SmallTree):
    user = UserFactory(username="nguoingoai")
    MembershipFactory(user=user, organization=tree.other_province, role=Membership.Role.LEADER)
    return user


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    """Tests render templates without `collectstatic`: use unhashed static names."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):
    """Each test counts rate limits from zero (the counters live in the shared Redis cache)."""
    import uuid

    settings.RATELIMIT_CACHE_PREFIX = f"rl-test-{uuid.uuid4().hex}:"


@pytest.fixture
def unit_admin(tree: SmallTree):
    """An admin of the province (not a Django superuser): manages members, searches its audit trail."""
    user = UserFactory(username="quantri_tinh")
    MembershipFactory(user=user, organization=tree.province, role=Membership.Role.ADMIN)
    return user


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2's deliberate slowness costs ~0.3 s per test user on this machine; tests need no strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _live_server_serves_no_uploads():
    """Uploads have no URL (MEDIA_URL is None: they are streamed after a permission check), but
    Django's live server wraps every request in a media handler that assumes MEDIA_URL is a string.
    Give that handler a prefix nothing uses, so live-server (browser) tests work and still serve
    no uploads, as in production."""
    from django.conf import settings
    from django.test import testcases

    original = testcases._MediaFilesHandler.get_base_url
    testcases._MediaFilesHandler.get_base_url = lambda self: settings.MEDIA_URL or "/__uploads-have-no-url__/"
    yield
    testcases._MediaFilesHandler.get_base_url = original


# Debian's chromium, driven by Playwright (no browser download); flags keep it off the network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def chromium():
    """A headless Chromium for browser journeys (tests marked `browser`)."""
    import os

    # Playwright's sync API runs an event loop; Django refuses ORM calls from one unless told.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()
