"""A task asking a unit to issue its own plan is met when that plan is logged as a child."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from directives.documents.services import DocumentInput, ReferenceInput, document_log
from directives.models import Assignment, DocumentType, Reference, Task
from tests.factories import AssignmentFactory, DocumentFactory, TaskFactory

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def plan_task(tree):
    parent = DocumentFactory(number="05-HD/BTGTU", issuer=tree.board)
    task = TaskFactory(document=parent, requires=Task.Requires.DOCUMENT, due_on=D(2023, 10, 31))
    return {
        unit: AssignmentFactory(task=task, unit=getattr(tree, unit), due_on=D(2023, 10, 31))
        for unit in ("district_a", "district_b")
    }


def log_plan(tree, issuer, number="12-KH/HU"):
    return document_log(
        data=DocumentInput(
            number=number,
            doc_type=DocumentType.KH,
            issuer=issuer,
            issued_on=D(2023, 10, 20),
            references=[ReferenceInput("05-HD/BTGTU", Reference.Relation.IMPLEMENTS)],
        )
    )


def test_logging_the_units_plan_meets_its_task(tree, plan_task):
    before = timezone.now()
    log_plan(tree, tree.district_a)
    met = Assignment.objects.get(pk=plan_task["district_a"].pk)
    assert met.status == Assignment.Status.SUBMITTED
    assert met.submitted_at >= before
    assert met.submitted_on == timezone.localdate()
    assert met.next_check_on is None
    # The sibling that has issued nothing is still open, and overdue like any other.
    other = Assignment.objects.get(pk=plan_task["district_b"].pk)
    assert other.status == Assignment.Status.PENDING
    assert other.timeliness(today=D(2023, 11, 1), due_soon_until=D(2023, 11, 6)).value == "overdue"


def test_a_plan_issued_by_the_committees_board_meets_the_committees_task(tree):
    parent = DocumentFactory(number="05-HD/BTGTU", issuer=tree.centre)
    task = TaskFactory(document=parent, requires=Task.Requires.DOCUMENT, due_on=D(2023, 10, 31))
    assignment = AssignmentFactory(task=task, unit=tree.province, due_on=D(2023, 10, 31))
    log_plan(tree, tree.board, number="20-KH/BTGTU")
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.SUBMITTED


def test_a_document_citing_the_parent_only_in_passing_meets_nothing(tree, plan_task):
    document_log(
        data=DocumentInput(
            number="13-CV/HU",
            doc_type=DocumentType.CV,
            issuer=tree.district_a,
            references=[ReferenceInput("05-HD/BTGTU", Reference.Relation.MENTIONS)],
        )
    )
    assert Assignment.objects.get(pk=plan_task["district_a"].pk).status == Assignment.Status.PENDING
