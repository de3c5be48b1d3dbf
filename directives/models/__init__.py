"""The directives app's models, one module per part of the domain; import them from here."""

from directives.models.assignments import Assignment, AssignmentQuerySet
from directives.models.documents import (
    DeadlineKind,
    Document,
    DocumentImport,
    DocumentImportPage,
    DocumentType,
    Reference,
    Task,
)
from directives.models.ledger import CalendarFeedToken, DeadlineEvent, EmailDelivery, Notification
from directives.models.organizations import CalendarOverride, Membership, Organization, OrganizationAlias
from directives.timeliness import Timeliness

__all__ = [
    "Assignment",
    "AssignmentQuerySet",
    "CalendarFeedToken",
    "CalendarOverride",
    "DeadlineEvent",
    "DeadlineKind",
    "Document",
    "DocumentImport",
    "DocumentImportPage",
    "DocumentType",
    "EmailDelivery",
    "Membership",
    "Notification",
    "Organization",
    "OrganizationAlias",
    "Reference",
    "Task",
    "Timeliness",
]
