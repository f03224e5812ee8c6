"""availableSlots in-process (the pure function), in its own process on the server's core."""

from __future__ import annotations

import json
import sys
from typing import Any

from bench import report, stats
from bench import slots as grid
from bench.context import Run
from bench.processes import run_command

SLOTS_ROUNDS_EXTRA = 1  # the first round of each configuration is a warm-up


async def available_slots(run: Run) -> dict[str, Any]:
    settings = run.settings
    rounds = settings.rounds
    out = await run_command(
        [sys.executable, "-m", "bench.slots", "--json", str(rounds), str(settings.slots_runs)],
        cpus=settings.server_cpus,
    )
    medians: dict[str, list[float]] = json.loads(out)
    configurations = {key: stats.spread(values[1:]) for key, values in medians.items()}
    days, hosts, bookings = grid.TARGET
    target_key = f"{days}d-{hosts}h-{bookings}b"
    target = configurations[target_key]
    met = target["median"] <= grid.TARGET_MS
    pool = configurations[grid.pool_key()]
    pool_met = pool["median"] <= grid.TARGET_MS
    pool_days, pool_hosts, pool_bookings = grid.POOL
    return {
        "title": "availableSlots in-process",
        "config": {"rounds": rounds, "runs_per_round": settings.slots_runs},
        "results": {
            "days": list(grid.DAYS),
            "hosts": list(grid.HOSTS),
            "bookings": list(grid.BOOKINGS),
            "round_medians_ms": medians,
            "configurations": configurations,
        },
        "target": {"configuration": target_key, "ms": grid.TARGET_MS, "met": met},
        "pool_target": {"configuration": grid.pool_key(), "ms": grid.TARGET_MS, "met": pool_met},
        "failures": {},
        "rows": [
            report.row(
                f"availableSlots in-process, {days} d x {hosts} hosts x {bookings:,} "
                "bookings per host",
                "ms per call (median)",
                report.ranged(target),
                "n/a",
                f"target ≤ {grid.TARGET_MS:g} ms: {'met' if met else 'MISSED'}",
            ),
            report.row(
                f"availableSlots in-process, round robin: {pool_days} d x {pool_hosts}-host "
                f"pool x {pool_bookings:,} bookings per host",
                "ms per call (median)",
                report.ranged(pool),
                "n/a",
                f"target ≤ {grid.TARGET_MS:g} ms: {'met' if pool_met else 'MISSED'}",
            ),
        ],
    }
