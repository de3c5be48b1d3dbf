"""Database constraints for what must never happen, checked on the real engine."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from directives.models import Assignment, DeadlineEvent, Document, Notification, Reference
from tests.factories import (
    AssignmentFactory,
    DocumentFactory,
    OrganizationFactory,
    TaskFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_a_unit_gets_one_assignment_per_task_and_period(tree):
    task = TaskFactory()
    AssignmentFactory(task=task, unit=tree.district_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        AssignmentFactory(task=task, unit=tree.district_a)
    # The next period of a recurring task is a separate assignment.
    AssignmentFactory(task=task, unit=tree.district_a, period=1)
    assert Assignment.objects.filter(task=task, unit=tree.district_a).count() == 2


def test_a_submitted_assignment_must_record_when(tree):
    with pytest.raises(IntegrityError), transaction.atomic():
        AssignmentFactory(unit=tree.district_a, status=Assignment.Status.SUBMITTED, submitted_at=None)


def test_an_assignment_copies_its_units_path_for_subtree_rollups(tree):
    assignment = AssignmentFactory(unit=tree.commune_a)
    assert assignment.unit_path == tree.commune_a.path
    assert Assignment.objects.in_subtree(tree.district_a).get() == assignment
    assert not Assignment.objects.in_subtree(tree.district_b).exists()


def test_one_deadline_event_per_assignment_kind_and_due_date(tree):
    assignment = AssignmentFactory(unit=tree.district_a)
    DeadlineEvent.objects.create(assignment=assignment, kind="overdue", due_on=dt.date(2023, 10, 31))
    with pytest.raises(IntegrityError), transaction.atomic():
        DeadlineEvent.objects.create(assignment=assignment, kind="overdue", due_on=dt.date(2023, 10, 31))
    # A moved due date is a new deadline and may be reminded again.
    DeadlineEvent.objects.create(assignment=assignment, kind="overdue", due_on=dt.date(2023, 11, 30))


def test_one_notification_per_person_assignment_kind_and_due_date(tree):
    assignment = AssignmentFactory(unit=tree.district_a)
    user = UserFactory()
    fields = {
        "recipient": user,
        "assignment": assignment,
        "kind": "reminder",
        "due_on": dt.date(2023, 10, 31),
    }
    Notification.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(**fields)


def test_the_same_number_from_the_same_issuer_is_one_document(tree):
    DocumentFactory(number="111-HD/BTGTW", issuer=tree.board)
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentFactory(number="111-HD/BTGTW", issuer=tree.board)
    # Another issuer may use the same number (numbers restart per issuer).
    DocumentFactory(number="111-HD/BTGTW", issuer=tree.province)


def test_a_blank_number_is_stored_as_null_never_as_empty_text(tree):
    DocumentFactory(number=None, issuer=tree.board)
    DocumentFactory(number=None, issuer=tree.board)  # unnumbered documents do not collide
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentFactory(number="", issuer=tree.board)


def test_a_document_cannot_reference_itself(tree):
    document = DocumentFactory(issuer=tree.board)
    with pytest.raises(IntegrityError), transaction.atomic():
        Reference.objects.create(child=document, parent=document, relation="implements")


def test_organization_subtree_is_a_path_prefix(tree):
    assert tree.province.is_ancestor_or_self_of(tree.commune_b)
    assert not tree.district_a.is_ancestor_or_self_of(tree.commune_b)
    assert set(Document.objects.none()) == set()
    below = {o.code for o in type(tree.province).objects.filter(tree.province.subtree_q())}
    assert below == {"tu-dn", "btg-dn", "hu-tb", "hu-bh", "x-bs", "x-tp"}


def test_organization_codes_are_unique(tree):
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganizationFactory(parent=tree.province, code="hu-tb")
