"""A bounded, reproducible load test of report submission over loopback HTTP.

N simulated secretaries each log in, then until the end of the run: open the report form of their
next assignment, submit it (every k-th with a small PDF; a share of submissions is POSTed twice,
as a double click or a retry after a lost response would), and follow the redirect to the report.
The point is checked against the database afterwards: every submission the client saw succeed
is stored exactly once, and nothing else is.

Used by `python manage.py loadtest_reports`. This module builds the data, starts gunicorn and
checks the database; the traffic and its statistics are Locust's (`locustfile.py`, run headless
in a process of its own).
"""

from __future__ import annotations

import csv
import datetime as dt
import http.client
import io
import json
import math
import os
import resource
import socket
import subprocess
import sys
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
from django.db import transaction
from django.db.models import Count
from pypdf import PdfWriter

from cascade.devtools.loadtest.hasher import LoadTestPasswordHasher
from directives.models import Assignment, DeadlineKind, Document, DocumentType, Membership, Organization, Task
from reports.models import Attachment, CompletionReport

PASSWORD = "tai-thu-bao-cao-2026"
ROOT_CODE = "loadtest-root"


# --- Fixture data ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    document_id: int
    users: list[tuple[str, list[int]]]  # (username, assignment ids in the order they are worked)


@transaction.atomic
def build_plan(*, users: int, periods: int, today: dt.date, real_hashing: bool = False) -> Plan:
    """Units and secretaries are reused between runs; each run gets a fresh document and task."""
    root = Organization.objects.filter(code=ROOT_CODE).first()
    if root is None:
        root = Organization.objects.add_root(
            {
                "code": ROOT_CODE,
                "name": "Ban Tuyên giáo (tải thử)",
                "kind": Organization.Kind.ADVISORY_BOARD,
                "level": 1,
            }
        )
    user_model = get_user_model()
    plan_users: list[tuple[str, Organization]] = []
    for i in range(1, users + 1):
        code = f"loadtest-u{i:03d}"
        unit = Organization.objects.filter(code=code).first()
        if unit is None:
            root.refresh_from_db()  # treebeard keeps numchild on the parent row
            unit = Organization.objects.add_child(root, {"code": code, "name": f"Đảng ủy tải thử {i:03d}", "level": 2})
        username = f"loadtest{i:03d}"
        user, _created = user_model.objects.get_or_create(username=username, defaults={"first_name": "Thư ký"})
        wanted = "pbkdf2_sha256$" if real_hashing else f"{LoadTestPasswordHasher.algorithm}$"
        if not user.password.startswith(wanted):  # the password itself never changes
            user.password = make_password(
                PASSWORD, hasher=PBKDF2PasswordHasher() if real_hashing else LoadTestPasswordHasher()
            )
            user.save(update_fields=["password"])
        Membership.objects.get_or_create(user=user, organization=unit, role=Membership.Role.SECRETARY)
        plan_users.append((username, unit))
    run = uuid.uuid4().hex[:8]
    document = Document.objects.create(
        number=f"{run}-KH/TT",
        doc_type=DocumentType.KH,
        issuer=root,
        issuer_name=root.name,
        issued_on=today,
        subject=f"Kế hoạch tải thử {run}",
        text="Các đơn vị báo cáo kết quả hằng ngày.",
    )
    task = Task.objects.create(
        document=document,
        ordinal=1,
        text="Báo cáo kết quả thực hiện hằng ngày (tải thử).",
        deadline_kind=DeadlineKind.RECURRING,
        recurrence="FREQ=DAILY",
        requires=Task.Requires.REPORT,
        due_on=today,
        report_to=root,
    )
    rows = [
        Assignment(
            task=task, unit=unit, period=p, due_on=today, unit_path=unit.path, directive=document, next_check_on=None
        )
        for _username, unit in plan_users
        for p in range(1, periods + 1)
    ]
    Assignment.objects.bulk_create(rows, batch_size=2000)
    by_unit: dict[int, list[int]] = defaultdict(list)
    for pk, unit_id in Assignment.objects.filter(task=task).order_by("period").values_list("pk", "unit_id"):
        by_unit[unit_id].append(pk)
    return Plan(document.pk, [(username, by_unit[unit.pk]) for username, unit in plan_users])


