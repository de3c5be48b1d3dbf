"""Shared helpers that know no app: set-based SQL (`bulksql`), small ORM helpers (`orm`), THE upload
validator (`uploads`), THE file download response (`downloads`) and the rate limiter (`ratelimit`).

Import rule (tests/test_architecture.py): nothing here imports `directives`, `reports`, `accounts`,
`cascade.ops` or `cascade.devtools`; any app may import from here.
"""
