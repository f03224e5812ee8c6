"""The activity stream: a page of outbox events as activity items, their links, single-use
links and bookings loaded for the whole page at once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from models.reporting import activity
from models.validation import FieldErrors, clean_optional_instant
from models.webhooks.events import EventType, OutboxEvent, message_id
from resolvers.context import Info
from resolvers.ids import decode_id
from resolvers.pagination import decode_cursor, encode_cursor, page_size
from schema.bookings.types import Booking
from schema.links.types import Link, SingleUseLink
from schema.logs.activity import ActivityFilter, ActivityItem, ActivityKind
from schema.pagination import Connection, connection_of

KINDS = {
    EventType.SINGLE_USE_LINK_CREATED: ActivityKind.MINTED,
    EventType.SINGLE_USE_LINK_USED: ActivityKind.USED,
    EventType.SINGLE_USE_LINK_EXPIRED: ActivityKind.EXPIRED,
    EventType.SINGLE_USE_LINK_REVOKED: ActivityKind.REVOKED,
    EventType.BOOKING_CREATED: ActivityKind.BOOKED,
    EventType.BOOKING_RESCHEDULED: ActivityKind.RESCHEDULED,
    EventType.BOOKING_CANCELLED: ActivityKind.CANCELLED,
    EventType.BOOKING_REASSIGNED: ActivityKind.REASSIGNED,
    EventType.LINK_UPDATED: ActivityKind.LINK_CHANGED,
}
_TYPES = {kind: event_type for event_type, kind in KINDS.items()}
_ACTORS = {
    ActivityKind.MINTED: "USER",
    ActivityKind.USED: "INVITEE",
    ActivityKind.EXPIRED: "SYSTEM",
    ActivityKind.REVOKED: "USER",
}


async def activity_page(
    info: Info,
    filter: ActivityFilter | None = None,
    first: int | None = None,
    after: str | None = None,
) -> Connection[ActivityItem]:
    viewer = info.context.require_viewer()
    limit = page_size(first)
    before_id = decode_cursor(after)
    given = _filter(filter)
    rows, total = await asyncio.gather(
        activity.activity_page(viewer, given, take=limit + 1, before_id=before_id),
        activity.activity_count(viewer, given),
    )
    items = await _items(info, rows[:limit])
    return connection_of(
        rows,
        limit=limit,
        cursor=lambda row: encode_cursor(row.id),
        node=lambda row: items[row.id],
        total=total,
        after_given=before_id is not None,
    )


async def activity_items(info: Info, ids: list[int]) -> dict[int, ActivityItem]:
    """Items by id, of those the caller's stream holds."""
    viewer = info.context.viewer
    if viewer is None or not ids:
        return {}
    rows = await activity.activity_page(
        viewer, activity.ActivityFilter(ids=ids), take=len(ids), before_id=None
    )
    return await _items(info, rows)


def _filter(given: ActivityFilter | None) -> activity.ActivityFilter:
    if given is None:
        return activity.ActivityFilter()
    errors = FieldErrors()
    occurred_from = clean_optional_instant(errors, "filter.occurredFrom", given.occurred_from)
    occurred_to = clean_optional_instant(errors, "filter.occurredTo", given.occurred_to)
    errors.raise_if_any()
    return activity.ActivityFilter(
        types=None if given.kinds is None else [_TYPES[kind] for kind in given.kinds],
        link_id=None if given.link_id is None else decode_id(given.link_id, "Link"),
        occurred_from=occurred_from,
        occurred_to=occurred_to,
    )


async def _items(info: Info, rows: list[OutboxEvent]) -> dict[int, ActivityItem]:
    loaders = info.context.loaders
    child_ids = {row.id: row.object_id("singleUseLink", "id") for row in rows}
    booking_ids = {
        row.id: row.object_id("booking", "id") or row.object_id("bookingId") for row in rows
    }
    link_rows, child_rows, booking_rows = await asyncio.gather(
        loaders.link_by_id.load_many(list(dict.fromkeys(row.link_id or 0 for row in rows))),
        loaders.single_use_link_by_id.load_many([i for i in child_ids.values() if i is not None]),
        loaders.booking_by_id.load_many([i for i in booking_ids.values() if i is not None]),
    )
    links = {row.id: Link.for_context(info, row) for row in link_rows if row is not None}
    children = {row.id: row for row in child_rows if row is not None}
    bookings = {row.id: row for row in booking_rows if row is not None}
    now = datetime.now(UTC)
    items: dict[int, ActivityItem] = {}
    for row in rows:
        link = links[row.link_id or 0]
        child = children.get(child_ids[row.id] or 0)
        booking = bookings.get(booking_ids[row.id] or 0)
        kind = KINDS[row.type]
        items[row.id] = ActivityItem(
            id=row.id,
            webhook_id=message_id(row.id),
            kind=kind,
            occurred_at=row.occurred_at,
            actor=str(row.data.get("actor") or _ACTORS.get(kind, "USER")),
            summary=_summary(kind, row, link),
            link=link,
            single_use_link=None if child is None else SingleUseLink.build(child, link, now),
            booking=None if booking is None else Booking.from_row(booking),
            changed=row.data.get("changed") if kind is ActivityKind.LINK_CHANGED else None,
        )
    return items


def _summary(kind: ActivityKind, row: OutboxEvent, link: Link) -> str:
    data = row.data
    label = (data.get("singleUseLink") or {}).get("label") or "(no label)"
    booking = data.get("booking") or {}
    invitee = (booking.get("invitee") or {}).get("name", "")
    start = booking.get("startAt", "")
    if kind is ActivityKind.MINTED:
        return f"Single-use link “{label}” minted from {link.name}"
    if kind is ActivityKind.USED:
        return f"Single-use link “{label}” used to book a meeting"
    if kind is ActivityKind.EXPIRED:
        return f"Single-use link “{label}” expired unused"
    if kind is ActivityKind.REVOKED:
        return f"Single-use link “{label}” revoked"
    if kind is ActivityKind.BOOKED:
        return f"{invitee} booked {link.name} for {start}"
    if kind is ActivityKind.RESCHEDULED:
        return f"{invitee}'s {link.name} moved to {start}"
    if kind is ActivityKind.CANCELLED:
        return f"{invitee}'s {link.name} on {start} cancelled"
    if kind is ActivityKind.REASSIGNED:
        hosts = ", ".join(host.get("name", "") for host in data.get("meeting", {}).get("hosts", []))
        return f"{invitee}'s {link.name} on {start} given to {hosts}"
    return f"{link.name} changed: {', '.join(data.get('changed', []))}"
