"""Fixtures for the security walkers: another unit's world, a sibling unit's world, personas."""

from __future__ import annotations

import pytest

from tests.factories import UserFactory
from tests.security.world import OTHER_PK, SIBLING_PK, World, build_world


@pytest.fixture
def security_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.RATELIMIT_ENABLE = False  # the walk requests each view many times
    return settings


@pytest.fixture
def other_world(tree, security_settings) -> World:
    """Another province's business: no persona of the small tree may reach any of it."""
    return build_world(parent=tree.centre, pk=OTHER_PK)


@pytest.fixture
def sibling_world(tree, security_settings) -> World:
    """A unit under Thành ủy Biên Hòa: the province sees it, Huyện ủy Trảng Bom's secretary does not."""
    return build_world(parent=tree.district_b, pk=SIBLING_PK)


@pytest.fixture
def no_membership(db):
    return UserFactory(username="chua_co_don_vi")
