"""Reads that span relations, for any feature's pages.

`deadline_conflicts(document)`: a guidance whose deadline for the units below falls after the
date its issuer must itself report upward ("units report on 15/11 but the province reports to
the Centre by 10/11"). Render with `{% include "directives/_deadline_conflicts.html" %}` and a
`conflicts` variable.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Max

from directives.deadlines.rules import DeadlineConflict, DownwardDeadline, UpwardDeadline, find_deadline_conflicts
from directives.models import Assignment, Document, Organization, Reference, Task


def deadline_conflicts(document: Document) -> list[DeadlineConflict]:
    """Conflicts for a logged document (4 queries)."""
    downward = [
        DownwardDeadline(
            task_ordinal=ordinal,
            task_text=text,
            due_on=due,
            requires_report=requires == Task.Requires.REPORT,
        )
        for ordinal, text, requires, due_on, latest in Task.objects.filter(document=document)
        .annotate(latest=Max("assignments__due_on"))
        .values_list("ordinal", "text", "requires", "due_on", "latest")
        if (due := latest or due_on) is not None
    ]
    if not downward or document.issuer_id is None:
        return []
    parent_ids = set(
        Reference.objects.filter(
            child=document, relation__in=(Reference.Relation.IMPLEMENTS, Reference.Relation.BASED_ON)
        ).values_list("parent_id", flat=True)
    )
    if document.primary_parent_id:
        parent_ids.add(document.primary_parent_id)
    upward = upward_report_deadlines(issuer_id=document.issuer_id, parent_ids=parent_ids)
    return find_deadline_conflicts(downward, upward)


def upward_report_deadlines(*, issuer_id: int, parent_ids: Iterable[int]) -> list[UpwardDeadline]:
    """When the issuer (or the committee its advisory board serves) must report on the parents' tasks.

    Usable before a document is saved: the logging preview passes the issuer and the parents it cites.
    """
    parent_ids = list(parent_ids)
    if not parent_ids:
        return []
    issuer = Organization.objects.filter(pk=issuer_id).values_list("path", "kind").first()
    if issuer is None:
        return []
    path, kind = issuer
    paths = [path]
    if kind == Organization.Kind.ADVISORY_BOARD and len(path) > Organization.steplen:
        paths.append(path[: -Organization.steplen])
    rows = (
        Assignment.objects.filter(
            task__document_id__in=parent_ids,
            task__requires=Task.Requires.REPORT,
            unit_path__in=paths,
            due_on__isnull=False,
        )
        .values_list("due_on", "task__report_to__name", "task__report_to_name", "task__document__number")
        .order_by("due_on")
    )
    return [
        UpwardDeadline(due_on=due_on, report_to=report_to or report_to_name or "", source=number or "")
        for due_on, report_to, report_to_name, number in rows
        if due_on is not None  # filtered in SQL already; this tells the type checker
    ]
