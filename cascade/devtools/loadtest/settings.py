"""Settings for the gunicorn that `loadtest_reports` starts: production settings, except that

* static file names are not hashed, so the run needs no `collectstatic` (the pages under test
  link their CSS and JS, but the load test does not fetch them);
* the load-test accounts' cheap password hash is recognised and kept (see
  `cascade.devtools.loadtest.hasher`), unless CASCADE_LOADTEST_REAL_HASHING=1.
"""

import os

from cascade.settings import *  # noqa: F403
from cascade.settings import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

if os.environ.get("CASCADE_LOADTEST_REAL_HASHING") != "1":
    PASSWORD_HASHERS = [
        "cascade.devtools.loadtest.hasher.LoadTestPasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
        "django.contrib.auth.hashers.ScryptPasswordHasher",
    ]
