"""Benchmarks' data builders and measurements, called by the `bench_*` management commands."""
