"""Who may see what: every view, export and fragment scopes its queries through here.

Leaders, staff and admins see the subtree under each unit they belong to; secretaries see their
own unit. Scopes are path prefixes, so each check is one indexed filter.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING

from django.db.models import Q

from directives.models import Membership, Organization

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

SUBTREE_ROLES = (Membership.Role.LEADER, Membership.Role.STAFF, Membership.Role.ADMIN)


@dataclass(frozen=True, slots=True)
class Scope:
    """The organisation paths a user reaches: whole subtrees, and single units."""

    subtree_paths: tuple[str, ...]
    unit_ids: tuple[int, ...]

    @property
    def is_empty(self) -> bool:
        return not self.subtree_paths and not self.unit_ids

    def q(self, *, path_field: str, id_field: str) -> Q:
        """A filter on any model that carries an organisation path and id."""
        parts = [Q(**{f"{path_field}__startswith": p}) for p in self.subtree_paths]
        if self.unit_ids:
            parts.append(Q(**{f"{id_field}__in": self.unit_ids}))
        if not parts:
            return Q(pk__in=[])
        return reduce(or_, parts)

    def covers(self, organization: Organization) -> bool:
        return organization.id in self.unit_ids or any(organization.path.startswith(p) for p in self.subtree_paths)


def scope_for(user: AbstractBaseUser | AnonymousUser) -> Scope:
    if not user.is_authenticated:
        return Scope((), ())
    if getattr(user, "is_superuser", False):
        return Scope(("",), ())
    rows = Membership.objects.filter(user=user).values_list("role", "organization_id", "organization__path")
    subtrees: set[str] = set()
    units: set[int] = set()
    for role, org_id, path in rows:
        if role in SUBTREE_ROLES:
            subtrees.add(path)
        else:
            units.add(org_id)
    # Drop paths already covered by a shorter one.
    minimal = tuple(sorted(p for p in subtrees if not any(p != q and p.startswith(q) for q in subtrees)))
    return Scope(minimal, tuple(sorted(units)))


def visible_organizations(user: AbstractBaseUser | AnonymousUser) -> Q:
    return scope_for(user).q(path_field="path", id_field="id")
