"""The traffic of `manage.py loadtest_reports`: Locust users who are unit secretaries submitting reports.

Run by the command as `locust -f locustfile.py --headless … --plan PLAN.json`, in its own process
(Locust patches the standard library with gevent; Django never imports this file). It imports
nothing from Cascade: the plan file gives the accounts and assignments to work through.

Each simulated secretary logs in (Locust's on_start), then, one task per assignment: opens its
report form, pauses, submits it (every k-th with a small PDF; a share POSTed twice, as a double click
or a retry after a lost response would) and opens the report the answer redirects to. Locust keeps
the timings and failures. When it quits, they are written in its CSV format beside what the database
check needs: each submission the client saw succeed, with its form token and report id.
"""

from __future__ import annotations

import csv
import json
import random
import re
import time
import urllib.parse
import uuid
from pathlib import Path
from typing import Any

import gevent
from locust import FastHttpUser, events, task
from locust.exception import StopUser
from locust.stats import PERCENTILES_TO_REPORT, StatsCSV

_FORM_TOKEN = re.compile(r'name="form_token" value="([0-9a-f-]{36})"')
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_LOCK = re.compile(r'name="lock_version"(?: value="(\d*)")?')
_REPORT_URL = re.compile(r"^/bao-cao/(\d+)/$")

PLAN: dict[str, Any] = {}
OUTCOME: dict[str, Any] = {"submitted": [], "repeats": 0, "repeats_consistent": 0, "ran_out": 0, "logins": []}
_accounts: list[tuple[str, list[int]]] = []  # handed out to users as they start, last first


@events.init_command_line_parser.add_listener
def _plan_option(parser: Any) -> None:
    parser.add_argument("--plan", default="", help="plan file written by manage.py loadtest_reports")


@events.init.add_listener
def _read_plan(environment: Any, **_kwargs: Any) -> None:
    PLAN.update(json.loads(Path(environment.parsed_options.plan).read_text()))
    PLAN["pdf_bytes"] = Path(PLAN["pdf"]).read_bytes()
    _accounts.extend((username, list(queue)) for username, queue in reversed(PLAN["users"]))
    # gevent's timers count from the loop's cached clock, last read before Locust's imports: on a
    # busy machine those take seconds, and --run-time would end the run that much early (measured:
    # a 10 s run stopped after 5 s at load 11 on 2 cores).
    gevent.get_hub().loop.update_now()


@events.quitting.add_listener
def _write_results(environment: Any, **_kwargs: Any) -> None:
    """Once every user has stopped: what the users saw, and Locust's final tables in its --csv format.
    (Locust's own --csv files are rewritten once a second and miss the end of a run with --stop-timeout,
    locustio/locust#1806 and #2299.)"""
    out = Path(PLAN["out"])
    (out / "outcome.json").write_text(json.dumps(OUTCOME))
    tables = StatsCSV(environment, PERCENTILES_TO_REPORT)
    for name, write in (
        ("stats", tables.requests_csv),
        ("failures", tables.failures_csv),
        ("exceptions", tables.exceptions_csv),
    ):
        with (out / f"locust_{name}.csv").open("w", newline="", encoding="utf-8") as handle:
            write(csv.writer(handle))


def _multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    for name, (filename, content, ctype) in files.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        parts.append(f"{head}Content-Type: {ctype}\r\n\r\n".encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Secretary(FastHttpUser):
    network_timeout = connection_timeout = 30.0
    # A keep-alive connection the server closed is reopened and the request sent again, as a browser
    # would; safe for submissions too, they carry their form token.
    max_retries = 1

    def wait_time(self) -> float:
        return float(self.rng.uniform(0.5, 1.5) * PLAN["think"])

    def on_start(self) -> None:
        if not _accounts:
            raise StopUser()
        self.username, self.queue = _accounts.pop()
        self.rng = random.Random(f"{PLAN['seed']}-{self.username}")
        self.done = 0
        started = time.time()
        page = self.client.get("/dang-nhap/", name="login_form").text or ""
        csrf = _CSRF.search(page)
        body = urllib.parse.urlencode(
            {
                "username": self.username,
                "password": PLAN["password"],
                "csrfmiddlewaretoken": csrf.group(1) if csrf else "",
            }
        )
        with self.client.post(
            "/dang-nhap/",
            name="login",
            data=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"{self.username}: login answered {response.status_code}")
                raise StopUser()
        OUTCOME["logins"].append((started, time.time()))
        self.wait()

    @task
    def report_one(self) -> None:
        """Open the next assignment's report form, submit it, look at the report."""
        if not self.queue:
            OUTCOME["ran_out"] += 1
            raise StopUser()
        assignment_id = self.queue.pop(0)
        form_path = f"/viec-cua-don-vi/{assignment_id}/bao-cao/"
        with self.client.get(form_path, name="form", catch_response=True) as response:
            page = response.text or ""
            token, csrf, lock = _FORM_TOKEN.search(page), _CSRF.search(page), _LOCK.search(page)
            if response.status_code != 200 or not token or not csrf:
                response.failure(f"{self.username}: form {assignment_id} answered {response.status_code}")
                return
        fields = {
            "csrfmiddlewaretoken": csrf.group(1),
            "form_token": token.group(1),
            "lock_version": (lock.group(1) or "") if lock else "",
            "action": "submit",
            "deployment": f"Đơn vị {self.username} đã quán triệt, triển khai đến các chi bộ (kỳ {assignment_id}).",
            "results": "Tổ chức hội nghị trực tiếp kết hợp trực tuyến.",
            "sessions_held": str(self.rng.randint(1, 9)),
            "participants": f"{self.rng.randint(50, 3000):,}".replace(",", "."),
            "members_reached": "95",
            "members_total": "100",
        }
        attach = self.done % PLAN["attach_every"] == 0
        files = {"attachments": ("bien-ban.pdf", PLAN["pdf_bytes"], "application/pdf")} if attach else {}
        body, ctype = _multipart(fields, files)
        payload: Any = body  # bytes, which geventhttpclient sends as they are (Locust's annotation says str)
        headers = {"Content-Type": ctype, "Referer": f"{self.host}{form_path}"}
        # Filling in the form. A user stopped while waiting here has nothing in flight.
        self.wait()

        with self.client.post(
            form_path, name="submit", data=payload, headers=headers, allow_redirects=False, catch_response=True
        ) as response:
            location = urllib.parse.urlparse(response.headers.get("location", "") if response.headers else "").path
            report = _REPORT_URL.match(location)
            if response.status_code != 302 or report is None:
                response.failure(
                    f"{self.username}: submit {assignment_id} answered {response.status_code} → {location!r}"
                )
                return
            OUTCOME["submitted"].append((assignment_id, fields["form_token"], int(report.group(1))))
        if self.rng.random() < PLAN["repeat_share"]:
            # The same POST again: a double click, or a retry after a lost response.
            with self.client.post(
                form_path,
                name="submit_repeat",
                data=payload,
                headers=headers,
                allow_redirects=False,
                catch_response=True,
            ) as again:
                answer = urllib.parse.urlparse(again.headers.get("location", "") if again.headers else "").path
                OUTCOME["repeats"] += 1
                OUTCOME["repeats_consistent"] += int(again.status_code == 302 and answer == location)
        self.client.get(location, name="report_page")
        self.done += 1
