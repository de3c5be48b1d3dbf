"""`python manage.py loadtest_reports --users 50 --seconds 60`: submission under load, verified.

Builds its own units, secretaries and assignments (a fresh document per run), starts gunicorn on
127.0.0.1 (or targets `--port` of one already running with the same database), runs the load with
Locust (headless, in its own process), prints requests/s, latency percentiles and errors, and checks
the database: every submission the client saw succeed is stored exactly once, and nothing else is.
Exit status 1 if not.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cascade import gunicorn_conf
from cascade.devtools.loadtest import runner as loadtest

KINDS = ("login_form", "login", "form", "submit", "submit_repeat", "report_page")


class Command(BaseCommand):
    help = "Load-test report submission over loopback HTTP and verify every submission against the database."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--users", type=int, default=50, help="concurrent secretaries (1–500)")
        parser.add_argument("--seconds", type=float, default=60, help="length of the run (1–600 s)")
        parser.add_argument(
            "--think", type=float, default=2.0, help="mean pause between a user's steps (s), uniform 0.5–1.5× this"
        )
        parser.add_argument("--ramp", type=float, default=10.0, help="seconds over which users log in")
        parser.add_argument("--attach-every", type=int, default=5, help="every k-th submission carries a PDF")
        parser.add_argument("--repeat-share", type=float, default=0.1, help="share of submissions POSTed twice")
        parser.add_argument("--periods", type=int, default=0, help="assignments per user (default: enough)")
        parser.add_argument(
            "--workers", type=int, default=gunicorn_conf.workers, help="gunicorn workers (default: as deployed)"
        )
        parser.add_argument(
            "--threads", type=int, default=gunicorn_conf.threads, help="threads per worker (default: as deployed)"
        )
        parser.add_argument("--port", type=int, default=0, help="target a running server instead of starting one")
        parser.add_argument("--seed", type=int, default=57)
        parser.add_argument("--keep", action="store_true", help="keep this run's document, assignments and reports")
        parser.add_argument(
            "--real-password-hashing",
            action="store_true",
            help="log in at the production PBKDF2 cost (about 1 CPU-second per login here)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        users, seconds = options["users"], options["seconds"]
        if not 1 <= users <= 500 or not 1 <= seconds <= 600:
            raise CommandError("--users must be 1–500 and --seconds 1–600 (the run is bounded on purpose).")
        think, ramp = max(0.0, options["think"]), max(0.0, options["ramp"])
        # Each iteration is two paused steps; a user cannot do more than this many.
        periods = options["periods"] or int((ramp + seconds) / max(0.05, think) / 2) + 20
        today = timezone.localdate()
        self.stdout.write(f"Chuẩn bị: {users} thư ký × {periods} kỳ báo cáo …")
        real_hashing = options["real_password_hashing"]
        plan = loadtest.build_plan(users=users, periods=periods, today=today, real_hashing=real_hashing)
        cfg = loadtest.Settings(
            seconds=seconds,
            think=think,
            attach_every=max(1, options["attach_every"]),
            repeat_share=min(1.0, max(0.0, options["repeat_share"])),
            seed=options["seed"],
        )
        process = None
        port = options["port"]
        workdir = Path(tempfile.mkdtemp(prefix=f"cascade-loadtest-{plan.document_id}-"))
        try:
            if not port:
                port = loadtest.free_port()
                process = loadtest.start_gunicorn(
                    port=port,
                    workers=options["workers"],
                    threads=options["threads"],
                    log=workdir / "gunicorn.log",
                    real_hashing=real_hashing,
                )
                self.stdout.write(
                    f"gunicorn: 127.0.0.1:{port}, {options['workers']} workers × {options['threads']} threads "
                    f"(pid {process.pid}, log {workdir / 'gunicorn.log'})"
                )
            self.stdout.write(
                f"Locust: {users} người đăng nhập trong {ramp:.0f} s rồi chạy thêm {seconds:.0f} s, "
                f"nghỉ trung bình {think:.2f} s giữa các thao tác (thống kê: {workdir}/locust_*.csv) …"
            )
            cpu_before = loadtest.process_tree_cpu_seconds(process.pid) if process else None
            outcome = loadtest.run_locust(plan=plan, port=port, cfg=cfg, ramp_seconds=ramp, workdir=workdir)
            cpu_after = loadtest.process_tree_cpu_seconds(process.pid) if process else None
        finally:
            if process is not None:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except Exception:
                    process.kill()
        verdict = loadtest.verify(plan=plan, outcome=outcome)
        self._report(outcome=outcome, verdict=verdict, users=users, real_hashing=real_hashing)
        total = outcome.stats.get("Aggregated")
        if cpu_before is not None and cpu_after is not None and total and total.count:
            spent = cpu_after - cpu_before
            self.stdout.write(
                f"CPU của gunicorn: {spent:.1f} s cho {total.count} yêu cầu "
                f"({1000 * spent / total.count:.1f} ms/yêu cầu, không kể PostgreSQL) · "
                f"CPU của Locust: {outcome.locust_cpu_seconds:.1f} s · "
                f"tải máy (loadavg 1 phút) lúc kết thúc: {os.getloadavg()[0]:.1f} trên {os.cpu_count()} lõi"
            )
        if not options["keep"]:
            loadtest.remove_run(plan.document_id)
        ok = (
            outcome.logged_in == users
            and not outcome.failed_requests
            and not outcome.exceptions
            and verdict.lost == verdict.unexpected == verdict.duplicated_assignments == verdict.token_mismatch == 0
            and outcome.repeats == outcome.repeats_consistent
        )
        if not ok:
            raise CommandError("Kiểm tra không đạt: xem các con số ở trên.")

    def _report(self, *, outcome: loadtest.Outcome, verdict: loadtest.Verdict, users: int, real_hashing: bool) -> None:
        stats, run_seconds = outcome.stats, outcome.run_seconds
        login = stats.get("login")
        self.stdout.write("")
        self.stdout.write(
            f"Đăng nhập: {outcome.logged_in}/{users} người trong {outcome.login_seconds:.1f} s · "
            f"p50 {login.p50 if login else 0:.0f} ms · p95 {login.p95 if login else 0:.0f} ms "
            + (
                "(PBKDF2 1.000.000 vòng như khi chạy thật)"
                if real_hashing
                else "(tài khoản tải thử: PBKDF2 10.000 vòng)"
            )
        )
        total = stats.get("Aggregated")
        self.stdout.write(
            f"Chạy {run_seconds:.1f} s: {total.count if total else 0} yêu cầu · "
            f"{total.rps if total else 0:.1f} yêu cầu/s · "
            f"{verdict.client_ok / run_seconds if run_seconds else 0:.1f} báo cáo/s · "
            f"lỗi HTTP/timeout: {outcome.failed_requests} · lỗi phía khách: {len(outcome.exceptions)}"
        )
        self.stdout.write(f"{'loại':<14}{'số':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
        for kind in (*KINDS, "Aggregated"):
            row = stats.get(kind)
            if row is None or not row.count:
                continue
            label = "TẤT CẢ" if kind == "Aggregated" else kind
            self.stdout.write(f"{label:<14}{row.count:>7}{row.p50:>9.0f}{row.p95:>9.0f}{row.p99:>9.0f}{row.max:>9.0f}")
        self.stdout.write(
            f"Báo cáo gửi thành công (client thấy 302): {verdict.client_ok} · trong CSDL: {verdict.stored} · "
            f"mất: {verdict.lost} · thừa: {verdict.unexpected} · "
            f"việc có >1 bản gửi: {verdict.duplicated_assignments} · "
            f"sai lệch mã: {verdict.token_mismatch} · bản nháp còn lại: {verdict.drafts_left}"
        )
        self.stdout.write(
            f"Gửi lặp (double click/retry): {outcome.repeats}, trả về đúng báo cáo cũ: {outcome.repeats_consistent}"
        )
        if outcome.ran_out:
            self.stdout.write(f"Lưu ý: {outcome.ran_out} người dùng hết việc trước khi hết giờ (tăng --periods).")
        for line in (outcome.failures + outcome.exceptions)[:10]:
            self.stdout.write(f"  lỗi: {line}")
