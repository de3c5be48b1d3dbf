"""Reads for the unit's inbox, the assignment page, report versions and the issuer's roll-up.

Every queryset here is already narrowed by a Scope (from `directives.access.scope_for`) or by the
user's own units; views never widen them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils.text import capfirst

from cascade.lib.orm import one_or_none
from directives.access import Scope
from directives.models import Assignment, Document, Membership, Organization, Task
from reports.completion.changes import FieldChange, report_changes
from reports.completion.permissions import can_prepare, can_review, preparable_q, reviewable_task_q
from reports.completion.services import FIGURE_FIELDS, TEXT_FIELDS
from reports.models import Attachment, CompletionReport
from reports.timeliness_sql import done_late_q, overdue_q

if TYPE_CHECKING:
    from django.contrib.auth.models import User

_OPEN = list(Assignment.OPEN_STATUSES)
_DONE = list(Assignment.DONE_STATUSES)


# --- The unit's inbox ----------------------------------------------------------------------


def inbox_units(user: User) -> list[Organization]:
    """The units whose work this person answers for: every unit they hold a membership in."""
    ids = Membership.objects.filter(user=user).values("organization_id")
    return list(Organization.objects.filter(pk__in=Subquery(ids)).order_by("path"))


def assignment_inbox(*, scope: Scope, unit_ids: list[int], today: dt.date) -> QuerySet[Assignment]:
    """The units' assignments, most urgent first: open work by due date (overdue first, undated
    last), then finished work, most recently reported first."""
    drafts = CompletionReport.objects.filter(assignment=OuterRef("pk"), status=CompletionReport.Status.DRAFT)
    return (
        Assignment.objects.filter(preparable_q(scope), unit_id__in=unit_ids)
        .select_related("task__document__issuer", "task__report_to", "unit", "directive")
        .annotate(
            is_open_rank=Case(When(status__in=_OPEN, then=Value(0)), default=Value(1), output_field=IntegerField()),
            open_due=Case(When(status__in=_OPEN, then=F("due_on")), default=None, output_field=DateField()),
            has_draft=Exists(drafts),
        )
        .order_by("is_open_rank", F("open_due").asc(nulls_last=True), F("submitted_at").desc(nulls_last=True), "id")
    )


def inbox_directives(assignments: QuerySet[Assignment]) -> list[tuple[int, str]]:
    rows = (
        Document.objects.filter(pk__in=assignments.order_by().values("directive_id"))
        .order_by("-issued_on", "number")
        .values_list("pk", "number", "doc_type", "subject")
    )
    return [(pk, number or f"{doc_type} — {subject[:50]}") for pk, number, doc_type, subject in rows]


def inbox_years(assignments: QuerySet[Assignment]) -> list[int]:
    return sorted(
        {d.year for d in assignments.order_by().filter(due_on__isnull=False).dates("due_on", "year")}, reverse=True
    )


# --- One assignment --------------------------------------------------------------------------


def assignment_for(*, scope: Scope, pk: int, with_text: bool = False) -> Assignment | None:
    """The assignment if this scope may open it (to prepare or to review), else None.

    One primary-key fetch, then the same rule as `visible_assignment_q` checked in Python on the
    row: far cheaper to compile and run than the OR of path prefixes on every request. The
    document's full text (tens of kilobytes) is loaded only for the pages that show it."""
    assignment = _assignment_in_context(pk, with_text=with_text)
    if assignment is None or not (can_prepare(scope, assignment) or can_review(scope, assignment)):
        return None
    return assignment


def _assignment_in_context(pk: int, *, with_text: bool = False) -> Assignment | None:
    """An assignment with its task, document, issuer, receiver and unit: what every page of it shows."""
    qs = Assignment.objects.filter(pk=pk).select_related("task__document__issuer", "task__report_to", "unit")
    if not with_text:
        qs = qs.defer("task__document__text", "task__document__search_text")
    return one_or_none(qs)


def guidance_chain(document: Document) -> list[Document]:
    """From the top directive down to `document`, following primary parents."""
    chain = [document]
    node = document
    seen = {document.pk}
    for _ in range(16):  # the cascade is a handful of levels; the bound guards against a cycle
        if node.primary_parent_id is None or node.primary_parent_id in seen:
            break
        node = Document.objects.select_related("issuer").get(pk=node.primary_parent_id)
        seen.add(node.pk)
        chain.append(node)
    return list(reversed(chain))


def report_versions(*, assignment: Assignment, include_drafts: bool) -> list[CompletionReport]:
    qs = (
        CompletionReport.objects.filter(assignment=assignment)
        .select_related("submitted_by", "reviewed_by", "created_by", "updated_by", "issued_document")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("uploaded_at", "id")))
        .order_by("-version")
    )
    if not include_drafts:
        qs = qs.exclude(status=CompletionReport.Status.DRAFT)
    return list(qs)


def current_draft(assignment: Assignment) -> CompletionReport | None:
    return (
        CompletionReport.objects.filter(assignment=assignment, status=CompletionReport.Status.DRAFT)
        .select_related("updated_by", "created_by", "issued_document")
        .prefetch_related("attachments")
        .first()
    )


def latest_version(assignment: Assignment) -> CompletionReport | None:
    """The last version sent (a revision starts from it)."""
    return (
        CompletionReport.objects.filter(assignment=assignment)
        .exclude(status=CompletionReport.Status.DRAFT)
        .select_related("issued_document")
        .prefetch_related("attachments")
        .order_by("-version")
        .first()
    )


