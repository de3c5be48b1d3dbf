"""Who may prepare, and who may review, a unit's completion report — decided from `scope_for`.

* The **receiving unit** of an assignment is its task's `report_to` when the document names one,
  else the unit that issued the document.
* **Preparing** (drafting, attaching, submitting): anyone whose scope covers the assignment's unit —
  its secretaries, and leaders/staff/admins of that unit or of a unit above it.
* **Reviewing** (accepting, returning): staff, leaders and admins whose *subtree* scope covers the
  receiving unit. A secretary of the receiving unit does not review; nobody reviews a version they
  submitted themselves.
* Reviewers see submitted versions only; drafts belong to the unit preparing them.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q

from directives.access import Scope
from directives.models import Assignment, Organization, Task


def receiving_unit(task: Task) -> Organization | None:
    return task.report_to or task.document.issuer


def can_prepare(scope: Scope, assignment: Assignment) -> bool:
    return scope.covers(assignment.unit)


def covers_subtree(scope: Scope, organization: Organization | None) -> bool:
    if "" in scope.subtree_paths:  # superusers: even a task with no known receiving unit
        return True
    if organization is None:
        return False
    return any(organization.path.startswith(p) for p in scope.subtree_paths)


def can_review(scope: Scope, assignment: Assignment) -> bool:
    return covers_subtree(scope, receiving_unit(assignment.task))


def preparable_q(scope: Scope, *, prefix: str = "") -> Q:
    """Assignments the scope may prepare reports for (`prefix` reaches the assignment)."""
    return scope.q(path_field=f"{prefix}unit_path", id_field=f"{prefix}unit_id")


def reviewable_task_q(scope: Scope, *, prefix: str = "") -> Q:
    """Tasks whose receiving unit lies in one of the scope's subtrees."""
    if not scope.subtree_paths:
        return Q(pk__in=[])
    if "" in scope.subtree_paths:
        return Q()
    parts = []
    for path in scope.subtree_paths:
        parts.append(Q(**{f"{prefix}report_to__path__startswith": path}))
        parts.append(Q(**{f"{prefix}report_to__isnull": True, f"{prefix}document__issuer__path__startswith": path}))
    return reduce(or_, parts)


def visible_assignment_q(scope: Scope) -> Q:
    """Assignments a user may open at all: to prepare their report, or to review it."""
    return preparable_q(scope) | reviewable_task_q(scope, prefix="task__")
