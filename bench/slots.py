"""Median wall time of ``available_slots`` (the pure function) by days, hosts and bookings,
and of ``slots_of_any`` for a round-robin pool (a time offered when any host is free).

Run alone with ``.venv/bin/python bench/slots.py`` (a readable list), or by the harness as
``python -m bench.slots --json ROUNDS RUNS`` (one JSON document). It imports nothing of the
bench, so that the first form keeps working.
"""

from __future__ import annotations

import json
import statistics
import sys
import time as clock
from datetime import UTC, datetime, time, timedelta

from models.accounts.working_hours import WeeklyRange
from models.booking.availability import HostSchedule, SlotRules, available_slots, slots_of_any

ZONES = ("Europe/Berlin", "Europe/London", "America/New_York")
START = datetime(2026, 3, 2, tzinfo=UTC)
QUARTER_HOURS = 31 * 24 * 4
DAYS = (1, 7, 31)
HOSTS = (1, 3)
BOOKINGS = (0, 100, 1000)
TARGET = (31, 3, 1000)
TARGET_MS = 5.0
# A round-robin link's pool: (days, hosts, bookings per host), the same target.
POOL = (31, 10, 1000)


def schedule(zone: str, bookings: int, seed: int) -> HostSchedule:
    # A prime stride scatters the bookings over the whole month, out of order, reproducibly.
    busy = []
    for index in range(bookings):
        begin = START + timedelta(minutes=15 * ((seed + index * 7919) % QUARTER_HOURS))
        busy.append((begin, begin + timedelta(minutes=(15, 30, 60)[index % 3])))
    weekly = [WeeklyRange(day, time(7), time(21)) for day in range(1, 8)]
    return HostSchedule(time_zone=zone, weekly=weekly, overrides={}, busy=busy)


RULES = SlotRules(
    duration=timedelta(minutes=30),
    interval=timedelta(minutes=15),
    buffer_before=timedelta(minutes=10),
    buffer_after=timedelta(minutes=10),
    earliest_start=START,
    latest_start=START + timedelta(days=60),
    starts_before=None,
)


def median_ms(days: int, hosts: int, bookings: int, runs: int, *, pool: bool = False) -> float:
    """``bookings`` per host; ``pool``: any host free (round robin), else all (collective)."""
    schedules = [schedule(ZONES[seed % len(ZONES)], bookings, seed) for seed in range(hosts)]
    end = START + timedelta(days=days)
    offered = slots_of_any if pool else available_slots
    timings = []
    for _ in range(runs):
        began = clock.perf_counter()
        offered(schedules, RULES, START, end)
        timings.append(clock.perf_counter() - began)
    return statistics.median(timings) * 1000


def pool_key() -> str:
    days, hosts, bookings = POOL
    return f"{days}d-{hosts}h-{bookings}b-pool"


def configurations() -> list[tuple[int, int, int]]:
    return [(d, h, b) for d in DAYS for h in HOSTS for b in BOOKINGS]


def measure(rounds: int, runs: int) -> dict[str, list[float]]:
    """Per configuration ("31d-3h-1000b"), the median of each round, first round included."""
    results: dict[str, list[float]] = {f"{d}d-{h}h-{b}b": [] for d, h, b in configurations()}
    results[pool_key()] = []
    for _ in range(rounds):
        for days, hosts, bookings in configurations():
            key = f"{days}d-{hosts}h-{bookings}b"
            results[key].append(median_ms(days, hosts, bookings, runs))
        results[pool_key()].append(median_ms(*POOL, runs, pool=True))
    return results


def main() -> None:
    if sys.argv[1:2] == ["--json"]:
        rounds, runs = int(sys.argv[2]), int(sys.argv[3])
        print(json.dumps(measure(rounds, runs)))
        return
    for days, hosts, bookings in configurations():
        elapsed = median_ms(days, hosts, bookings, 200)
        print(f"{days:>2} days x {hosts} hosts x {bookings:>4} bookings: {elapsed:6.3f} ms")
    days, hosts, bookings = POOL
    elapsed = median_ms(days, hosts, bookings, 200, pool=True)
    print(f"{days:>2} days x {hosts}-host pool x {bookings:>4} bookings: {elapsed:6.3f} ms")


if __name__ == "__main__":
    main()
