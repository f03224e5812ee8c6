"""Bookable start instants for one or more hosts: a pure function of schedules and rules."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from operator import itemgetter
from zoneinfo import ZoneInfo

from models.accounts.working_hours import END_OF_DAY, WeeklyRange

Interval = tuple[datetime, datetime]

ONE_DAY = timedelta(days=1)
RESOLUTION = timedelta(microseconds=1)
FAR_FUTURE = datetime.max.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class HostSchedule:
    """``overrides`` replace the weekly ranges of a local date; an empty sequence is a day off."""

    time_zone: str
    weekly: Sequence[WeeklyRange]
    overrides: Mapping[date, Sequence[tuple[time, time]]]
    busy: Sequence[Interval]


@dataclass(frozen=True, slots=True)
class SlotRules:
    """``latest_start`` (the horizon) is inclusive; ``starts_before`` (the link's cutoff) is
    exclusive."""

    duration: timedelta
    interval: timedelta
    buffer_before: timedelta
    buffer_after: timedelta
    earliest_start: datetime
    latest_start: datetime
    starts_before: datetime | None


def available_slots(
    hosts: Sequence[HostSchedule],
    rules: SlotRules,
    window_start: datetime,
    window_end: datetime,
) -> list[datetime]:
    """UTC-aware start instants, ascending, with ``window_start <= start < window_end``."""
    if rules.duration <= timedelta(0) or rules.interval <= timedelta(0):
        raise ValueError("duration and interval must be positive")
    if not hosts:
        return []
    # datetime has microsecond resolution, so "< x" is exactly "<= x - 1 µs".
    first = max(window_start, rules.earliest_start)
    last = min(window_end - RESOLUTION, rules.latest_start)
    if rules.starts_before is not None:
        last = min(last, rules.starts_before - RESOLUTION)
    if first > last:
        return []

    shared = _working_intervals(hosts[0], first, last)
    for host in hosts[1:]:
        shared = _intersect(shared, _working_intervals(host, first, last))
    bookings = _relevant_bookings(hosts, rules, first, last)
    return _grid_starts(shared, bookings, rules, first, last)


def slots_of_any(
    hosts: Sequence[HostSchedule],
    rules: SlotRules,
    window_start: datetime,
    window_end: datetime,
) -> list[datetime]:
    """The starts at which at least one of ``hosts`` is free: for a link whose meetings take one
    host of a pool."""
    starts: set[datetime] = set()
    for host in hosts:
        starts.update(available_slots([host], rules, window_start, window_end))
    return sorted(starts)


class SlotRefusal(StrEnum):
    """Why a start is not offered, in the order the rules are checked."""

    TOO_SOON = "TOO_SOON"
    BEYOND_HORIZON = "BEYOND_HORIZON"
    AFTER_CUTOFF = "AFTER_CUTOFF"
    OUTSIDE_HOURS = "OUTSIDE_HOURS"
    NOT_ON_GRID = "NOT_ON_GRID"
    TAKEN = "TAKEN"


_REFUSAL_MESSAGES = {
    SlotRefusal.TOO_SOON: "This time is too soon: the link needs more notice. Pick a later time.",
    SlotRefusal.BEYOND_HORIZON: (
        "This time is too far ahead: the link does not book that far. Pick an earlier time."
    ),
    SlotRefusal.AFTER_CUTOFF: (
        "This time is later than the link lets meetings start. Pick an earlier time."
    ),
    SlotRefusal.OUTSIDE_HOURS: (
        "This time is outside the hosts' working hours. Pick one of the offered times."
    ),
    SlotRefusal.NOT_ON_GRID: (
        "This is not one of the offered start times. Pick one that availableSlots lists."
    ),
    SlotRefusal.TAKEN: "This time is no longer available. Please pick another.",
}


def refusal_message(refusal: SlotRefusal) -> str:
    return _REFUSAL_MESSAGES[refusal]


def why_not_offered(
    hosts: Sequence[HostSchedule], rules: SlotRules, start: datetime
) -> SlotRefusal:
    """For a start that ``available_slots`` does not offer: the first rule it breaks."""
    if start < rules.earliest_start:
        return SlotRefusal.TOO_SOON
    if start > rules.latest_start:
        return SlotRefusal.BEYOND_HORIZON
    if rules.starts_before is not None and start >= rules.starts_before:
        return SlotRefusal.AFTER_CUTOFF
    if not hosts:
        return SlotRefusal.OUTSIDE_HOURS
    shared = _working_intervals(hosts[0], start, start)
    for host in hosts[1:]:
        shared = _intersect(shared, _working_intervals(host, start, start))
    end = start + rules.duration
    window = next((w for w in shared if w[0] <= start and end <= w[1]), None)
    if window is None:
        return SlotRefusal.OUTSIDE_HOURS
    if (start - window[0]) % rules.interval:
        return SlotRefusal.NOT_ON_GRID
    return SlotRefusal.TAKEN


def why_none_is_free(
    hosts: Sequence[HostSchedule], rules: SlotRules, start: datetime
) -> SlotRefusal:
    """For a start at which no host of a pool is free: the reason closest to offering it (taken
    by a meeting, over off the grid, over outside their hours)."""
    order = list(SlotRefusal)
    if not hosts:
        return why_not_offered(hosts, rules, start)
    return max((why_not_offered([host], rules, start) for host in hosts), key=order.index)


def _working_intervals(host: HostSchedule, first: datetime, last: datetime) -> list[Interval]:
    """The host's merged working time in UTC, for every local date that can touch [first, last]."""
    zone = ZoneInfo(host.time_zone)
    by_weekday: dict[int, list[tuple[time, time]]] = {}
    for weekly in host.weekly:
        by_weekday.setdefault(weekly.weekday, []).append((weekly.start, weekly.end))

    # Around a change at local midnight a range can reach into the neighbouring date.
    day = first.astimezone(zone).date() - ONE_DAY
    last_day = last.astimezone(zone).date() + ONE_DAY
    intervals: list[Interval] = []
    while day <= last_day:
        ranges = host.overrides[day] if day in host.overrides else by_weekday.get(day.isoweekday())
        for start, end in ranges or ():
            # RFC 5545 reading (fold=0): an ambiguous wall time is its first occurrence, a
            # non-existent one uses the offset before the gap (02:30 in a skipped hour -> 03:30).
            utc_start = datetime.combine(day, start, zone).astimezone(UTC)
            end_day = day + ONE_DAY if end == END_OF_DAY else day
            utc_end = datetime.combine(end_day, end, zone).astimezone(UTC)
            if utc_start < utc_end:
                intervals.append((utc_start, utc_end))
        day += ONE_DAY
    return _merge(intervals)


def _merge(intervals: list[Interval]) -> list[Interval]:
    """Sorted, with overlapping or touching intervals joined, so a meeting may run across the
    instant where one range ends and the next begins."""
    intervals.sort()
    merged: list[Interval] = []
    for start, end in intervals:
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _intersect(left: list[Interval], right: list[Interval]) -> list[Interval]:
    """The instants inside both sorted, disjoint lists."""
    shared: list[Interval] = []
    i = j = 0
    while i < len(left) and j < len(right):
        start = max(left[i][0], right[j][0])
        end = min(left[i][1], right[j][1])
        if start < end:
            shared.append((start, end))
        if left[i][1] < right[j][1]:
            i += 1
        else:
            j += 1
    return shared


def _relevant_bookings(
    hosts: Sequence[HostSchedule], rules: SlotRules, first: datetime, last: datetime
) -> list[Interval]:
    """Every host's bookings that can block a start in [first, last], sorted by start and
    closed by a sentinel so the sweep needs no bounds check."""
    ends_after = first - rules.buffer_before
    starts_before = last + rules.duration + rules.buffer_after
    bookings = [
        booking
        for host in hosts
        for booking in host.busy
        if booking[1] > ends_after and booking[0] < starts_before
    ]
    bookings.sort(key=itemgetter(0))
    bookings.append((FAR_FUTURE, FAR_FUTURE))
    return bookings


def _grid_starts(
    shared: list[Interval],
    bookings: list[Interval],
    rules: SlotRules,
    first: datetime,
    last: datetime,
) -> list[datetime]:
    """Grid points of each shared window within [first, last] that no booking blocks.

    A start s is blocked when [s - before, s + duration + after) overlaps a booking
    [b_start, b_end), that is when b_start < s + duration + after and s < b_end + before.
    Starts ascend, so one pointer admits bookings by b_start and keeps the furthest b_end.
    """
    step = rules.interval
    lead = rules.duration + rules.buffer_after
    trail = rules.buffer_before
    starts: list[datetime] = []
    admitted = 0
    booking_start, booking_end = bookings[0]
    furthest_end = first - trail
    for open_at, close_at in shared:
        if open_at > last:
            break
        latest = min(close_at - rules.duration, last)
        if latest < first:
            continue
        start = open_at
        if start < first:
            # The grid stays anchored at open_at; jump to its first point at or after `first`.
            start += -((open_at - first) // step) * step
        while start <= latest:
            padded_end = start + lead
            while booking_start < padded_end:
                if booking_end > furthest_end:
                    furthest_end = booking_end
                admitted += 1
                booking_start, booking_end = bookings[admitted]
            if furthest_end + trail <= start:
                starts.append(start)
            start += step
    return starts
