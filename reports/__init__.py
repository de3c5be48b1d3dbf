"""Reports: what units send back and what leaders see.

Capability packages: `models/`, `completion/` (units' completion reports and their review),
`dashboard/` (leaders' roll-ups over the cascade), `pdf/` (official PDF reports).

Import rules (tests/test_architecture.py): `reports` may import `directives` (never the reverse);
it does not import `cascade.devtools`; no import circles. Each feature's visibility rules live in its
`access` module and are registered from `reports.apps` in `directives.access`.
"""
