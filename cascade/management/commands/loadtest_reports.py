"""`python manage.py loadtest_reports --users 50 --seconds 60`: submission under load, verified.

Builds its own units, secretaries and assignments (a fresh document per run), starts gunicorn on
127.0.0.1 (or targets `--port` of one already running with the same database), runs the load,
prints requests/s, latency percentiles and errors, and checks the database: every submission the
client saw succeed is stored exactly once, and nothing else is. Exit status 1 if not.
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
        think = max(0.0, options["think"])
        # Each iteration is two paused steps; a user cannot do more than this many.
        periods = options["periods"] or int(seconds / max(0.05, think) / 2) + 20
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
        log = Path(tempfile.gettempdir()) / f"cascade-loadtest-{plan.document_id}.log"
        try:
            if not port:
                port = loadtest.free_port()
                process = loadtest.start_gunicorn(
                    port=port,
                    workers=options["workers"],
                    threads=options["threads"],
                    log=log,
                    real_hashing=real_hashing,
                )
                self.stdout.write(
                    f"gunicorn: 127.0.0.1:{port}, {options['workers']} workers × {options['threads']} threads "
                    f"(pid {process.pid}, log {log})"
                )
            self.stdout.write(f"Chạy {seconds:.0f} s, nghỉ trung bình {think:.2f} s giữa các thao tác …")
            cpu_before = loadtest.process_tree_cpu_seconds(process.pid) if process else None
            outcome, timing = loadtest.run_load(plan=plan, port=port, cfg=cfg, ramp_seconds=options["ramp"])
            cpu_after = loadtest.process_tree_cpu_seconds(process.pid) if process else None
        finally:
            if process is not None:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except Exception:
                    process.kill()
        verdict = loadtest.verify(plan=plan, outcome=outcome)
        self._report(outcome=outcome, verdict=verdict, timing=timing, users=users, real_hashing=real_hashing)
        if cpu_before is not None and cpu_after is not None and outcome.samples:
            spent = cpu_after - cpu_before
            self.stdout.write(
                f"CPU của gunicorn: {spent:.1f} s cho {len(outcome.samples)} yêu cầu "
                f"({1000 * spent / len(outcome.samples):.1f} ms/yêu cầu, không kể PostgreSQL) · "
                f"tải máy (loadavg 1 phút) lúc kết thúc: {os.getloadavg()[0]:.1f} trên {os.cpu_count()} lõi"
            )
        if not options["keep"]:
            loadtest.remove_run(plan.document_id)
        ok = (
            not outcome.errors
            and verdict.lost == verdict.unexpected == verdict.duplicated_assignments == verdict.token_mismatch == 0
            and outcome.repeats == outcome.repeats_consistent
        )
        if not ok:
            raise CommandError("Kiểm tra không đạt: xem các con số ở trên.")

    def _report(
        self,
        *,
        outcome: loadtest.Outcome,
        verdict: loadtest.Verdict,
        timing: loadtest.Timing,
        users: int,
        real_hashing: bool,
    ) -> None:
        p = loadtest.percentile
        samples = outcome.samples
        logins = [s for s in samples if s.kind.startswith("login")]
        steady = [s for s in samples if not s.kind.startswith("login")]
        self.stdout.write("")
        self.stdout.write(
            f"Đăng nhập: {users} người trong {timing.login_seconds:.1f} s · "
            f"p50 {1000 * p([s.seconds for s in logins if s.kind == 'login'], 0.5):.0f} ms · "
            f"p95 {1000 * p([s.seconds for s in logins if s.kind == 'login'], 0.95):.0f} ms "
            + (
                "(PBKDF2 1.000.000 vòng như khi chạy thật)"
                if real_hashing
                else "(tài khoản tải thử: PBKDF2 10.000 vòng)"
            )
        )
        bad = [s for s in steady if s.status >= 400 or s.status == 0]
        self.stdout.write(
            f"Gửi báo cáo trong {timing.run_seconds:.1f} s: {len(steady)} yêu cầu · "
            f"{len(steady) / timing.run_seconds:.1f} yêu cầu/s · "
            f"{verdict.client_ok / timing.run_seconds:.1f} báo cáo/s · lỗi HTTP/timeout: {len(bad)} · "
            f"lỗi phía khách: {len(outcome.errors)}"
        )
        self.stdout.write(f"{'loại':<14}{'số':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
        for kind in (*KINDS, "STEADY"):
            values = [s.seconds for s in steady] if kind == "STEADY" else [s.seconds for s in samples if s.kind == kind]
            if not values:
                continue
            self.stdout.write(
                f"{kind:<14}{len(values):>7}{1000 * p(values, 0.5):>9.0f}{1000 * p(values, 0.95):>9.0f}"
                f"{1000 * p(values, 0.99):>9.0f}{1000 * max(values):>9.0f}"
            )
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
        for line in outcome.errors[:10]:
            self.stdout.write(f"  lỗi: {line}")
