"""Every URL of the project, as every role, against another unit's objects: 403/404, never its data.

The routes come from the resolver, so a view added tomorrow is walked tomorrow; a view that forgets
its permission check fails here (see test_url_walk_meta.py for the proof, on planted views).
"""

from __future__ import annotations

import pytest

from tests.security.urlwalk import WalkResult, discover_routes, walk

pytestmark = pytest.mark.django_db

# secretary_b would repeat secretary_a against another province; the sibling test covers siblings.
PERSONAS = ["anonymous", "no_membership", "secretary_a", "staff", "leader", "unit_admin", "outsider"]


def _assert_clean(result: WalkResult) -> None:
    if result.findings:
        pytest.fail(result.report(), pytrace=False)


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_role_reaches_another_provinces_objects(request, other_world, persona):
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    result = walk(world=other_world, login_as=user)
    assert result.routes > 10
    _assert_clean(result)


def test_a_secretary_does_not_reach_a_sibling_units_objects(sibling_world, secretary_a):
    _assert_clean(walk(world=sibling_world, login_as=secretary_a))


def test_the_admin_site_turns_a_unit_admin_away(other_world, unit_admin):
    """A unit admin (role "admin" in a unit) is not Django staff: the admin site is for superusers."""
    admin_routes = [r for r in discover_routes() if r.namespace == "admin" and r.short_name not in {"login", "logout"}]
    assert len(admin_routes) > 20
    _assert_clean(walk(world=other_world, login_as=unit_admin, routes=admin_routes, include_namespaces={"admin"}))


def test_the_walk_covers_the_features_urls():
    names = {r.name for r in discover_routes()}
    assert {"home", "account", "unit_members", "membership_remove", "audit_list", "audit_object_history"} <= names
