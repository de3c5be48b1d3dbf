"""The load test's verdict is the point of the load test: check it tells lost from duplicated, and
that a real (short) Locust run against a live server comes out clean."""

from __future__ import annotations

import datetime as dt
import io
import re
import urllib.parse
import uuid

import pytest
from django.core.management import call_command

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


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_short_locust_run_stores_every_submission_exactly_once(live_server, settings, tmp_path):
    settings.PASSWORD_HASHERS = ["cascade.devtools.loadtest.hasher.LoadTestPasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    out = io.StringIO()
    call_command(  # raises CommandError unless the database holds exactly what the client saw
        "loadtest_reports",
        users=2,
        seconds=8,
        ramp=0,
        think=0.3,
        repeat_share=0.5,
        port=urllib.parse.urlparse(live_server.url).port,
        stdout=out,
    )
    text = out.getvalue()
    sent = re.search(r"client thấy 302\): (\d+) · trong CSDL: (\d+) · mất: 0 · thừa: 0", text)
    assert sent is not None, text
    assert int(sent.group(1)) == int(sent.group(2)) > 0
    assert re.search(r"^submit\s+\d+", text, re.MULTILINE), "Locust's figures for submissions are printed"
    assert "lỗi HTTP/timeout: 0 · lỗi phía khách: 0" in text
    assert CompletionReport.objects.count() == 0, "the run's reports are removed afterwards"
