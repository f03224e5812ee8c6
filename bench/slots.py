"""Median wall time of ``available_slots`` for 3 hosts over 1/7/31 days and 0/100/1000 bookings.

Run with ``.venv/bin/python bench/slots.py``.
"""

from __future__ import annotations

import statistics
import time as clock
from datetime import UTC, datetime, time, timedelta

from models.availability import HostSchedule, SlotRules, available_slots
from models.working_hours import WeeklyRange

ZONES = ("Europe/Berlin", "Europe/London", "America/New_York")
START = datetime(2026, 3, 2, tzinfo=UTC)
QUARTER_HOURS = 31 * 24 * 4
RUNS = 200


def schedule(zone: str, bookings: int, seed: int) -> HostSchedule:
    # A prime stride scatters the bookings over the whole month, out of order, reproducibly.
    busy = []
    for index in range(bookings):
        begin = START + timedelta(minutes=15 * ((seed + index * 7919) % QUARTER_HOURS))
        busy.append((begin, begin + timedelta(minutes=(15, 30, 60)[index % 3])))
    weekly = [WeeklyRange(day, time(7), time(21)) for day in range(1, 8)]
    return HostSchedule(time_zone=zone, weekly=weekly, overrides={}, busy=busy)


def median_ms(days: int, bookings: int) -> float:
    hosts = [schedule(zone, bookings, seed) for seed, zone in enumerate(ZONES)]
    rules = SlotRules(
        duration=timedelta(minutes=30),
        interval=timedelta(minutes=15),
        buffer_before=timedelta(minutes=10),
        buffer_after=timedelta(minutes=10),
        earliest_start=START,
        latest_start=START + timedelta(days=60),
        expires_at=None,
    )
    end = START + timedelta(days=days)
    timings = []
    for _ in range(RUNS):
        began = clock.perf_counter()
        available_slots(hosts, rules, START, end)
        timings.append(clock.perf_counter() - began)
    return statistics.median(timings) * 1000


def main() -> None:
    for days in (1, 7, 31):
        for bookings in (0, 100, 1000):
            elapsed = median_ms(days, bookings)
            print(f"{days:>2} days x 3 hosts x {bookings:>4} bookings: {elapsed:6.3f} ms")


if __name__ == "__main__":
    main()
