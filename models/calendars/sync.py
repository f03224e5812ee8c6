"""Keeping what Slotlink knows of hosts' calendars current, and the hosts' meetings in them.

Reading: every process takes due calendars with one leasing UPDATE (``FOR UPDATE SKIP LOCKED``
on PostgreSQL), reads each outside any transaction, then replaces its busy intervals in one
transaction. A read pushes ``trusted_until`` forward; a calendar that cannot be read lets it
pass, and from then the host's slots are not offered (``models.booking.statements``) unless
the operator chose to offer them anyway.

Writing: a CALENDAR notification brings one host's calendar in line with the booking as it
is when the write runs (there or not, at its current time), so retries and writes that run
out of order all end in the same state.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx

from config import Settings
from models.booking.calendar_files import (
    booking_calendar,
    booking_uid,
    is_booking_uid,
    parts_at_hand,
)
from models.calendars.connections import MAX_INTERVALS, check_reachable, source_of
from models.calendars.sources import CalendarUnreadable, Interval
from models.db import sql
from models.db.tables import (
    Booking,
    BookingHost,
    BookingStatus,
    CalendarBusy,
    CalendarStatus,
    HostCalendar,
    Link,
    User,
)
from models.db.transactions import transaction
from models.webhooks import events as webhook_events
from models.webhooks.urls import UnsafeUrlError

BATCH = 10
LEASE = timedelta(minutes=2)

_CLAIM = """
UPDATE host_calendars SET next_sync_at = :lease_until
WHERE next_sync_at <= :now AND id IN (
    SELECT id FROM host_calendars WHERE next_sync_at <= :now
    ORDER BY next_sync_at, id LIMIT :batch {lock}
)
RETURNING id
"""


@dataclass(frozen=True, slots=True)
class Read:
    calendar: HostCalendar
    busy: Sequence[Interval] | None
    error: str = ""


async def claim_due(now: datetime, *, batch: int = BATCH) -> list[HostCalendar]:
    if not await HostCalendar.filter(next_sync_at__lte=now).exists():
        return []
    rows = await sql.fetch(
        _CLAIM.format(lock=sql.skip_locked()),
        {"lease_until": now + LEASE, "now": now, "batch": batch},
    )
    return list(await HostCalendar.filter(id__in=[int(row["id"]) for row in rows]))


async def read(calendar: HostCalendar, settings: Settings, now: datetime) -> Read:
    horizon = now + timedelta(days=settings.calendars.horizon_days)
    try:
        await check_reachable(calendar.url, settings)
        busy = await source_of(calendar, settings).busy(
            now, horizon, lambda uid: is_booking_uid(uid, settings.public_url)
        )
    except UnsafeUrlError as refusal:
        return Read(calendar, None, f"not read: the URL {refusal}")
    except CalendarUnreadable as failure:
        return Read(calendar, None, str(failure))
    return Read(calendar, busy[:MAX_INTERVALS])


async def store(result: Read, settings: Settings, now: datetime) -> bool:
    """Returns whether the host's busy times changed."""
    calendar = result.calendar
    refresh = timedelta(seconds=settings.calendars.refresh_seconds)
    trusted = now + timedelta(seconds=settings.calendars.trusted_seconds)
    mine = HostCalendar.filter(id=calendar.id)
    if result.busy is None:
        values: dict[str, object] = {
            "status": CalendarStatus.FAILING,
            "last_error": result.error[:500],
            "next_sync_at": now + refresh,
        }
        if settings.calendars.offer_when_unreadable:
            values["trusted_until"] = trusted
        await mine.update(**values)
        return False
    async with transaction():
        # A write first: on SQLite a transaction that reads first fails under contention.
        updated = await mine.update(
            status=CalendarStatus.OK,
            last_error="",
            synced_at=now,
            trusted_until=trusted,
            next_sync_at=now + refresh,
        )
        if not updated:
            # Disconnected meanwhile: its busy rows went with it.
            return False
        before = await CalendarBusy.filter(calendar_id=calendar.id).values_list(
            "start_at", "end_at"
        )
        changed = sorted(map(tuple, before)) != sorted(result.busy)
        if changed:
            await CalendarBusy.filter(calendar_id=calendar.id).delete()
            await CalendarBusy.bulk_create(
                [
                    CalendarBusy(
                        calendar_id=calendar.id, user_id=calendar.user_id, start_at=s, end_at=e
                    )
                    for s, e in result.busy
                ]
            )
            user = await User.get(id=calendar.user_id)
            # Live views of the host's free times refresh, as after a change of hours.
            await webhook_events.record([webhook_events.availability_event(user, now)])
    return changed


@dataclass(frozen=True, slots=True)
class MeetingWrite:
    """What one CALENDAR notification asks, as the booking is when it runs: the meeting's
    file put into the host's calendar, or (no file) its event removed. No calendar: nothing
    to do (disconnected, no longer taking meetings, or the booking is gone)."""

    calendar: HostCalendar | None
    uid: str = ""
    calendar_file: bytes | None = None


async def meeting_writes(wanted: Sequence[tuple[int, int]], public_url: str) -> list[MeetingWrite]:
    """The writes for (host id, booking id) pairs, in their order: five queries for the
    whole batch, and each booking's file made once for all its hosts."""
    calendars = {
        calendar.user_id: calendar
        for calendar in await HostCalendar.filter(
            user_id__in={host_id for host_id, _ in wanted}, write_meetings=True
        )
    }
    bookings = {
        booking.id: booking
        for booking in await Booking.filter(id__in={booking_id for _, booking_id in wanted})
    }
    attending: dict[int, list[int]] = defaultdict(list)
    for row in await BookingHost.filter(booking_id__in=list(bookings), active=True).values(
        "booking_id", "user_id"
    ):
        attending[int(row["booking_id"])].append(int(row["user_id"]))
    links = {
        link.id: link
        for link in await Link.filter(
            id__in={booking.link_id for booking in bookings.values()}
        ).select_related("owner", "meeting_type")
    }
    users = {
        user.id: user
        for user in await User.filter(
            id__in={user_id for hosts in attending.values() for user_id in hosts}
        )
    }
    files: dict[int, bytes] = {}

    def file_of(booking: Booking) -> bytes:
        if booking.id not in files:
            hosts = [users[user_id] for user_id in attending[booking.id] if user_id in users]
            link = links[booking.link_id]
            files[booking.id] = booking_calendar(
                parts_at_hand(booking, link, hosts, public_url, None), stored=True
            )
        return files[booking.id]

    writes: list[MeetingWrite] = []
    for host_id, booking_id in wanted:
        calendar = calendars.get(host_id)
        booking = bookings.get(booking_id)
        if calendar is None or booking is None:
            writes.append(MeetingWrite(None))
            continue
        uid = booking_uid(booking, public_url)
        if booking.status is BookingStatus.CANCELLED or host_id not in attending[booking.id]:
            writes.append(MeetingWrite(calendar, uid))
        else:
            writes.append(MeetingWrite(calendar, uid, file_of(booking)))
    return writes


async def write_meeting(
    write: MeetingWrite, settings: Settings, http: httpx.AsyncClient | None = None
) -> None:
    """Raises ``CalendarUnreadable`` (retried)."""
    if write.calendar is None:
        return
    source = source_of(write.calendar, settings, http)
    if write.calendar_file is None:
        await source.delete_event(write.uid)
    else:
        await source.put_event(write.uid, write.calendar_file)
