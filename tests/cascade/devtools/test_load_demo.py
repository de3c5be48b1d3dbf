from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from cascade.devtools.demo.loader import load_demo
from directives.deadlines.scheduling import due_soon_until
from directives.models import Assignment, Document, Membership, Organization, Reference, Task
from directives.timeliness import Timeliness
from reports.models import CompletionReport

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)


def _counts() -> dict[str, int]:
    models = (Organization, Document, Reference, Task, Assignment, Membership, CompletionReport)
    return {m.__name__: m.objects.count() for m in models}


def test_loading_twice_leaves_the_same_counts():
    load_demo(today=TODAY)
    first = _counts()
    load_demo(today=TODAY)
    assert _counts() == first
    assert first["Organization"] >= 50


def test_the_command_prints_the_demo_credentials():
    out = StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue()
    for username in ("quantri", "lanhdao", "canbo", "thuky"):
        assert username in text
    assert "cascade-demo" in text


def test_the_seed_documents_form_the_issuance_tree():
    load_demo(today=TODAY)
    kl57 = Document.objects.get(number="57-KL/TW")
    hd111 = Document.objects.get(number="111-HD/BTGTW")
    cv5763 = Document.objects.get(number="5763-CV/TU")
    dong_nai = Document.objects.get(issuer__code="btg-dongnai", number__isnull=True)
    assert hd111.primary_parent == kl57
    assert hd111.is_placeholder
    assert cv5763.primary_parent == hd111
    assert dong_nai.primary_parent == cv5763
    assert dong_nai.root == kl57
    copy = Document.objects.get(number="658-BS/TU")
    assert copy.references_out.get().relation == Reference.Relation.COPIES
    assert (copy.received_number, copy.received_on) == ("538", dt.date(2023, 6, 27))
    assert Document.objects.get(number="81-HD/BTGDUK").root.number == "16-KL/TW"


def test_assignments_come_in_every_state():
    load_demo(today=TODAY)
    soon = due_soon_until(today=TODAY)
    states = {a.timeliness(today=TODAY, due_soon_until=soon) for a in Assignment.objects.all()}
    assert {
        Timeliness.DONE_ON_TIME,
        Timeliness.DONE_LATE,
        Timeliness.OVERDUE,
        Timeliness.DUE_SOON,
        Timeliness.ON_TRACK,
    } <= states


def test_the_demo_secretary_has_overdue_and_upcoming_work():
    load_demo(today=TODAY)
    mine = Assignment.objects.filter(unit__code="hu-trangbom")
    soon = due_soon_until(today=TODAY)
    states = {a.timeliness(today=TODAY, due_soon_until=soon) for a in mine}
    assert {Timeliness.OVERDUE, Timeliness.DUE_SOON, Timeliness.ON_TRACK} <= states
