"""`make run`'s embedded default, for real: beat sweeps on its own and the demo secretary gets notices."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent

pytestmark = pytest.mark.slow


@pytest.fixture
def embedded_env(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"}
    }
    env.update(CASCADE_VAR_DIR=str(tmp_path / "var"), DJANGO_SETTINGS_MODULE="cascade.settings")
    env["SWEEP_INTERVAL_MINUTES"] = "1"
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=180
    )
    return done.stdout


COUNT = (
    "from directives.models import Notification; "
    "print(Notification.objects.filter(recipient__username='thuky').count())"
)


def test_beat_sweeps_by_itself_and_the_demo_secretary_gets_notices(embedded_env, tmp_path):
    _manage(embedded_env, "migrate", "--no-input", "-v0")
    _manage(embedded_env, "load_demo")
    assert _manage(embedded_env, "shell", "-c", COUNT).strip().splitlines()[-1] == "0"
    logs = tmp_path / "logs"
    logs.mkdir()
    processes = [
        subprocess.Popen(
            [str(BIN / "celery"), "-A", "cascade", *args],
            cwd=ROOT,
            env=embedded_env,
            stdout=(logs / f"{args[0]}.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        for args in (
            ["worker", "--loglevel", "INFO", "--pool", "solo", "--hostname", "beat-smoke@%h"],
            ["beat", "--loglevel", "INFO", "--schedule", str(tmp_path / "celerybeat-schedule")],
        )
    ]
    try:
        deadline = time.monotonic() + 90
        count = "0"
        while time.monotonic() < deadline:
            count = _manage(embedded_env, "shell", "-c", COUNT).strip().splitlines()[-1]
            if count != "0":
                break
            time.sleep(2)
        assert count != "0", (logs / "worker.log").read_text()[-3000:]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
    assert (
        "Sending due task deadline-sweep" in (logs / "beat.log").read_text()
        or "deadline sweep" in (logs / "worker.log").read_text()
    )
