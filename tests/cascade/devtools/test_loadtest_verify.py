"""The load test's verdict is the point of the load test: check it tells lost from duplicated."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from cascade.devtools.loadtest import runner as loadtest
from reports.completion.services import ReportData, report_submit
from reports.models import CompletionReport

pytestmark = pytest.mark.django_db


def submit(assignment_id: int, user) -> tuple[int, str, int]:
    from directives.models import Assignment

    token = uuid.uuid4()
    report = report_submit(
        assignment=Assignment.objects.get(pk=assignment_id),
        submitted_by=user,
        data=ReportData(deployment="a", results="b"),
        base_lock=None,
        token=token,
    ).report
    return (assignment_id, str(token), report.pk)


def test_the_verdict_counts_lost_unexpected_and_duplicated_submissions(django_user_model):
    plan = loadtest.build_plan(users=2, periods=3, today=dt.date(2026, 11, 23))
    user = django_user_model.objects.get(username=plan.users[0][0])
    first, second, third = (submit(pk, user) for pk in plan.users[0][1])
    outcome = loadtest.Outcome(submitted=[first, second, (plan.users[1][1][0], str(uuid.uuid4()), 0)])
    verdict = loadtest.verify(plan=plan, outcome=outcome)
    assert (verdict.client_ok, verdict.stored, verdict.lost, verdict.unexpected) == (3, 3, 1, 1)
    assert verdict.duplicated_assignments == 0

    CompletionReport.objects.filter(pk=third[2]).update(assignment_id=first[0], version=2)
    assert loadtest.verify(plan=plan, outcome=outcome).duplicated_assignments == 1


def test_the_plan_reuses_units_and_accounts_between_runs():
    first = loadtest.build_plan(users=2, periods=1, today=dt.date(2026, 11, 23))
    second = loadtest.build_plan(users=2, periods=1, today=dt.date(2026, 11, 23))
    assert [u for u, _ in first.users] == [u for u, _ in second.users]
    assert first.document_id != second.document_id
    loadtest.remove_run(first.document_id)
    assert CompletionReport.objects.count() == 0


def test_percentiles_interpolate():
    assert loadtest.percentile([0.1, 0.2, 0.3, 0.4, 0.5], 0.5) == pytest.approx(0.3)
    assert loadtest.percentile([1.0, 2.0], 0.95) == pytest.approx(1.95)
    assert loadtest.percentile([], 0.95) == 0.0
