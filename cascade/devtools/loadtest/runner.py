"""A bounded, reproducible load test of report submission over loopback HTTP.

N simulated secretaries each log in, then until the deadline: open the report form of their
next assignment, submit it (every k-th with a small PDF; a share of submissions is POSTed twice,
as a double click or a retry after a lost response would), and follow the redirect to the report.
The point is checked against the database afterwards: every submission the client saw succeed
is stored exactly once, and nothing else is.

Used by `python manage.py loadtest_reports`; stdlib HTTP only, one thread per user.
"""

from __future__ import annotations

import datetime as dt
import http.client
import io
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
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
_FORM_TOKEN = re.compile(r'name="form_token" value="([0-9a-f-]{36})"')
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_LOCK = re.compile(r'name="lock_version"(?: value="(\d*)")?')
_REPORT_URL = re.compile(r"^/bao-cao/(\d+)/$")
TIMEOUT = 30


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


# --- Client ----------------------------------------------------------------------------------


@dataclass
class Sample:
    kind: str
    status: int
    seconds: float


@dataclass
class Outcome:
    samples: list[Sample] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    submitted: list[tuple[int, str, int]] = field(default_factory=list)  # (assignment, token, report id)
    repeats: int = 0
    repeats_consistent: int = 0
    ran_out: int = 0


class Browser:
    """One person's keep-alive connection with cookies, recording every request's latency."""

    def __init__(self, host: str, port: int, outcome: Outcome, lock: threading.Lock) -> None:
        self.host, self.port = host, port
        self.cookies: dict[str, str] = {}
        self.outcome, self.lock = outcome, lock
        self.conn = http.client.HTTPConnection(host, port, timeout=TIMEOUT)

    def request(
        self, kind: str, method: str, path: str, body: bytes | None = None, content_type: str = ""
    ) -> tuple[int, dict[str, str], str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Host": f"{self.host}:{self.port}"}
        if body is not None:
            headers["Content-Type"] = content_type
            headers["Referer"] = f"http://{self.host}:{self.port}{path}"
        for attempt in (1, 2):
            start = time.perf_counter()
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                text = response.read().decode("utf-8", "replace")
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError, TimeoutError) as exc:
                # A closed keep-alive connection, or no answer in time: reconnect and resend once, as a
                # browser retry would. Safe for submissions too: they carry their form token.
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
                if isinstance(exc, TimeoutError):
                    with self.lock:
                        self.outcome.samples.append(Sample(kind, 0, time.perf_counter() - start))
                        self.outcome.errors.append(f"{kind} {path}: no answer within {TIMEOUT} s (retried)")
                if attempt == 2:
                    raise
                continue
            elapsed = time.perf_counter() - start
            break
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        with self.lock:
            self.outcome.samples.append(Sample(kind, response.status, elapsed))
        return response.status, {k.lower(): v for k, v in response.getheaders()}, text


