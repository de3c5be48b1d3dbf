"""In-app notifications (the inbox). The deadline watcher adds e-mail delivery on top.

Every feature that tells a person something (a returned report, a new assignment) calls
`notify`; rows are unique per (person, assignment, kind, due date), so calling twice is harmless.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth.models import User

from directives.models import Assignment, Membership, Notification


def notify(
    *,
    recipients: Iterable[User],
    kind: str,
    message: str,
    assignment: Assignment | None = None,
    due_on: dt.date | None = None,
) -> list[Notification]:
    rows = [
        Notification(recipient=user, kind=kind, message=message, assignment=assignment, due_on=due_on)
        for user in recipients
    ]
    return Notification.objects.bulk_create(rows, ignore_conflicts=True)


def unit_members(unit_id: int, *roles: str) -> list[User]:
    """The people holding one of `roles` in a unit (e.g. its secretaries)."""
    memberships = Membership.objects.filter(organization_id=unit_id, role__in=roles).select_related("user")
    return [m.user for m in memberships]
