"""Benchmarks of Slotlink against plain Starlette + SQL baselines: ``make bench``."""
