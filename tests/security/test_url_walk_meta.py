"""The walker catches a view without a permission check: planted views in a test URLconf."""

from __future__ import annotations

import pytest

from tests.security.urlwalk import discover_routes, walk

pytestmark = pytest.mark.django_db

URLCONF = "tests.security.urls_unchecked"


@pytest.fixture
def planted(settings):
    settings.ROOT_URLCONF = URLCONF
    return [r for r in discover_routes(URLCONF) if (r.name or "").startswith("zz_")]


def _problems(result, route_name):
    return [f for f in result.findings if f.route == route_name]


def test_the_walker_discovers_planted_views_from_the_resolver(planted):
    assert {r.name for r in planted} == {
        "zz_unchecked_detail",
        "zz_checked_detail",
        "zz_unchecked_list",
        "zz_unchecked_return",
        "zz_unchecked_join",
        "zz_no_login",
        "zz_careless_form",
    }


def test_the_walker_catches_each_kind_of_missing_check(planted, other_world, leader):
    result = walk(world=other_world, login_as=leader, routes=planted, urlconf=URLCONF)
    assert any(f.problem.startswith("200") for f in _problems(result, "zz_unchecked_detail"))
    assert any("shows another unit's data" in f.problem for f in _problems(result, "zz_unchecked_list"))
    assert any("302" in f.problem for f in _problems(result, "zz_unchecked_return"))
    changed = {f.route for f in result.findings if "was changed" in f.problem}
    assert "row:directives.assignment" in changed  # the unchecked POST returned another unit's report
    assert "fk:directives.membership.organization" in changed  # someone joined another unit
    assert _problems(result, "zz_checked_detail") == []


def test_the_walker_catches_a_view_without_login(planted, other_world):
    result = walk(world=other_world, login_as=None, routes=planted, urlconf=URLCONF)
    assert any("anonymous" in f.problem for f in _problems(result, "zz_no_login"))
    assert _problems(result, "zz_checked_detail") == []


def test_the_whole_walk_fails_once_a_check_is_missing(settings, other_world, leader):
    settings.ROOT_URLCONF = URLCONF
    result = walk(world=other_world, login_as=leader, urlconf=URLCONF)
    assert {f.route for f in result.findings} >= {"zz_unchecked_detail", "zz_unchecked_list", "zz_unchecked_return"}
    assert not [f for f in result.findings if not f.route.startswith(("zz_", "row:", "fk:"))]
