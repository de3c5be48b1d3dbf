"""Who sees completion reports and their evidence files: the visibility rules of this feature.

A report is visible where its assignment is (`directives.access.unit_q`); a draft only inside the
unit writing it. `reports.apps` registers `RULES` in the one permission layer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Model, Q, QuerySet

from directives.access import Scope, ScopeRule, scope_for, unit_q
from reports.models import Attachment, CompletionReport

if TYPE_CHECKING:
    from directives.access import AnyUser


def report_q(scope: Scope, prefix: str = "") -> Q:
    """Reports on assignments in scope; a draft only inside the unit writing it."""
    if scope.is_superuser:
        return Q()
    draft = Q(**{f"{prefix}status": CompletionReport.Status.DRAFT})
    own_unit = Q(**{f"{prefix}assignment__unit_id__in": scope.member_unit_ids})
    return unit_q(scope, f"{prefix}assignment__") & (~draft | own_unit)


def reports_for(user: AnyUser, *, scope: Scope | None = None) -> QuerySet[CompletionReport]:
    return CompletionReport.objects.filter(report_q(scope or scope_for(user)))


def attachments_for(user: AnyUser, *, scope: Scope | None = None) -> QuerySet[Attachment]:
    return Attachment.objects.filter(report_q(scope or scope_for(user), "report__"))


RULES: dict[type[Model] | str, ScopeRule] = {CompletionReport: reports_for, Attachment: attachments_for}
