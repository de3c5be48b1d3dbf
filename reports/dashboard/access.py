"""Visibility rules for the dashboard's roll-up tables (derived counts); `reports.apps` registers `RULES`."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.db.models import Model, QuerySet

from directives.access import Scope, ScopeRule, scope_for
from reports.models.dashboard import DocumentRollup, UnitRollup

if TYPE_CHECKING:
    from directives.access import AnyUser

Rollup = TypeVar("Rollup", UnitRollup, DocumentRollup)


def _subtree_rule(model: type[Rollup], path_field: str) -> ScopeRule:
    """Counts are for leaders, staff and admins over their subtrees; a single unit has no roll-up."""

    def rule(user: AnyUser, *, scope: Scope | None = None) -> QuerySet[Rollup]:
        if not user.is_authenticated:
            return model.objects.none()
        scope = scope or scope_for(user)
        return model.objects.filter(Scope(scope.subtree_paths, ()).q(path_field=path_field, id_field="pk"))

    return rule


RULES: dict[type[Model] | str, ScopeRule] = {
    UnitRollup: _subtree_rule(UnitRollup, "node_path"),
    DocumentRollup: _subtree_rule(DocumentRollup, "scope_path"),
}
