"""The embedded default (`make run` with no configuration): SQLite + filesystem broker, for real."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def embedded_env(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"}
    }
    env["CASCADE_VAR_DIR"] = str(tmp_path / "var")
    env["DJANGO_SETTINGS_MODULE"] = "cascade.settings"
    return env


def _wait_for(url: str, seconds: float) -> dict:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return json.loads(response.read())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def test_the_embedded_default_serves_healthz_and_its_worker_answers_ping(embedded_env):
    run = {"cwd": ROOT, "env": embedded_env, "check": True, "capture_output": True, "timeout": 120}
    subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v0"], **run)
    port = _free_port()
    web = subprocess.Popen(
        [str(BIN / "gunicorn"), "cascade.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=embedded_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    worker = subprocess.Popen(
        [
            str(BIN / "celery"),
            "-A",
            "cascade",
            "worker",
            "--pool",
            "solo",
            "--hostname",
            "smoke@%h",
        ],
        cwd=ROOT,
        env=embedded_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        body = _wait_for(f"http://127.0.0.1:{port}/healthz", 60)
        assert body["status"] == "ok"
        assert body["checks"] == {"database": "ok", "broker": "ok", "cache": "ok"}
        assert (Path(embedded_env["CASCADE_VAR_DIR"]) / "cascade.sqlite3").exists()
        ping = None
        for _ in range(30):
            ping = subprocess.run(
                [str(BIN / "celery"), "-A", "cascade", "inspect", "ping", "--timeout", "3"],
                cwd=ROOT,
                env=embedded_env,
                capture_output=True,
                text=True,
                timeout=60,
            )
            if ping.returncode == 0 and "pong" in ping.stdout:
                break
            time.sleep(1)
        assert ping is not None
        assert "pong" in ping.stdout, ping.stdout + ping.stderr
    finally:
        for process in (web, worker):
            process.terminate()
        for process in (web, worker):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
