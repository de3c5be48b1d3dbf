"""gunicorn settings shared by `make run` (Procfile), the Docker image, docker-compose and the load
test: `gunicorn cascade.wsgi -c python:cascade.gunicorn_conf`.

Processes, not threads, carry the load. A Django request here is CPU-bound Python between short
database round trips; threads of one process share one interpreter lock, so under load a request
waits for its neighbours' Python as well as its own (measured with `loadtest_reports` on 2 cores:
3 workers × 4 threads gave p95 300–370 ms, 5 workers × 1 thread 199 ms for the same load). The
gthread worker is kept for its keep-alive handling. WEB_CONCURRENCY and WEB_THREADS override.
"""

import multiprocessing
import os

bind = os.environ.get("WEB_BIND", f"127.0.0.1:{os.environ.get('WEB_PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
threads = int(os.environ.get("WEB_THREADS") or 1)
worker_class = "gthread"
keepalive = 5
timeout = 60
graceful_timeout = 10
# A worker is replaced after this many requests (with jitter, so they are not replaced together),
# which bounds the memory any slow leak in a library could take.
max_requests = 2000
max_requests_jitter = 200
accesslog = os.environ.get("WEB_ACCESS_LOG", "-") or None  # empty: no access log
