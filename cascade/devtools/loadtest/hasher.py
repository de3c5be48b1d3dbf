"""The password hasher of the load-test accounts (only ever used by `loadtest_reports`).

Django's PBKDF2 runs 1,000,000 iterations on purpose; on the 2-core test machine one login costs
about a CPU-second, so 50 people logging in at once would spend most of a 60-second run hashing.
The load-test accounts get a 10,000-iteration hash under their own algorithm name, and the
throwaway gunicorn the command starts lists it first, so it never "upgrades" them. Pass
`--real-password-hashing` to measure logins at the production cost instead.
"""

from __future__ import annotations

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class LoadTestPasswordHasher(PBKDF2PasswordHasher):
    algorithm = "pbkdf2_sha256_loadtest"
    iterations = 10_000
