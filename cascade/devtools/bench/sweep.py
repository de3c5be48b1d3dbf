from __future__ import annotations

import datetime as dt
import json
import os
import resource
import time
from typing import Any

from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from cascade.devtools.bench.sweep_data import bench_build, bench_cleanup
from directives.watcher.sweep import deadlines_sweep


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def _cpu_seconds() -> tuple[float, float]:
    """CPU time of this process and of its PostgreSQL backend (same host): on a busy machine the
    wall time waits for other processes; the CPU time is what the sweep itself costs."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    mine = usage.ru_utime + usage.ru_stime
    backend = 0.0
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            (pid,) = cursor.fetchone()
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        backend = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        pass
    return mine, backend


class _QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class SweepBenchmark:
    """What `manage.py bench_sweep` runs; it writes its report to the command's stdout."""

    def __init__(self, stdout: Any, style: Any) -> None:
        self.stdout = stdout
        self.style = style

    def run(self, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("bench_sweep cần PostgreSQL (DATABASE_URL=postgres://…).")
        today = timezone.localdate()
        started = time.perf_counter()
        data = bench_build(
            assignments=options["assignments"],
            units=options["units"],
            today=today,
            spread_days=options["spread_days"],
            recurring_share=min(1.0, max(0.0, options["recurring_share"])),
        )
        build_s = time.perf_counter() - started
        self.stdout.write(
            f"built {data.assignments:,} assignments ({data.tasks} tasks × {data.units:,} units) in {build_s:.1f} s; "
            f"peak RSS so far {_peak_mb():.0f} MB"
        )
        results: dict[str, object] = {"assignments": data.assignments, "build_s": round(build_s, 1)}
        try:
            now = timezone.now()
            for label, instant in (("first", now), ("repeat", now + dt.timedelta(minutes=15))):
                counter = _QueryCounter()
                cpu_before = _cpu_seconds()
                t0 = time.perf_counter()
                with connection.execute_wrapper(counter):
                    counts = deadlines_sweep(now=instant, batch_size=options["batch"])
                seconds = time.perf_counter() - t0
                cpu_after = _cpu_seconds()
                python_cpu, db_cpu = (after - before for after, before in zip(cpu_after, cpu_before, strict=True))
                results[label] = {
                    "seconds": round(seconds, 2),
                    "python_cpu_s": round(python_cpu, 2),
                    "postgres_cpu_s": round(db_cpu, 2),
                    "queries": counter.count,
                    "peak_rss_mb": round(_peak_mb()),
                    **counts.as_dict(),
                }
                self.stdout.write(
                    f"{label} sweep: {seconds:.2f} s wall (CPU: Python {python_cpu:.1f} s + PostgreSQL backend "
                    f"{db_cpu:.1f} s; load average {os.getloadavg()[0]:.1f}), {counter.count} queries, "
                    f"peak RSS {_peak_mb():.0f} MB, {counts.as_dict()}"
                )
        finally:
            if not options["keep"]:
                t0 = time.perf_counter()
                bench_cleanup(data)
                self.stdout.write(f"cleaned up in {time.perf_counter() - t0:.1f} s")
        self.stdout.write(json.dumps(results))
