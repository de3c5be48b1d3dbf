"""Developer tooling, never part of the product: the demo (`demo/`), synthetic national-scale data
(`synthetic`), the load test (`loadtest/`) and the benchmarks (`bench/`).

Import rule (tests/test_architecture.py): only management commands (cascade/management/commands/)
and tests import this package; the product packages never do.
"""