def remove_run(document_id: int) -> None:
    files = list(
        Attachment.objects.filter(report__assignment__task__document_id=document_id).values_list("file", flat=True)
    )
    Document.objects.filter(pk=document_id).delete()  # tasks, assignments, reports, attachments cascade
    storage = Attachment.file.field.storage
    for name in set(files) - set(Attachment.objects.filter(file__in=files).values_list("file", flat=True)):
        storage.delete(name)


# --- Server ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_gunicorn(
    *, port: int, workers: int, threads: int, log: Path, real_hashing: bool = False
) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cascade.devtools.loadtest.settings",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
        "CASCADE_LOADTEST_REAL_HASHING": "1" if real_hashing else "0",
        "WEB_ACCESS_LOG": "",
    }
    # The deployed configuration (cascade/gunicorn_conf.py), with the run's port and process shape.
    command = [
        sys.executable, "-m", "gunicorn", "cascade.wsgi", "--config", "python:cascade.gunicorn_conf",
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
        "--graceful-timeout", "5",
    ]  # fmt: skip
    handle = log.open("wb")
    process = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stdout=handle, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}; see {log}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/dang-nhap/")
            if conn.getresponse().status == 200:
                conn.close()
                return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise RuntimeError(f"gunicorn did not answer within 60 s; see {log}")


def process_tree_cpu_seconds(root_pid: int) -> float | None:
    """User+system CPU of a process and its children (Linux /proc), so the server's cost per
    request can be reported independently of what else the machine is doing."""
    tick = os.sysconf("SC_CLK_TCK")
    total, found = 0, False
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry.name), int(fields[1])
        if pid == root_pid or ppid == root_pid:
            total += int(fields[11]) + int(fields[12])  # utime, stime
            found = True
    return total / tick if found else None


# --- Traffic (Locust, in its own process) ----------------------------------------------------

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
TIMEOUT = 30  # seconds a request may take (the locustfile's network timeout)


@dataclass(frozen=True)
class Settings:
    seconds: float
    think: float
    attach_every: int
    repeat_share: float
    seed: int


@dataclass(frozen=True)
class Row:
    """One line of Locust's `_stats.csv`: a request name, or "Aggregated" for all of them. Times in ms."""

    name: str
    count: int
    failures: int
    rps: float
    p50: float
    p95: float
    p99: float
    max: float


@dataclass
class Outcome:
    submitted: list[tuple[int, str, int]] = field(default_factory=list)  # (assignment, token, report id)
    repeats: int = 0
    repeats_consistent: int = 0
    ran_out: int = 0
    logged_in: int = 0
    login_seconds: float = 0.0
    stats: dict[str, Row] = field(default_factory=dict)  # by request name, and "Aggregated"
    failures: list[str] = field(default_factory=list)  # Locust's failed requests, grouped
    exceptions: list[str] = field(default_factory=list)  # errors raised in the locustfile
    locust_cpu_seconds: float = 0.0

    @property
    def failed_requests(self) -> int:
        total = self.stats.get("Aggregated")
        return total.failures if total else 0

    @property
    def run_seconds(self) -> float:
        total = self.stats.get("Aggregated")
        return total.count / total.rps if total and total.rps else 0.0


