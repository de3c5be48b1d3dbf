"""Numbers from the unit's register: per issuer, type and term (Party) or year (State), never twice."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from django.db import connection, transaction

from reports.models import CommitteeTerm, OutgoingDocument, OutgoingRegister, RenderedReport
from reports.pdf.numbering import default_term_start, number_allocate
from reports.pdf.services import render_request

DAY = dt.date(2026, 3, 10)


@pytest.mark.django_db
def test_party_numbers_run_per_type_within_a_term(tree):
    first = number_allocate(issuer=tree.board, doc_type="BC", on=DAY)
    second = number_allocate(issuer=tree.board, doc_type="BC", on=DAY)
    plan = number_allocate(issuer=tree.board, doc_type="KH", on=DAY)
    other_unit = number_allocate(issuer=tree.district_a, doc_type="BC", on=DAY)
    next_year_same_term = number_allocate(issuer=tree.board, doc_type="BC", on=dt.date(2027, 1, 5))

    assert [first.number, second.number, plan.number, other_unit.number] == [1, 2, 1, 1]
    assert next_year_same_term.number == 3  # Party numbering does not restart on 1 January
    assert first.period == "term:default-2025"


@pytest.mark.django_db
def test_a_new_committee_term_restarts_at_01(tree):
    CommitteeTerm.objects.create(
        organization=tree.province,
        name="Nhiệm kỳ 2020 - 2025",
        starts_on=dt.date(2020, 10, 15),
        ends_on=dt.date(2025, 9, 30),
    )
    CommitteeTerm.objects.create(
        organization=tree.province, name="Nhiệm kỳ 2025 - 2030", starts_on=dt.date(2025, 10, 1)
    )
    old = number_allocate(issuer=tree.board, doc_type="BC", on=dt.date(2025, 9, 1))
    number_allocate(issuer=tree.board, doc_type="BC", on=dt.date(2025, 9, 2))
    new = number_allocate(issuer=tree.board, doc_type="BC", on=dt.date(2025, 10, 2))

    assert old.number == 1
    assert new.number == 1  # the board follows its committee's term (nearest ancestor with a term)
    assert OutgoingRegister.objects.get(period=new.period).period_label == "Nhiệm kỳ 2025 - 2030"


@pytest.mark.django_db
def test_state_numbers_restart_every_year(tree):
    tree.district_b.is_party = False
    tree.district_b.symbol_code = "UBND"
    tree.district_b.save()
    december = number_allocate(issuer=tree.district_b, doc_type="BC", on=dt.date(2025, 12, 30))
    january = number_allocate(issuer=tree.district_b, doc_type="BC", on=dt.date(2026, 1, 2))

    assert (december.number, january.number) == (1, 1)
    assert january.symbol == "01/BC-UBND"


def test_the_default_term_starts_after_the_autumn_congresses():
    assert default_term_start(dt.date(2025, 9, 30)) == dt.date(2020, 10, 1)
    assert default_term_start(dt.date(2025, 10, 1)) == dt.date(2025, 10, 1)


def _in_threads(target, count=2):
    barrier = threading.Barrier(count)
    results, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(target())
        except Exception as exc:  # surfaced by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors, errors
    return results


@pytest.mark.django_db(transaction=True)
def test_two_people_numbering_at_once_get_different_numbers(tree):
    def allocate():
        with transaction.atomic():
            doc = number_allocate(issuer=tree.board, doc_type="BC", on=DAY)
            time.sleep(0.3)  # hold the transaction open: the other one must wait, not reuse
            return doc.number

    numbers = _in_threads(allocate, count=3)

    assert sorted(numbers) == [1, 2, 3]
    assert OutgoingRegister.objects.get(organization=tree.board, doc_type="BC").last_number == 3


@pytest.mark.django_db(transaction=True)
def test_two_people_rendering_the_same_data_at_once_issue_one_document(tree):
    payload = {
        "kind": "aggregate",
        "head": {"type_code": "BC", "subject": "Tổng hợp kết quả", "profile": "HD36-2018"},
        "rows": 3,
    }

    def claim():
        return render_request(
            kind=RenderedReport.Kind.AGGREGATE,
            subject_key=f"aggregate:0:{tree.board.pk}",
            unit=tree.board,
            payload=payload,
            today=DAY,
            requested_by=None,
        ).render.pk

    ids = _in_threads(claim)

    assert len(set(ids)) == 1
    assert OutgoingDocument.objects.filter(organization=tree.board).count() == 1
    assert OutgoingRegister.objects.get(organization=tree.board).last_number == 1
