"""A user's weekly availability: ranges of local wall-clock time per ISO weekday."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from itertools import pairwise
from typing import Any

from models.validation import FieldErrors

MONDAY, FRIDAY, SUNDAY = 1, 5, 7


@dataclass(frozen=True, slots=True, order=True)
class WeeklyRange:
    """``weekday`` is ISO (1 = Monday); a range never crosses midnight."""

    weekday: int
    start: time
    end: time

    def to_json(self) -> dict[str, Any]:
        return {
            "weekday": self.weekday,
            "start": self.start.strftime("%H:%M"),
            "end": self.end.strftime("%H:%M"),
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> WeeklyRange:
        return cls(
            weekday=int(raw["weekday"]),
            start=time.fromisoformat(raw["start"]),
            end=time.fromisoformat(raw["end"]),
        )


def default_working_hours() -> list[WeeklyRange]:
    return [WeeklyRange(day, time(9), time(17)) for day in range(MONDAY, FRIDAY + 1)]


def ranges_to_json(ranges: list[WeeklyRange]) -> list[dict[str, Any]]:
    return [r.to_json() for r in sorted(ranges)]


def ranges_from_json(raw: list[dict[str, Any]]) -> list[WeeklyRange]:
    return [WeeklyRange.from_json(item) for item in raw]


def check_weekly_ranges(errors: FieldErrors, field: str, ranges: list[WeeklyRange]) -> None:
    """Each range on the minute, ordered, within one weekday, and not overlapping another."""
    for index, r in enumerate(ranges):
        where = f"{field}[{index}]"
        if not MONDAY <= r.weekday <= SUNDAY:
            errors.add(f"{where}.weekday", "must be an ISO weekday from 1 (Monday) to 7 (Sunday)")
        if r.start.second or r.start.microsecond or r.end.second or r.end.microsecond:
            errors.add(where, "times must be whole minutes")
        if r.start >= r.end:
            errors.add(where, "start must be before end")
    ordered = sorted(ranges)
    for previous, current in pairwise(ordered):
        if previous.weekday == current.weekday and current.start < previous.end:
            errors.add(
                field,
                f"ranges overlap on weekday {current.weekday}: "
                f"{previous.start:%H:%M}-{previous.end:%H:%M} and "
                f"{current.start:%H:%M}-{current.end:%H:%M}",
            )
