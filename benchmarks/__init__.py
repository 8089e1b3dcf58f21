"""Benchmarks: one script per capability, printing its figures on ../shared/data (see README)."""
