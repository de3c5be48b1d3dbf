"""Visibility rules for the PDF feature's models; `reports.apps` registers `RULES` in the permission layer."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.db.models import Model, Q, QuerySet

from directives.access import Scope, ScopeRule, scope_for
from reports.models.pdf import CommitteeTerm, OutgoingDocument, OutgoingRegister, RenderedReport

if TYPE_CHECKING:
    from directives.access import AnyUser

OrgOwned = TypeVar("OrgOwned", CommitteeTerm, OutgoingRegister, OutgoingDocument)


def _org_rule(model: type[OrgOwned]) -> ScopeRule:
    def rule(user: AnyUser, *, scope: Scope | None = None) -> QuerySet[OrgOwned]:
        if not user.is_authenticated:
            return model.objects.none()
        scope = scope or scope_for(user)
        return model.objects.filter(scope.q(path_field="organization__path", id_field="organization_id"))

    return rule


def rendered_reports_for(user: AnyUser, *, scope: Scope | None = None) -> QuerySet[RenderedReport]:
    """A unit's own report PDF: whoever sees the unit. Aggregates and dashboard prints: only leaders,
    staff and admins whose subtree covers the unit (a secretary never sees the roll-up of siblings)."""
    if not user.is_authenticated:
        return RenderedReport.objects.none()
    scope = scope or scope_for(user)
    subtree_only = Scope(scope.subtree_paths, ())
    return RenderedReport.objects.filter(
        (Q(kind=RenderedReport.Kind.UNIT) & scope.q(path_field="unit__path", id_field="unit_id"))
        | (~Q(kind=RenderedReport.Kind.UNIT) & subtree_only.q(path_field="unit__path", id_field="unit_id"))
    )


RULES: dict[type[Model] | str, ScopeRule] = {
    CommitteeTerm: _org_rule(CommitteeTerm),
    OutgoingRegister: _org_rule(OutgoingRegister),
    OutgoingDocument: _org_rule(OutgoingDocument),
    RenderedReport: rendered_reports_for,
}