def _multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in fields.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content, ctype) in files.items():
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {ctype}\r\n\r\n".encode()
        )
        out.write(content + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def small_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@dataclass(frozen=True)
class Settings:
    seconds: float
    think: float
    attach_every: int
    repeat_share: float
    seed: int


def log_in(browser: Browser, username: str) -> None:
    _status, _h, page = browser.request("login_form", "GET", "/dang-nhap/")
    match = _CSRF.search(page)
    if match is None:
        raise RuntimeError("the login page has no CSRF token")
    body = urllib.parse.urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": match.group(1)})
    status, _h, _t = browser.request("login", "POST", "/dang-nhap/", body.encode(), "application/x-www-form-urlencoded")
    if status != 302:
        raise RuntimeError(f"login answered {status}")


def submit_reports(
    *, browser: Browser, username: str, queue: list[int], cfg: Settings, deadline: float, outcome: Outcome
) -> None:
    """Until the deadline: open the next report form, submit it, look at the report."""
    rng = random.Random(f"{cfg.seed}-{username}")
    pdf = small_pdf()
    lock = browser.lock

    def pause() -> None:
        if cfg.think > 0:
            time.sleep(min(max(0.0, deadline - time.monotonic()), rng.uniform(0.5, 1.5) * cfg.think))

    done = 0
    for assignment_id in queue:
        pause()
        if time.monotonic() >= deadline:
            return
        form_path = f"/viec-cua-don-vi/{assignment_id}/bao-cao/"
        status, _h, page = browser.request("form", "GET", form_path)
        token_match, csrf_match = _FORM_TOKEN.search(page), _CSRF.search(page)
        if status != 200 or not token_match or not csrf_match:
            with lock:
                outcome.errors.append(f"{username}: form {assignment_id} answered {status}")
            continue
        lock_match = _LOCK.search(page)
        fields = {
            "csrfmiddlewaretoken": csrf_match.group(1),
            "form_token": token_match.group(1),
            "lock_version": (lock_match.group(1) or "") if lock_match else "",
            "action": "submit",
            "deployment": f"Đơn vị {username} đã quán triệt, triển khai đến các chi bộ (kỳ {assignment_id}).",
            "results": "Tổ chức hội nghị trực tiếp kết hợp trực tuyến.",
            "sessions_held": str(rng.randint(1, 9)),
            "participants": f"{rng.randint(50, 3000):,}".replace(",", "."),
            "members_reached": "95",
            "members_total": "100",
        }
        files = {"attachments": ("bien-ban.pdf", pdf, "application/pdf")} if done % cfg.attach_every == 0 else {}
        payload, ctype = _multipart(fields, files)
        pause()
        status, headers, _t = browser.request("submit", "POST", form_path, payload, ctype)
        location = urllib.parse.urlparse(headers.get("location", "")).path
        report = _REPORT_URL.match(location)
        if status != 302 or report is None:
            with lock:
                outcome.errors.append(f"{username}: submit {assignment_id} answered {status} → {location!r}")
            continue
        with lock:
            outcome.submitted.append((assignment_id, fields["form_token"], int(report.group(1))))
        if rng.random() < cfg.repeat_share:
            # The same POST again: a double click, or a retry after a lost response.
            status2, headers2, _t = browser.request("submit_repeat", "POST", form_path, payload, ctype)
            same = status2 == 302 and urllib.parse.urlparse(headers2.get("location", "")).path == location
            with lock:
                outcome.repeats += 1
                outcome.repeats_consistent += int(same)
        status, _h, _t = browser.request("report_page", "GET", location)
        if status != 200:
            with lock:
                outcome.errors.append(f"{username}: report page {location} answered {status}")
        done += 1
    with lock:
        outcome.ran_out += 1


@dataclass
class Timing:
    login_seconds: float = 0.0
    run_seconds: float = 0.0


def run_load(*, plan: Plan, port: int, cfg: Settings, ramp_seconds: float) -> tuple[Outcome, Timing]:
    """Everyone logs in (spread over `ramp_seconds`); then all submit for `cfg.seconds`."""
    outcome, lock = Outcome(), threading.Lock()
    browsers = {username: Browser("127.0.0.1", port, outcome, lock) for username, _queue in plan.users}
    logged_in: set[str] = set()
    timing = Timing()

    def login(index: int, username: str) -> None:
        time.sleep(ramp_seconds * index / max(1, len(plan.users)))
        try:
            log_in(browsers[username], username)
        except Exception as exc:
            with lock:
                outcome.errors.append(f"{username}: login: {type(exc).__name__}: {exc}")
            return
        with lock:
            logged_in.add(username)

    started = time.monotonic()
    _run_threads([(login, (i, username)) for i, (username, _q) in enumerate(plan.users)], limit=ramp_seconds + 300)
    timing.login_seconds = time.monotonic() - started

    start = time.monotonic()
    deadline = start + cfg.seconds
    jobs = [
        (submit_reports, (), {"browser": browsers[u], "username": u, "queue": q, "cfg": cfg, "deadline": deadline})
        for u, q in plan.users
        if u in logged_in
    ]

    def work(func: object, args: tuple[object, ...], kwargs: dict[str, object]) -> None:
        try:
            func(*args, outcome=outcome, **kwargs)  # type: ignore[operator]
        except Exception as exc:
            with lock:
                outcome.errors.append(f"{kwargs.get('username')}: {type(exc).__name__}: {exc}")

    _run_threads([(work, job) for job in jobs], limit=cfg.seconds + 2 * TIMEOUT + 30)
    timing.run_seconds = time.monotonic() - start
    for browser in browsers.values():
        browser.conn.close()
    return outcome, timing


def _run_threads(jobs: list[tuple[object, tuple[object, ...]]], *, limit: float) -> None:
    threads = [threading.Thread(target=target, args=args, daemon=True) for target, args in jobs]  # type: ignore[arg-type]
    for thread in threads:
        thread.start()
    end = time.monotonic() + limit
    for thread in threads:
        thread.join(timeout=max(0.0, end - time.monotonic()))


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


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)
