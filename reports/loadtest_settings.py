"""Settings for the gunicorn that `loadtest_reports` starts: production settings, except that
static file names are not hashed, so the run needs no `collectstatic` (the pages under test link
their CSS and JS, but the load test does not fetch them)."""

from cascade.settings import *  # noqa: F403
from cascade.settings import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
