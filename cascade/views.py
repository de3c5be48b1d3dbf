"""Project-level endpoints: the health check (the home page belongs to `accounts`)."""

from __future__ import annotations

import datetime as dt
import os

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cascade.celery import app as celery_app
from cascade.tasks import HEARTBEAT_KEY


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _check_broker() -> str:
    options = celery_app.conf.broker_transport_options or {}
    folder = options.get("data_folder_in")
    if folder:
        # The embedded filesystem broker has no server to ping: it must be able to write its queue.
        if not os.access(folder, os.W_OK):
            raise OSError(f"broker folder {folder} is not writable")
        return "ok"
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


def _worker_heartbeat() -> str | None:
    """The worker's last heartbeat (ISO time) from the cache; raises when the cache does not answer."""
    beat = cache.get(HEARTBEAT_KEY)
    return str(beat) if beat else None


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness for load balancers and `make run`: database, broker and cache must answer.

    Never a 500: a dependency that fails is named in `checks` (`"error: ConnectionError"`) and the
    answer is a 503 with the same JSON shape.
    """
    checks: dict[str, str] = {}
    healthy = True
    for name, check in (("database", _check_database), ("broker", _check_broker)):
        try:
            checks[name] = check()
        except Exception as exc:
            healthy = False
            checks[name] = f"error: {type(exc).__name__}"
    worker_age = None
    try:
        beat = _worker_heartbeat()
        checks["cache"] = "ok"
    except Exception as exc:
        healthy = False
        checks["cache"] = f"error: {type(exc).__name__}"
        beat = None
    if beat:
        worker_age = int((timezone.now() - dt.datetime.fromisoformat(beat)).total_seconds())
    body = {
        "status": "ok" if healthy else "error",
        "checks": checks,
        "worker_heartbeat_age_s": worker_age,
    }
    return JsonResponse(body, status=200 if healthy else 503)
