"""A user's weekly availability: ranges of local wall-clock time per ISO weekday."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from itertools import pairwise
from typing import Any

from models.validation import FieldErrors

MONDAY, FRIDAY, SUNDAY = 1, 5, 7
# As the end of a range, midnight is the end of its day: 24:00, written so.
END_OF_DAY = time(0)
MINUTES_PER_DAY = 24 * 60


@dataclass(frozen=True, slots=True, order=True)
class WeeklyRange:
    """``weekday`` is ISO (1 = Monday); a range never crosses midnight, and an ``end`` of
    midnight is the end of the day (24:00)."""

    weekday: int
    start: time
    end: time

    def to_json(self) -> dict[str, Any]:
        return {"weekday": self.weekday, **clock_range_json(self.start, self.end)}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> WeeklyRange:
        return cls(
            weekday=int(raw["weekday"]),
            start=parse_clock(raw["start"]),
            end=parse_clock(raw["end"]),
        )


def parse_clock(text: str) -> time:
    """``HH:MM``, or ``24:00`` for the end of the day. Raises ValueError otherwise."""
    if len(text) != 5:
        raise ValueError(text)
    if text == "24:00":
        return END_OF_DAY
    return time.fromisoformat(text)


def clock_text(moment: time, *, end: bool = False) -> str:
    return "24:00" if end and moment == END_OF_DAY else moment.strftime("%H:%M")


def clock_range_json(start: time, end: time) -> dict[str, str]:
    return {"start": clock_text(start), "end": clock_text(end, end=True)}


def end_minute(end: time) -> int:
    """Minutes since the day's start at which a range ending at ``end`` ends."""
    return MINUTES_PER_DAY if end == END_OF_DAY else end.hour * 60 + end.minute


def default_working_hours() -> list[WeeklyRange]:
    return [WeeklyRange(day, time(9), time(17)) for day in range(MONDAY, FRIDAY + 1)]


def ranges_to_json(ranges: list[WeeklyRange]) -> list[dict[str, Any]]:
    return [r.to_json() for r in sorted(ranges, key=lambda r: (r.weekday, r.start))]


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
        if r.start.hour * 60 + r.start.minute >= end_minute(r.end):
            errors.add(where, "start must be before end")
    ordered = sorted(ranges, key=lambda r: (r.weekday, r.start))
    for previous, current in pairwise(ordered):
        if (
            previous.weekday == current.weekday
            and current.start.hour * 60 + current.start.minute < end_minute(previous.end)
        ):
            errors.add(
                field,
                f"ranges overlap on weekday {current.weekday}: "
                f"{_range_text(previous)} and {_range_text(current)}",
            )


def _range_text(weekly: WeeklyRange) -> str:
    return f"{clock_text(weekly.start)}-{clock_text(weekly.end, end=True)}"
