from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from directives.documents.services import (
    AssigneeInput,
    DocumentAlreadyLogged,
    DocumentInput,
    DocumentTreeCycle,
    ReferenceInput,
    TaskInput,
    document_link_under,
    document_log,
    type_code_from_number,
)
from directives.models import Assignment, Document, Reference
from tests.factories import AssignmentFactory, DocumentFactory, TaskFactory

pytestmark = pytest.mark.django_db


def _guidance(tree, **overrides) -> DocumentInput:
    fields = {
        "number": "12-HD/BTGTU",
        "doc_type": "HD",
        "issuer": tree.board,
        "issued_on": dt.date(2023, 9, 12),
        "subject": "Hướng dẫn triển khai Kết luận số 57-KL/TW",
        "references": [ReferenceInput("57-KL/TW", "implements", dt.date(2023, 6, 15))],
        "tasks": [
            TaskInput(
                text="Báo cáo kết quả",
                due_on=dt.date(2023, 11, 9),
                requires="report",
                assignees=[AssigneeInput(tree.district_a), AssigneeInput(tree.district_b)],
            )
        ],
    }
    fields.update(overrides)
    return DocumentInput(**fields)


def test_logging_creates_placeholders_for_cited_documents_and_assignments(tree):
    document = document_log(data=_guidance(tree))
    parent = Document.objects.get(number="57-KL/TW")
    assert parent.is_placeholder
    assert parent.issued_on == dt.date(2023, 6, 15)
    assert document.primary_parent == parent
    assert document.root == parent
    assignments = Assignment.objects.filter(task__document=document)
    assert {a.unit for a in assignments} == {tree.district_a, tree.district_b}
    assert {a.due_on for a in assignments} == {dt.date(2023, 11, 9)}
    assert {a.directive for a in assignments} == {parent}


def test_logging_the_placeholders_document_merges_it_and_keeps_its_links(tree):
    child = document_log(data=_guidance(tree))
    placeholder = Document.objects.get(number="57-KL/TW")
    logged = document_log(
        data=DocumentInput(
            number="57-KL/TW",
            doc_type="KL",
            issuer=tree.centre,
            issued_on=dt.date(2023, 6, 15),
            subject="Kết luận",
        )
    )
    assert logged.pk == placeholder.pk
    assert not logged.is_placeholder
    assert Reference.objects.get(child=child).parent_id == logged.pk
    assert Document.objects.filter(number="57-KL/TW").count() == 1


def test_a_document_already_logged_is_refused_not_duplicated(tree):
    first = document_log(data=_guidance(tree))
    with pytest.raises(DocumentAlreadyLogged) as excinfo:
        document_log(data=_guidance(tree))
    assert excinfo.value.existing == first
    assert Document.objects.filter(number="12-HD/BTGTU").count() == 1


def test_a_refused_log_leaves_nothing_half_written(tree):
    document_log(data=_guidance(tree))
    before = (Document.objects.count(), Reference.objects.count(), Assignment.objects.count())
    data = _guidance(tree, references=[ReferenceInput("99-KL/TW", "implements")])
    with pytest.raises(DocumentAlreadyLogged):
        document_log(data=data)
    assert (
        Document.objects.count(),
        Reference.objects.count(),
        Assignment.objects.count(),
    ) == before
    assert not Document.objects.filter(number="99-KL/TW").exists()


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("57-KL/TW", "KL"),
        ("5763-CV/TU", "CV"),
        ("21/CT-TTg", "CT"),
        ("30/2020/NĐ-CP", "KHAC"),
        ("12/2024/QĐ-UBND", "QĐ"),
        (None, "KHAC"),
        ("658-BS/TU", "BS"),
    ],
)
def test_type_code_from_number(number, code):
    assert type_code_from_number(number) == code


# --- document_link_under: a unit's own document joins the issuance tree -----------------------


@dataclass
class Issued:
    conclusion: Document
    guidance: Document
    plan: Document
    commune_doc: Document
    plan_assignment: Assignment
    commune_assignment: Assignment


@pytest.fixture
def issued(tree) -> Issued:
    """57-KL/TW → the board's guidance, and district A's plan logged on its own: no parent yet,
    with a commune's guidance below it, and an assignment on each of the two."""
    conclusion = DocumentFactory(number="57-KL/TW", issuer=tree.centre)
    guidance = DocumentFactory(number="12-HD/BTGTU", issuer=tree.board, primary_parent=conclusion, root=conclusion)
    plan = DocumentFactory(number="45-KH/HU", issuer=tree.district_a)
    commune_doc = DocumentFactory(number="3-HD/ĐU", issuer=tree.commune_a, primary_parent=plan, root=plan)
    plan_assignment = AssignmentFactory(task=TaskFactory(document=plan), unit=tree.commune_a)
    commune_assignment = AssignmentFactory(task=TaskFactory(document=commune_doc), unit=tree.commune_a)
    return Issued(conclusion, guidance, plan, commune_doc, plan_assignment, commune_assignment)


def _tree_rows() -> tuple[list, list]:
    return (
        sorted(Document.objects.values_list("pk", "primary_parent_id", "root_id")),
        sorted(Reference.objects.values_list("child_id", "parent_id", "relation")),
    )


def test_a_parentless_document_linked_under_a_parent_brings_its_branch_into_that_tree(issued):
    assert document_link_under(document=issued.plan, parent=issued.guidance) is True
    plan = Document.objects.get(pk=issued.plan.pk)
    assert (plan.primary_parent, plan.root) == (issued.guidance, issued.conclusion)
    reference = Reference.objects.get(child=plan)
    assert (reference.parent, reference.relation) == (issued.guidance, Reference.Relation.IMPLEMENTS)
    commune_doc = Document.objects.get(pk=issued.commune_doc.pk)
    assert (commune_doc.primary_parent, commune_doc.root) == (plan, issued.conclusion)
    moved = Assignment.objects.filter(pk__in=[issued.plan_assignment.pk, issued.commune_assignment.pk])
    assert {a.directive for a in moved} == {issued.conclusion}


def test_a_document_already_in_the_tree_keeps_its_place_and_gains_the_reference(issued, tree):
    other = DocumentFactory(number="7-KH/BTGTU", issuer=tree.board)
    assert document_link_under(document=issued.commune_doc, parent=other) is False
    commune_doc = Document.objects.get(pk=issued.commune_doc.pk)
    assert (commune_doc.primary_parent, commune_doc.root) == (issued.plan, issued.plan)
    assert Reference.objects.filter(child=commune_doc, parent=other, relation="implements").exists()
    assert Assignment.objects.get(pk=issued.commune_assignment.pk).directive == issued.plan


def test_linking_twice_records_one_reference(issued):
    document_link_under(document=issued.plan, parent=issued.guidance)
    document_link_under(document=issued.plan, parent=issued.guidance)
    assert Reference.objects.filter(child=issued.plan, parent=issued.guidance).count() == 1


@pytest.mark.parametrize(
    ("document", "parent"),
    [
        pytest.param("plan", "plan", id="under_itself"),
        pytest.param("plan", "commune_doc", id="under_its_child"),
        pytest.param("guidance", "commune_doc", id="under_its_grandchild"),
    ],
)
def test_a_cycle_is_refused_and_nothing_is_written(issued, document, parent):
    document_link_under(document=issued.plan, parent=issued.guidance)
    before = _tree_rows()
    with pytest.raises(DocumentTreeCycle):
        document_link_under(document=getattr(issued, document), parent=getattr(issued, parent))
    assert _tree_rows() == before
