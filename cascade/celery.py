"""The Celery app. Tasks live in each capability's `tasks.py`, listed in `TASK_PACKAGES`.

Every task pins its `name=`, so a message queued before a module moves still finds its task.
"""

from __future__ import annotations

import os
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cascade.settings")

# DjangoTask gives every task `delay_on_commit`, so nothing is enqueued before its rows commit.
app = Celery("cascade", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
# The packages whose `tasks` module holds Celery tasks (capability packages sit below the apps,
# where Celery's per-app discovery does not look).
TASK_PACKAGES = [
    "cascade",
    "directives.documents",
    "directives.notifications",
    "directives.watcher",
    "reports.pdf",
]
app.autodiscover_tasks(TASK_PACKAGES)


@app.on_after_configure.connect
def _make_embedded_broker_folders(sender: Celery, **kwargs: object) -> None:
    """The filesystem transport expects its folders to exist; create them once per process."""
    options = sender.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "control_folder", "processed_folder"):
        folder = options.get(key)
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
    backend = sender.conf.result_backend or ""
    if backend.startswith("file://"):
        Path(backend.removeprefix("file://")).mkdir(parents=True, exist_ok=True)
