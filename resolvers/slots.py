"""Slots of a link over a window: validated here, computed by the pure function in models."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from models.booking.schedules import offered_slots, slot_rules
from models.db.tables import Link, MeetingType
from models.validation import FieldErrors, clean_instant, clean_time_zone
from schema.slots import AvailableSlots

MAX_WINDOW = timedelta(days=62)
# Far enough from the calendar's ends that the day margins of slot generation stay in range.
EARLIEST_SLOT = datetime(1970, 1, 1, tzinfo=UTC)
LATEST_SLOT = datetime(9000, 1, 1, tzinfo=UTC)


async def available_slots(
    link: Link,
    meeting_type: MeetingType,
    host_ids: Sequence[int],
    expires_at: datetime | None,
    start: datetime,
    end: datetime,
    time_zone: str,
) -> AvailableSlots:
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
    rules = slot_rules(link, meeting_type, datetime.now(UTC), expires_at)
    zone = ZoneInfo(zone_name)
    slots = await offered_slots(host_ids, rules, start, end)
    return AvailableSlots(time_zone=zone_name, slots=[s.astimezone(zone) for s in slots])