def small_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def run_locust(*, plan: Plan, port: int, cfg: Settings, ramp_seconds: float, workdir: Path) -> Outcome:
    """Run the locustfile headless against 127.0.0.1:`port`: users start over `ramp_seconds` (each
    logs in), and all stop `cfg.seconds` after the last has started; a user in the middle of a
    submission finishes it first. Returns what Locust measured and what the users saw."""
    users = len(plan.users)
    plan_file, outcome_file, pdf_file = workdir / "plan.json", workdir / "outcome.json", workdir / "bien-ban.pdf"
    outcome_file.unlink(missing_ok=True)
    pdf_file.write_bytes(small_pdf())
    plan_file.write_text(
        json.dumps(
            {
                "users": plan.users,
                "password": PASSWORD,
                "think": cfg.think,
                "attach_every": cfg.attach_every,
                "repeat_share": cfg.repeat_share,
                "seed": cfg.seed,
                "pdf": str(pdf_file),
                "out": str(workdir),
            }
        )
    )
    run_time = math.ceil(ramp_seconds + cfg.seconds)
    # Long enough for a submission started just before the end (two requests and the report page).
    stop_timeout = math.ceil(3 * TIMEOUT + 2 * cfg.think)
    command = [
        sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--only-summary",
        "--users", str(users), "--spawn-rate", f"{users / ramp_seconds if ramp_seconds > 0 else users:.3f}",
        "--run-time", f"{run_time}s", "--stop-timeout", str(stop_timeout),
        "--host", f"http://127.0.0.1:{port}", "--plan", str(plan_file),
    ]  # fmt: skip
    cpu_before = _children_cpu_seconds()
    with (workdir / "locust.log").open("wb") as log:
        # Not in this process: Locust patches the standard library with gevent when imported.
        # check=False: its exit status is 1 whenever a request failed; the figures below say which.
        subprocess.run(
            command, stdout=log, stderr=subprocess.STDOUT, timeout=run_time + stop_timeout + 120, check=False
        )
    if not outcome_file.exists():
        raise RuntimeError(f"Locust did not finish; see {workdir / 'locust.log'}")
    seen = json.loads(outcome_file.read_text())
    logins = seen["logins"]
    return Outcome(
        submitted=[(int(a), str(t), int(r)) for a, t, r in seen["submitted"]],
        repeats=seen["repeats"],
        repeats_consistent=seen["repeats_consistent"],
        ran_out=seen["ran_out"],
        logged_in=len(logins),
        login_seconds=max(end for _s, end in logins) - min(start for start, _e in logins) if logins else 0.0,
        stats=read_stats(workdir / "locust_stats.csv"),
        failures=[
            f"{row['Occurrences']}× {row['Method']} {row['Name']}: {row['Error']}"
            for row in _csv_rows(workdir / "locust_failures.csv")
        ],
        exceptions=[f"{row['Count']}× {row['Message']}" for row in _csv_rows(workdir / "locust_exceptions.csv")],
        locust_cpu_seconds=_children_cpu_seconds() - cpu_before,
    )


def read_stats(path: Path) -> dict[str, Row]:
    """Locust's `_stats.csv`, by request name (percentiles are "N/A" for a name without requests)."""

    def ms(value: str) -> float:
        try:
            return float(value)
        except ValueError:
            return 0.0

    return {
        row["Name"]: Row(
            name=row["Name"],
            count=int(row["Request Count"]),
            failures=int(row["Failure Count"]),
            rps=ms(row["Requests/s"]),
            p50=ms(row["50%"]),
            p95=ms(row["95%"]),
            p99=ms(row["99%"]),
            max=ms(row["Max Response Time"]),
        )
        for row in _csv_rows(path)
    }


def _csv_rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# --- Verification and figures ----------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    client_ok: int
    stored: int
    lost: int
    unexpected: int
    duplicated_assignments: int
    token_mismatch: int
    drafts_left: int


def verify(*, plan: Plan, outcome: Outcome) -> Verdict:
    """Compare what the client saw succeed with what the database holds for this run."""
    sent = CompletionReport.objects.filter(assignment__task__document_id=plan.document_id).exclude(
        status=CompletionReport.Status.DRAFT
    )
    stored = {
        str(token): (assignment_id, pk)
        for pk, assignment_id, token in sent.values_list("pk", "assignment_id", "submission_token")
    }
    seen = {token: (assignment_id, report_id) for assignment_id, token, report_id in outcome.submitted}
    duplicated = sent.values("assignment_id").annotate(n=Count("pk")).filter(n__gt=1).count()
    drafts = CompletionReport.objects.filter(
        assignment__task__document_id=plan.document_id, status=CompletionReport.Status.DRAFT
    ).count()
    return Verdict(
        client_ok=len(seen),
        stored=len(stored),
        lost=sum(1 for token in seen if token not in stored),
        unexpected=sum(1 for token in stored if token not in seen),
        duplicated_assignments=duplicated,
        token_mismatch=sum(1 for token, value in seen.items() if token in stored and stored[token] != value),
        drafts_left=drafts,
    )
