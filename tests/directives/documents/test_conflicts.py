"""A guidance whose units report after its issuer must report upward is flagged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template.loader import render_to_string

from directives.documents.conflicts import deadline_conflicts
from directives.documents.services import AssigneeInput, DocumentInput, ReferenceInput, TaskInput, document_log
from directives.models import DocumentType, Reference, Task
from tests.factories import AssignmentFactory, DocumentFactory, TaskFactory

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def central_guidance(tree):
    """111-HD/BTGTW asks the province to report to the Centre before 10/11/2023 (due 09/11)."""
    document = DocumentFactory(number="111-HD/BTGTW", issuer=tree.centre, doc_type=DocumentType.HD)
    task = TaskFactory(document=document, requires=Task.Requires.REPORT, due_on=D(2023, 11, 9), report_to=tree.centre)
    AssignmentFactory(task=task, unit=tree.province, due_on=D(2023, 11, 9))
    return document


def log_provincial_guidance(tree, report_due: dt.date, district_b_due: dt.date | None = None):
    return document_log(
        data=DocumentInput(
            number="05-HD/BTGTU",
            doc_type=DocumentType.HD,
            issuer=tree.board,
            issued_on=D(2023, 9, 12),
            references=[ReferenceInput("111-HD/BTGTW", Reference.Relation.IMPLEMENTS)],
            tasks=[
                TaskInput(
                    text="Tổ chức hội nghị quán triệt",
                    due_on=D(2023, 10, 31),
                    assignees=[AssigneeInput(tree.district_a), AssigneeInput(tree.district_b)],
                ),
                TaskInput(
                    text="Báo cáo kết quả về Ban Tuyên giáo Tỉnh ủy",
                    requires=Task.Requires.REPORT,
                    due_on=report_due,
                    assignees=[AssigneeInput(tree.district_a), AssigneeInput(tree.district_b, district_b_due)],
                ),
            ],
        )
    )


def test_units_reporting_after_the_province_reports_to_the_centre_are_flagged(tree, central_guidance):
    document = log_provincial_guidance(tree, D(2023, 11, 14), district_b_due=D(2023, 11, 16))
    (conflict,) = deadline_conflicts(document)
    assert conflict.downward.task_ordinal == 2
    assert conflict.downward.due_on == D(2023, 11, 16)  # the latest unit's deadline
    assert conflict.upward.due_on == D(2023, 11, 9)
    assert "phải báo cáo về Ban Chấp hành Trung ương chậm nhất ngày 09/11/2023 (theo 111-HD/BTGTW)" in (
        conflict.message
    )
    html = render_to_string("directives/_deadline_conflicts.html", {"conflicts": [conflict]})
    assert "Đơn vị cấp dưới có hạn đến 16/11/2023 (nhiệm vụ 2)" in html


def test_deadlines_that_leave_the_province_time_to_report_are_fine(tree, central_guidance):
    document = log_provincial_guidance(tree, D(2023, 11, 5))
    assert deadline_conflicts(document) == []
    assert render_to_string("directives/_deadline_conflicts.html", {"conflicts": []}).strip() == ""


def test_no_parent_no_conflict(tree):
    document = DocumentFactory(issuer=tree.board)
    TaskFactory(document=document, due_on=D(2024, 1, 1))
    assert deadline_conflicts(document) == []
