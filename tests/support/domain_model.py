"""A plain-Python model of links, single-use links and bookings: what the domain should answer,
written from the product's rules and not from the code that implements them.

Hosts work 08:00-18:00 UTC every day, every link offers a 30-minute grid from 08:00 with one
hour of notice, so whether a slot is free depends only on the clock, expiries and the other
meetings of the hosts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

OPEN, CLOSE = time(8), time(18)
NOTICE = timedelta(minutes=60)
HORIZON = timedelta(days=60)
GRID = timedelta(minutes=30)

ACTIVE, USED, EXPIRED, REVOKED, DISABLED = "ACTIVE", "USED", "EXPIRED", "REVOKED", "DISABLED"


@dataclass
class MeetingTypeState:
    id: int
    duration: timedelta
    buffer_before: timedelta = timedelta(0)
    buffer_after: timedelta = timedelta(0)


@dataclass
class LinkState:
    id: int
    key: str
    meeting_type_id: int
    host_ids: list[int]
    expires_at: datetime | None = None
    archived: bool = False
    active: bool = True

    @property
    def disabled(self) -> bool:
        return self.archived or not self.active


@dataclass
class ChildState:
    id: int
    token: str
    link_id: int
    max_uses: int
    expires_at: datetime | None = None
    invitee_email: str | None = None
    locked: bool = False
    uses: int = 0
    revoked: bool = False
    refused: int = 0


@dataclass
class BookingState:
    id: int
    link_id: int
    child_id: int | None
    start: datetime
    end: datetime
    host_ids: list[int]
    buffer_before: timedelta
    buffer_after: timedelta
    manage_token: str
    # What was sent: link key, start, invitee email and idempotency key.
    request: tuple[str, datetime, str, str | None]
    confirmed: bool = True
    reschedules: int = 0


@dataclass(frozen=True, slots=True)
class Slot:
    """A meeting being placed: its time, its buffers and whose calendars it needs."""

    start: datetime
    end: datetime
    buffer_before: timedelta
    buffer_after: timedelta
    host_ids: list[int]


@dataclass
class World:
    now: datetime
    meeting_types: dict[int, MeetingTypeState] = field(default_factory=dict)
    links: dict[int, LinkState] = field(default_factory=dict)
    children: dict[int, ChildState] = field(default_factory=dict)
    bookings: dict[int, BookingState] = field(default_factory=dict)
    # (link key, idempotency key) -> ((start, email), booking id)
    idempotency: dict[tuple[str, str], tuple[tuple[datetime, str], int]] = field(
        default_factory=dict
    )

    def effective_expiry(self, child: ChildState) -> datetime | None:
        parent = self.links[child.link_id].expires_at
        present = [m for m in (child.expires_at, parent) if m is not None]
        return min(present) if present else None

    def child_status(self, child: ChildState) -> str:
        # The owner's act first, then spent uses, then the parent, then the clock.
        if child.revoked:
            return REVOKED
        if child.uses >= child.max_uses:
            return USED
        if self.links[child.link_id].disabled:
            return DISABLED
        expiry = self.effective_expiry(child)
        if expiry is not None and expiry <= self.now:
            return EXPIRED
        return ACTIVE

    def link_status(self, link: LinkState) -> str:
        if link.disabled:
            return DISABLED
        if link.expires_at is not None and link.expires_at <= self.now:
            return EXPIRED
        return ACTIVE

    def slot_is_free(
        self,
        slot: Slot,
        *,
        earliest: datetime,
        ignore_booking_id: int | None = None,
    ) -> bool:
        """A link's expiry is not checked here: it governs use of the link, not when its
        meetings start (the machine sets no start cutoffs)."""
        if slot.start < earliest or slot.start > self.now + HORIZON:
            return False
        day = slot.start.date()
        opens = datetime.combine(day, OPEN, slot.start.tzinfo)
        closes = datetime.combine(day, CLOSE, slot.start.tzinfo)
        if slot.start < opens or slot.end > closes or (slot.start - opens) % GRID:
            return False
        return not any(
            self._clash(slot, other)
            for other in self.bookings.values()
            if other.confirmed
            and other.id != ignore_booking_id
            and set(other.host_ids) & set(slot.host_ids)
        )

    @staticmethod
    def _clash(slot: Slot, other: BookingState) -> bool:
        """Buffers keep two meetings apart by the larger of the two facing buffers."""
        gap_before = max(slot.buffer_before, other.buffer_after)
        gap_after = max(slot.buffer_after, other.buffer_before)
        return slot.start < other.end + gap_before and other.start < slot.end + gap_after

    def confirmed_of_host(self, host_id: int) -> list[BookingState]:
        return [b for b in self.bookings.values() if b.confirmed and host_id in b.host_ids]
