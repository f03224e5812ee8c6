"""Slots of a link over a window: validated here, computed by the pure function in models.
Anonymous callers pay for each computation from their address's budget, once the window is
known to be valid."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from models.booking.availability import SlotRules
from models.booking.bookings import Actor, reschedule_terms
from models.booking.schedules import offered_slots, slot_rules
from models.db.tables import Booking, Link, MeetingType
from models.errors import InvalidInputError
from models.validation import FieldErrors, clean_instant, clean_time_zone
from resolvers.context import Info
from schema.slots import AvailableSlots

MAX_WINDOW = timedelta(days=62)
MAX_SLOTS_PER_ANSWER = 500
# Far enough from the calendar's ends that the day margins of slot generation stay in range.
EARLIEST_SLOT = datetime(1970, 1, 1, tzinfo=UTC)
LATEST_SLOT = datetime(9000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class SlotWindow:
    start: datetime
    end: datetime
    time_zone: str


def slot_window(start: datetime, end: datetime, time_zone: str) -> SlotWindow:
    errors = FieldErrors()
    start = clean_instant(errors, "from", start)
    end = clean_instant(errors, "to", end)
    zone_name = clean_time_zone(errors, "timeZone", time_zone)
    if not errors.has("from") and not errors.has("to"):
        if start < EARLIEST_SLOT:
            errors.add("from", "must be in 1970 or later")
        elif end > LATEST_SLOT:
            errors.add("to", "must be before the year 9000")
        elif end <= start:
            errors.add("to", "must be after from")
        elif end - start > MAX_WINDOW:
            errors.add("to", f"the range may span at most {MAX_WINDOW.days} days")
    errors.raise_if_any()
    return SlotWindow(start, end, zone_name)


def _say_why_nothing_can_be_offered(rules: SlotRules, window: SlotWindow) -> None:
    """A window wholly past what the link books is a question with no answer but a reason."""
    if window.start > rules.latest_start:
        raise InvalidInputError.single(
            "from",
            "is past how far ahead this link books: the last bookable start is "
            f"{rules.latest_start.isoformat(timespec='minutes')}",
        )
    if rules.starts_before is not None and window.start >= rules.starts_before:
        raise InvalidInputError.single(
            "from",
            "is after the link's last meeting start: meetings must start before "
            f"{rules.starts_before.isoformat(timespec='minutes')}",
        )


async def reschedule_slots(info: Info, booking: Booking, window: SlotWindow) -> AvailableSlots:
    """Where the invitee may move ``booking``: its link's rules, its own hosts (or, for a round
    robin, any host of the pool) and duration, its own time free."""
    await info.context.failed_lookups.charge_slot_query(
        info.context.settings.limits.slot_queries_per_minute
    )
    terms = await reschedule_terms(booking, Actor.invitee(), datetime.now(UTC))
    _say_why_nothing_can_be_offered(terms.rules, window)
    # A round robin's meeting may move to any time a host of the pool is free (models.booking).
    slots = await offered_slots(
        terms.pool_ids or terms.host_ids,
        terms.rules,
        window.start,
        window.end,
        any_host=bool(terms.pool_ids),
        ignore_booking_id=booking.id,
    )
    return _answer(slots, window)


async def available_slots(
    info: Info,
    link: Link,
    meeting_type: MeetingType,
    host_ids: Sequence[int],
    starts_before: datetime | None,
    window: SlotWindow,
    *,
    charge: bool = True,
) -> AvailableSlots:
    """``charge=False``: computed again for a live subscriber whose first answer was paid."""
    if charge:
        await info.context.failed_lookups.charge_slot_query(
            info.context.settings.limits.slot_queries_per_minute
        )
    rules = slot_rules(link, meeting_type, datetime.now(UTC), starts_before)
    _say_why_nothing_can_be_offered(rules, window)
    slots = await offered_slots(
        host_ids, rules, window.start, window.end, any_host=link.assignment.picks_one_host
    )
    return _answer(slots, window)


def _answer(slots: Sequence[datetime], window: SlotWindow) -> AvailableSlots:
    zone = ZoneInfo(window.time_zone)
    shown = slots[:MAX_SLOTS_PER_ANSWER]
    return AvailableSlots(
        time_zone=window.time_zone,
        slots=[slot.astimezone(zone) for slot in shown],
        next_from=slots[MAX_SLOTS_PER_ANSWER].astimezone(zone)
        if len(slots) > MAX_SLOTS_PER_ANSWER
        else None,
    )
