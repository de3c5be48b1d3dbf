from __future__ import annotations

import datetime as dt

import pytest

from directives.documents.services import (
    AssigneeInput,
    DocumentAlreadyLogged,
    DocumentInput,
    ReferenceInput,
    TaskInput,
    document_log,
    type_code_from_number,
)
from directives.models import Assignment, Document, Reference

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
