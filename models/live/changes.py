"""Committed outbox events with what live updates need to tell who may see them and to show
them: the link, its hosts, the booking, its hosts, the single-use link. Loaded once per batch
of events for every subscriber of the process (a few statements, however many events)."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from models.accounts.viewer import Viewer
from models.booking.permissions import may_see_booking
from models.db.tables import Booking, BookingHost, Link, LinkHost, SingleUseLink
from models.links.permissions import may_see_link
from models.webhooks.events import EventType, OutboxEvent

BOOKING_EVENTS = frozenset(
    {
        EventType.BOOKING_CREATED,
        EventType.BOOKING_RESCHEDULED,
        EventType.BOOKING_CANCELLED,
        EventType.BOOKING_REASSIGNED,
    }
)
SINGLE_USE_LINK_EVENTS = frozenset(
    {
        EventType.SINGLE_USE_LINK_CREATED,
        EventType.SINGLE_USE_LINK_USED,
        EventType.SINGLE_USE_LINK_EXPIRED,
        EventType.SINGLE_USE_LINK_REVOKED,
    }
)


@dataclass(frozen=True, slots=True)
class Change:
    event: OutboxEvent
    # The link the event is about (a single-use link's parent), as it is now.
    link: Link | None
    link_host_ids: frozenset[int]
    booking: Booking | None
    booking_host_ids: frozenset[int]
    single_use_link: SingleUseLink | None
    # AVAILABILITY_CHANGED: whose hours changed.
    user_id: int | None = None

    def touches_hosts(self, host_ids: AbstractSet[int]) -> bool:
        """Whether the change can move the free times of someone among ``host_ids``: their
        meetings booked, moved or cancelled, or their hours changed."""
        if self.event.type in BOOKING_EVENTS:
            return not self.booking_host_ids.isdisjoint(host_ids)
        return self.user_id is not None and self.user_id in host_ids

    def link_visible_to(self, viewer: Viewer) -> bool:
        link = self.link
        return link is not None and may_see_link(
            viewer, link.organization_id, link.owner_id, self.link_host_ids
        )

    def booking_visible_to(self, viewer: Viewer) -> bool:
        """As the meeting log: admins, the link's owner, the booking's hosts."""
        return (
            self.booking is not None
            and self.link is not None
            and self.booking.organization_id == viewer.organization_id
            and may_see_booking(viewer, self.link.owner_id, self.booking_host_ids)
        )


async def changes_of(events: Sequence[OutboxEvent]) -> list[Change]:
    link_ids = {e.link_id for e in events if e.link_id is not None}
    booking_ids = {pk for e in events if (pk := _booking_pk(e)) is not None}
    child_ids = {pk for e in events if (pk := e.object_id("singleUseLink", "id")) is not None}
    links, link_hosts, bookings, booking_hosts, children = await asyncio.gather(
        _links(link_ids),
        _link_hosts(link_ids),
        _bookings(booking_ids),
        _booking_hosts(booking_ids),
        _single_use_links(child_ids),
    )
    links_by_id = {link.id: link for link in links}
    hosts_of_link = link_hosts
    bookings_by_id = {booking.id: booking for booking in bookings}
    hosts_of_booking = booking_hosts
    children_by_id = {child.id: child for child in children}
    changes = []
    for event in events:
        booking_pk = _booking_pk(event)
        child_pk = event.object_id("singleUseLink", "id")
        changes.append(
            Change(
                event=event,
                link=links_by_id.get(event.link_id or 0),
                link_host_ids=hosts_of_link.get(event.link_id or 0, frozenset()),
                booking=bookings_by_id.get(booking_pk or 0),
                booking_host_ids=hosts_of_booking.get(booking_pk or 0, frozenset()),
                single_use_link=children_by_id.get(child_pk or 0),
                user_id=event.object_id("user", "id")
                if event.type is EventType.AVAILABILITY_CHANGED
                else None,
            )
        )
    return changes


def _booking_pk(event: OutboxEvent) -> int | None:
    return event.object_id("booking", "id") if event.type in BOOKING_EVENTS else None


async def _links(ids: set[int]) -> list[Link]:
    return await Link.filter(id__in=ids) if ids else []


async def _bookings(ids: set[int]) -> list[Booking]:
    return await Booking.filter(id__in=ids) if ids else []


async def _single_use_links(ids: set[int]) -> list[SingleUseLink]:
    return await SingleUseLink.filter(id__in=ids) if ids else []


async def _link_hosts(link_ids: set[int]) -> dict[int, frozenset[int]]:
    if not link_ids:
        return {}
    rows = await LinkHost.filter(link_id__in=link_ids).values("link_id", "user_id")
    return _grouped((int(row["link_id"]), int(row["user_id"])) for row in rows)


async def _booking_hosts(booking_ids: set[int]) -> dict[int, frozenset[int]]:
    if not booking_ids:
        return {}
    rows = await BookingHost.filter(booking_id__in=booking_ids).values("booking_id", "user_id")
    return _grouped((int(row["booking_id"]), int(row["user_id"])) for row in rows)


def _grouped(pairs: Iterable[tuple[int, int]]) -> dict[int, frozenset[int]]:
    grouped: defaultdict[int, set[int]] = defaultdict(set)
    for key, member in pairs:
        grouped[key].add(member)
    return {key: frozenset(members) for key, members in grouped.items()}
