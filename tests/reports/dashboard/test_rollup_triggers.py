"""The roll-up tables stay equal to a brute-force count whatever changes the assignments.

The triggers (migration reports.0003) see every write: model saves, QuerySet.update, bulk_create,
deletes, a document moved in the issuance tree, a task moved to another document, an organisation
re-levelled. After each kind of change the stored tables must equal a recount from scratch.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import DatabaseError, transaction
from django.utils import timezone

from directives.models import Assignment, Document, Organization, Task
from reports.dashboard.rollup import rollup_differences
from reports.models.dashboard import DocumentRollup, UnitRollup
from tests.factories import DocumentFactory, OrganizationFactory, TaskFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)


def _submit(assignment: Assignment, day: dt.date, status: str = Assignment.Status.SUBMITTED) -> None:
    assignment.status = status
    assignment.submitted_on = day
    assignment.submitted_at = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
    assignment.save()


def test_logging_the_demo_cascade_keeps_the_rollups_exact(demo):
    assert UnitRollup.objects.exists()
    assert DocumentRollup.objects.exists()
    assert rollup_differences() == []


def test_reports_submitted_returned_and_accepted_keep_the_rollups_exact(demo):
    pending = list(Assignment.objects.filter(status=Assignment.Status.PENDING, due_on__isnull=False)[:6])
    _submit(pending[0], pending[0].due_on)  # on time
    _submit(pending[1], pending[1].due_on + dt.timedelta(days=9))  # late
    _submit(pending[2], pending[2].due_on, Assignment.Status.ACCEPTED)
    pending[2].status = Assignment.Status.RETURNED
    pending[2].save()
    Assignment.objects.filter(pk__in=[a.pk for a in pending[3:]]).update(due_on=TODAY + dt.timedelta(days=2))
    assert rollup_differences() == []


def test_bulk_inserts_and_deletes_keep_the_rollups_exact(demo):
    task = Task.objects.filter(assignments__isnull=False).first()
    existing = set(task.assignments.values_list("unit_id", flat=True))
    units = Organization.objects.exclude(pk__in=existing).filter(depth__gte=3)[:5]
    directive = task.document.root or task.document
    Assignment.objects.bulk_create(
        Assignment(task=task, unit=u, due_on=TODAY, unit_path=u.path, directive=directive) for u in units
    )
    assert rollup_differences() == []
    Assignment.objects.filter(task=task).delete()
    assert rollup_differences() == []
    Document.objects.filter(number="57-KL/TW").delete()  # the whole cascade goes, with its assignments
    assert rollup_differences() == []
    assert not UnitRollup.objects.filter(directive__number="57-KL/TW").exists()


def test_moving_a_unit_and_relevelling_it_keep_the_rollups_exact(demo):
    assignment = Assignment.objects.filter(unit__depth=3).first()
    unit = assignment.unit
    unit.level = Organization.Level.GRASSROOTS if unit.level != Organization.Level.GRASSROOTS else 2
    unit.save()
    assert rollup_differences() == []
    other = Organization.objects.get(code="tu-quangngai")
    Assignment.objects.filter(unit=unit).update(unit_path=other.path + unit.path[-4:])
    assert rollup_differences() == []


def _chain():
    """Directive A → guidance B → plan C, each assigning to units of a small tree; and directive X."""
    root = OrganizationFactory(level=0)
    province = OrganizationFactory(parent=root, level=1)
    communes = [OrganizationFactory(parent=province, level=2) for _ in range(3)]
    a = DocumentFactory(number="1-KL/TW", issued_on=dt.date(2026, 1, 5))
    b = DocumentFactory(number="2-HD/TW", issued_on=dt.date(2026, 2, 1), primary_parent=a, root=a)
    c = DocumentFactory(number="3-KH/TU", issued_on=dt.date(2026, 3, 1), primary_parent=b, root=a)
    x = DocumentFactory(number="9-CT/TW", issued_on=dt.date(2026, 1, 1))
    for document, units in ((a, [province]), (b, [province]), (c, communes)):
        task = TaskFactory(document=document, due_on=dt.date(2026, 4, 30))
        Assignment.objects.bulk_create(
            Assignment(task=task, unit=u, due_on=task.due_on, unit_path=u.path, directive=a) for u in units
        )
    return a, b, c, x, province


def test_moving_a_document_carries_its_subtree_totals_to_the_new_ancestors(db):
    a, b, c, x, province = _chain()
    assert rollup_differences() == []
    # What document_log does when a document finds its real parent: parent, then roots, then assignments.
    b.primary_parent = x
    b.save(update_fields=["primary_parent"])
    Document.objects.filter(pk__in=[b.pk, c.pk]).update(root=x)
    Assignment.objects.filter(task__document__in=[b, c]).update(directive=x)
    assert rollup_differences() == []
    x_total = DocumentRollup.objects.filter(document=x, scope_path=province.path[:4])
    assert sum(r.open_n for r in x_total) == 4  # b's province task and c's three communes
    a_total = DocumentRollup.objects.filter(document=a, scope_path=province.path[:4])
    assert sum(r.open_n for r in a_total) == 1  # only a's own task is left under a


def test_a_document_cannot_be_placed_below_its_own_descendant(db):
    a, _b, c, _x, _province = _chain()
    a.primary_parent = c
    with pytest.raises(DatabaseError), transaction.atomic():
        a.save(update_fields=["primary_parent"])
    assert rollup_differences() == []


def test_a_task_moved_to_another_document_moves_its_counts(db):
    _a, _b, c, x, _province = _chain()
    Task.objects.filter(document=c).update(document=x)
    assert rollup_differences() == []
