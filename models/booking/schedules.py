"""Reading what slot generation needs from the database: three queries for any number of hosts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from models.accounts.working_hours import parse_clock, ranges_from_json
from models.booking import statements as booking_statements
from models.booking.availability import (
    HostSchedule,
    Interval,
    SlotRefusal,
    SlotRules,
    available_slots,
    slots_of_any,
    why_none_is_free,
    why_not_offered,
)
from models.db import sql_scripts
from models.db.tables import Link, MeetingType, User

# Local dates of any zone lie within this many days of the UTC date.
_DATE_MARGIN = timedelta(days=2)


def slot_rules(
    link: Link, meeting_type: MeetingType, now: datetime, starts_before: datetime | None
) -> SlotRules:
    """``starts_before``: the link's cutoff for its meetings' start (a single-use link's is
    the earlier of its own and its parent's)."""
    return SlotRules(
        duration=timedelta(minutes=meeting_type.duration_minutes),
        interval=timedelta(minutes=link.slot_interval_minutes),
        buffer_before=timedelta(minutes=meeting_type.buffer_before_minutes),
        buffer_after=timedelta(minutes=meeting_type.buffer_after_minutes),
        earliest_start=now + timedelta(minutes=link.minimum_notice_minutes),
        latest_start=now + timedelta(days=link.booking_horizon_days),
        starts_before=starts_before,
    )


async def load_host_schedules(
    host_ids: Sequence[int],
    window_start: datetime,
    window_end: datetime,
    rules: SlotRules,
    *,
    ignore_booking_id: int | None = None,
    users: Sequence[User] | None = None,
) -> list[HostSchedule]:
    """``ignore_booking_id``: the booking being rescheduled does not block its own new time.
    ``users``: the hosts, when the caller has them already."""
    if not host_ids:
        return []
    if users is None:
        users = await User.filter(id__in=host_ids)
    users_by_id = {u.id: u for u in users}
    first_date = (window_start - _DATE_MARGIN).date()
    last_date = (window_end + _DATE_MARGIN).date()
    reach = rules.duration + rules.buffer_before + rules.buffer_after
    rows = await sql_scripts.run(
        booking_statements.schedule_reads(
            host_ids,
            (first_date, last_date),
            (window_start - reach, window_end + reach),
            ignore_booking_id,
        ),
        reads_only=True,
    )
    overrides: dict[int, dict[date, list[tuple[time, time]]]] = defaultdict(dict)
    for row in rows.overrides:
        overrides[row.user_id][row.date] = [
            (parse_clock(r["start"]), parse_clock(r["end"])) for r in row.ranges
        ]
    busy: dict[int, list[Interval]] = defaultdict(list)
    zero = timedelta(0)
    for user_id, start_at, end_at, blocked_start, blocked_end in rows.busy:
        # The slot function pads candidates with their own buffers; widening each booking by
        # what its buffers exceed those gives "the larger buffer wins" (they never stack).
        extra_before = max(start_at - blocked_start - rules.buffer_after, zero)
        extra_after = max(blocked_end - end_at - rules.buffer_before, zero)
        busy[user_id].append((start_at - extra_before, end_at + extra_after))
    return [
        HostSchedule(
            time_zone=users_by_id[host_id].time_zone,
            weekly=ranges_from_json(users_by_id[host_id].working_hours),
            overrides=overrides.get(host_id, {}),
            busy=busy.get(host_id, []),
        )
        for host_id in host_ids
        if host_id in users_by_id
    ]


async def offered_slots(
    host_ids: Sequence[int],
    rules: SlotRules,
    window_start: datetime,
    window_end: datetime,
    *,
    any_host: bool = False,
    ignore_booking_id: int | None = None,
    users: Sequence[User] | None = None,
) -> list[datetime]:
    """``any_host``: a start is offered when one of the hosts is free (the meeting takes one of
    them); otherwise when all are."""
    schedules = await load_host_schedules(
        host_ids, window_start, window_end, rules, ignore_booking_id=ignore_booking_id, users=users
    )
    if len(schedules) != len(host_ids):
        return []
    if any_host:
        return slots_of_any(schedules, rules, window_start, window_end)
    return available_slots(schedules, rules, window_start, window_end)


async def slot_refusal(
    host_ids: Sequence[int],
    rules: SlotRules,
    start: datetime,
    *,
    ignore_booking_id: int | None = None,
    users: Sequence[User] | None = None,
) -> SlotRefusal | None:
    """None when ``start`` is offered; otherwise why not."""
    one_instant = start + timedelta(microseconds=1)
    schedules = await load_host_schedules(
        host_ids, start, one_instant, rules, ignore_booking_id=ignore_booking_id, users=users
    )
    if len(schedules) != len(host_ids):
        return SlotRefusal.OUTSIDE_HOURS
    if start in available_slots(schedules, rules, start, one_instant):
        return None
    return why_not_offered(schedules, rules, start)


async def free_hosts(
    host_ids: Sequence[int],
    rules: SlotRules,
    start: datetime,
    *,
    ignore_booking_id: int | None = None,
    users: Sequence[User] | None = None,
) -> tuple[list[int], SlotRefusal | None]:
    """Those of ``host_ids`` free to meet at ``start``, in their order; when none is, why not."""
    one_instant = start + timedelta(microseconds=1)
    schedules = await load_host_schedules(
        host_ids, start, one_instant, rules, ignore_booking_id=ignore_booking_id, users=users
    )
    if len(schedules) != len(host_ids):
        return [], SlotRefusal.OUTSIDE_HOURS
    free = [
        host_id
        for host_id, schedule in zip(host_ids, schedules, strict=True)
        if available_slots([schedule], rules, start, one_instant)
    ]
    if free:
        return free, None
    return [], why_none_is_free(schedules, rules, start)
