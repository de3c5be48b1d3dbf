"""Fixtures for the report side: a guidance with a report task sent to two sibling districts,
evidence files built in memory, and uploads kept in a temporary MEDIA_ROOT."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import QuerySet
from django.utils import timezone

from directives.models import Assignment, Document, Membership, Task
from tests.conftest import SmallTree
from tests.factories import (
    AssignmentFactory,
    DocumentFactory,
    MembershipFactory,
    OrganizationFactory,
    TaskFactory,
    UserFactory,
)

DUE = dt.date(2023, 11, 9)

# `every_case`: due dates around EDGE_DAY (a Monday; every day of the next week, so a "due soon"
# cutoff of a few working days falls inside), submission days relative to the due date (or to EDGE_DAY).
EDGE_DAY = dt.date(2026, 11, 23)
EDGE_DUES = [None, *(EDGE_DAY + dt.timedelta(days=d) for d in (-40, -1, 0, 1, 2, 3, 4, 5, 6, 7, 30))]
EDGE_SUBMITTED = [None, -3, 0, 1, 12]


@dataclass
class Cascade:
    document: Document
    task: Task
    mine: Assignment  # district_a's: secretary_a prepares it
    sibling: Assignment  # district_b's
    commune: Assignment  # commune_a's, set by district_a's own guidance


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Password hashing is deliberately slow; these tests create many users and log them in."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def cascade(tree: SmallTree) -> Cascade:
    document = DocumentFactory(
        issuer=tree.board,
        issuer_name=tree.board.name,
        number=None,
        text="I. MỤC ĐÍCH\n\nNâng cao nhận thức.\n\nIII. TỔ CHỨC THỰC HIỆN\n\n1. Các huyện ủy báo cáo kết quả "
        "nghiên cứu, học tập, quán triệt Kết luận số 57-KL/TW về Ban Tuyên giáo Tỉnh ủy trước ngày 10/11/2023.",
    )
    task = TaskFactory(
        document=document,
        text="Báo cáo kết quả nghiên cứu, học tập, quán triệt Kết luận số 57-KL/TW về Ban Tuyên giáo Tỉnh ủy.",
        requires=Task.Requires.REPORT,
        due_on=DUE,
        deadline_text="trước ngày 10/11/2023",
        report_to=tree.board,
    )
    mine = AssignmentFactory(task=task, unit=tree.district_a)
    sibling = AssignmentFactory(task=task, unit=tree.district_b)
    district_doc = DocumentFactory(issuer=tree.district_a, number="12-HD/HU", primary_parent=document, root=document)
    district_task = TaskFactory(document=district_doc, due_on=dt.date(2023, 10, 31), report_to=tree.district_a)
    commune = AssignmentFactory(task=district_task, unit=tree.commune_a)
    return Cascade(document, task, mine, sibling, commune)


@pytest.fixture
def board_staff(tree: SmallTree):
    """A reviewer at the receiving unit itself (the province's staff reviews too: its subtree)."""
    user = UserFactory(username="canbo_btg")
    MembershipFactory(user=user, organization=tree.board, role=Membership.Role.STAFF)
    return user


@pytest.fixture
def district_staff(tree: SmallTree):
    user = UserFactory(username="canbo_huyen")
    MembershipFactory(user=user, organization=tree.district_a, role=Membership.Role.STAFF)
    return user


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def every_case(db) -> QuerySet[Assignment]:
    """One assignment per (status, due date, submission day): every edge of the four-way status."""
    unit = OrganizationFactory()
    task = TaskFactory()
    rows = []
    combinations = itertools.product(Assignment.Status.values, EDGE_DUES, EDGE_SUBMITTED)
    for period, (status, due, offset) in enumerate(combinations):
        done = status in Assignment.DONE_STATUSES
        if done and offset is None:
            continue  # a submitted report always has a day
        submitted_on = None if offset is None else (due or EDGE_DAY) + dt.timedelta(days=offset)
        submitted_at = timezone.make_aware(dt.datetime.combine(submitted_on, dt.time(10))) if submitted_on else None
        rows.append(
            Assignment(
                task=task, unit=unit, period=period, status=status, due_on=due,
                submitted_on=submitted_on, submitted_at=submitted_at, unit_path=unit.path,
            )
        )  # fmt: skip
    Assignment.objects.bulk_create(rows)
    return Assignment.objects.filter(task=task)