def report_for(*, scope: Scope, pk: int) -> CompletionReport | None:
    """A report version if the scope may read it: preparers see drafts too, reviewers only what
    was sent to them."""
    # Two short queries rather than one ten-table join: PostgreSQL spends longer planning that join
    # (~7 ms) than running both of these.
    report = one_or_none(
        CompletionReport.objects.filter(pk=pk)
        .select_related("submitted_by", "reviewed_by", "issued_document")
        .prefetch_related("attachments")
    )
    if report is None:
        return None
    assignment = _assignment_in_context(report.assignment_id)
    if assignment is None:  # deleted in between
        return None
    report.assignment = assignment
    if can_prepare(scope, assignment):
        return report
    if report.status != CompletionReport.Status.DRAFT and can_review(scope, assignment):
        return report
    return None


def previous_version(report: CompletionReport) -> CompletionReport | None:
    return (
        CompletionReport.objects.filter(assignment_id=report.assignment_id, version__lt=report.version)
        .exclude(status=CompletionReport.Status.DRAFT)
        .prefetch_related("attachments")
        .order_by("-version")
        .first()
    )


def version_changes(before: CompletionReport | None, after: CompletionReport) -> list[FieldChange]:
    labels = {
        f.name: capfirst(str(f.verbose_name)) for f in CompletionReport._meta.get_fields() if hasattr(f, "verbose_name")
    }

    def values(report: CompletionReport | None) -> dict[str, object]:
        if report is None:
            return {}
        names = (*TEXT_FIELDS, *FIGURE_FIELDS, "nothing_arose")
        data: dict[str, object] = {name: getattr(report, name) for name in names}
        data["issued_document"] = str(report.issued_document) if report.issued_document_id else None
        return data

    def files(report: CompletionReport | None) -> dict[str, str]:
        return {a.sha256: a.original_name for a in report.attachments.all()} if report else {}

    return report_changes(
        before=values(before),
        after=values(after),
        text_fields=[(n, labels[n]) for n in TEXT_FIELDS],
        value_fields=[(n, labels[n]) for n in (*FIGURE_FIELDS, "nothing_arose")]
        + [("issued_document", labels["issued_document"])],
        files_before=files(before),
        files_after=files(after),
    )


# --- The issuing side's roll-up --------------------------------------------------------------


def issued_task_rollup(*, scope: Scope, today: dt.date) -> QuerySet[Task]:
    """Tasks whose reports come to a unit in this scope, with who has sent, who is late, who has not."""
    done = Q(assignments__status__in=_DONE)
    open_ = Q(assignments__status__in=_OPEN)
    return (
        Task.objects.filter(reviewable_task_q(scope))
        .filter(assignments__isnull=False)
        .select_related("document__issuer", "report_to")
        .annotate(
            total=Count("assignments"),
            sent=Count("assignments", filter=done),
            awaiting=Count("assignments", filter=Q(assignments__status=Assignment.Status.SUBMITTED)),
            accepted=Count("assignments", filter=Q(assignments__status=Assignment.Status.ACCEPTED)),
            sent_late=Count("assignments", filter=done_late_q("assignments__")),
            not_sent=Count("assignments", filter=open_),
            overdue=Count("assignments", filter=overdue_q(today=today, prefix="assignments__")),
            returned=Count("assignments", filter=Q(assignments__status=Assignment.Status.RETURNED)),
        )
        .order_by("-awaiting", "-overdue", F("due_on").desc(nulls_last=True), "-id")
    )


@dataclass(frozen=True)
class RollupTotals:
    total: int
    sent: int
    awaiting: int
    sent_late: int
    not_sent: int
    overdue: int


def issued_assignment_rollup(*, task: Task, today: dt.date) -> QuerySet[Assignment]:
    """One row per recipient unit (and period) of a task, with its latest sent version."""
    sent = CompletionReport.objects.filter(assignment=OuterRef("pk")).exclude(status=CompletionReport.Status.DRAFT)
    latest = sent.order_by("-version")
    return (
        Assignment.objects.filter(task=task)
        .select_related("unit")
        .annotate(
            latest_report_id=Subquery(latest.values("pk")[:1]),
            latest_version=Subquery(latest.values("version")[:1]),
            latest_is_late=Subquery(latest.values("is_late")[:1]),
            latest_nothing_arose=Subquery(latest.values("nothing_arose")[:1]),
            versions_sent=Subquery(
                sent.order_by().values("assignment").annotate(n=Count("pk")).values("n")[:1],
                output_field=IntegerField(),
            ),
            rank=Case(
                When(status=Assignment.Status.SUBMITTED, then=Value("0")),
                When(Q(status__in=_OPEN, due_on__lt=today), then=Value("1")),
                When(status__in=_OPEN, then=Value("2")),
                default=Value("3"),
                output_field=CharField(),
            ),
        )
        .order_by("rank", "unit_path", "period")
    )


def rollup_totals(rows: list[Assignment], *, today: dt.date) -> RollupTotals:
    sent = [r for r in rows if r.is_done]
    open_rows = [r for r in rows if not r.is_done]
    return RollupTotals(
        total=len(rows),
        sent=len(sent),
        awaiting=sum(1 for r in rows if r.status == Assignment.Status.SUBMITTED),
        sent_late=sum(1 for r in sent if r.due_on and r.submitted_on and r.submitted_on > r.due_on),
        not_sent=len(open_rows),
        overdue=sum(1 for r in open_rows if r.due_on and r.due_on < today),
    )


def issued_task_for(*, scope: Scope, pk: int) -> Task | None:
    return Task.objects.filter(reviewable_task_q(scope), pk=pk).select_related("document__issuer", "report_to").first()
