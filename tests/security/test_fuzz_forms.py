"""Hostile and random input to every form and upload endpoint: never a 500, never half a write.

Endpoints are discovered from the resolver and the pages' own forms (tests/security/formfuzz.py), so
forms added by other features are fuzzed without being listed here. Examples are derandomised so CI
is repeatable; `FUZZ_EXAMPLES=200 FUZZ_RANDOM=1` explores further.
"""

from __future__ import annotations

import os

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directives.models import Membership
from tests.factories import MembershipFactory, UserFactory
from tests.security.formfuzz import discover_endpoints, form_data
from tests.security.urlwalk import discover_routes
from tests.security.world import build_world, project_models

pytestmark = pytest.mark.django_db

OWN_PK = 800001
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not os.environ.get("FUZZ_RANDOM"),
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
SUCCESS = {200, 201, 204, 301, 302, 303}


@pytest.fixture
def power_user(tree):
    """Leader and admin of the province and secretary of a district: every form is open to them."""
    user = UserFactory(username="toan_quyen")
    MembershipFactory(user=user, organization=tree.province, role=Membership.Role.LEADER)
    MembershipFactory(user=user, organization=tree.province, role=Membership.Role.ADMIN)
    MembershipFactory(user=user, organization=tree.district_a, role=Membership.Role.SECRETARY)
    return user


@pytest.fixture
def own_world(tree, security_settings):
    return build_world(parent=tree.district_a, pk=OWN_PK)


def _counts() -> dict[str, int]:
    counted = [*project_models(), get_user_model()]
    return {m._meta.label_lower: m._base_manager.count() for m in counted}


@pytest.fixture
def endpoints(own_world, power_user, security_settings):
    security_settings.UPLOAD_MAX_BYTES = 64 * 1024  # oversized uploads stay cheap to make
    client = Client()
    client.force_login(power_user)
    return discover_endpoints(client=client, routes=discover_routes(), world=own_world)


def test_the_fuzzer_finds_the_forms_of_the_project(endpoints):
    routes = {e.route for e in endpoints}
    assert {"login", "password_change", "password_reset", "invitation_create", "membership_remove"} <= routes
    invite = next(e for e in endpoints if e.route == "invitation_create")
    assert set(invite.fields) == {"email", "role", "title"}
    assert invite.fields["role"].options == ["staff", "secretary", "leader"]
    sign_up = [e for e in endpoints if e.route == "invitation_accept" and e.anonymous]
    assert sign_up
    assert {"username", "password1", "password2"} <= set(sign_up[0].fields)


def _fuzz(endpoint, client: Client, user) -> None:
    @FUZZ_SETTINGS
    @given(data=form_data(endpoint), as_htmx=st.booleans())
    def post_once(data, as_htmx):
        sid = transaction.savepoint()  # every example starts from the same database
        try:
            if endpoint.anonymous:
                client.logout()
            else:
                client.force_login(user)
            before = _counts()
            headers = {"HTTP_HX_REQUEST": "true"} if as_htmx else {}
            try:
                response = client.post(endpoint.url, data=data, **headers)
            except Exception as exc:  # a crash is the 500 a person would see
                pytest.fail(f"POST {endpoint.url} [{endpoint.route}] crashed with {exc!r} on {data!r}")
            assert response.status_code < 500, f"{endpoint.url}: {response.status_code} on {data!r}"
            if response.status_code not in SUCCESS:
                assert _counts() == before, f"{endpoint.url}: refused ({response.status_code}) but wrote rows"
            connection.check_constraints()
        finally:
            transaction.savepoint_rollback(sid)

    post_once()


def test_every_form_survives_hostile_input(endpoints, power_user):
    client = Client(raise_request_exception=True)
    for endpoint in endpoints:
        _fuzz(endpoint, client, power_user)


def test_the_fuzzer_catches_a_careless_form(settings, own_world, power_user):
    """A planted form that writes before validating (and crashes on a NUL byte) fails the fuzzer."""
    from tests.security.formfuzz import discover_endpoints as discover

    settings.ROOT_URLCONF = "tests.security.urls_unchecked"
    client = Client()
    client.force_login(power_user)
    routes = [r for r in discover_routes("tests.security.urls_unchecked") if r.name == "zz_careless_form"]
    [endpoint] = discover(client=client, routes=routes, world=own_world)
    assert set(endpoint.fields) == {"subject", "signer"}
    with pytest.raises((AssertionError, pytest.fail.Exception), match=r"crashed|wrote rows"):
        _fuzz(endpoint, Client(raise_request_exception=True), power_user)
