"""Directives: organisations, documents and the issuance tree, tasks, assignments, deadlines.

Capability packages: `models/`, `access.py` (who sees what), `timeliness.py` (the four-way status),
`parsing/` (pure parser), `deadlines/` (pure rules, working calendar, `next_check_on` upkeep),
`documents/` (logging flow, tree, pages), `notifications/` (inbox, e-mail, calendar feed),
`watcher/` (the deadline sweep and its beat task).

Import rules (tests/test_architecture.py): `directives` never imports `reports`, `accounts` or
`cascade.devtools`; `parsing/`, `deadlines/rules.py`, `deadlines/workcal.py` and `timeliness.py` import
nothing from Django; no import circles.
"""
