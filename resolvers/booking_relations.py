"""A page of the meeting log with the relations its query asks for, loaded for the whole page
at once.

Each booking then answers ``link``, ``hosts``, ``singleUseLink`` and ``events`` from what it
was given: no loader round, no awaiting, per booking. Only relations the query names are
loaded, with the same per-request loaders (and statements) as a booking on its own would use.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import TypeVar

from strawberry.types.nodes import SelectedField

from models.db import tables
from resolvers.context import Info
from resolvers.selections import fields, node_fields
from schema.bookings.types import Booking, BookingEvent, BookingRelations
from schema.links.types import Link, SingleUseLink
from schema.users.types import User

K = TypeVar("K")
T = TypeVar("T")


def _wanted(asked: list[SelectedField]) -> set[str]:
    """The relations the bookings will be asked for; ``actor`` if their events' is."""
    names = {field.name for field in asked}
    events = [field for field in asked if field.name == "events"]
    if any(field.name == "actor" for event in events for field in fields(event.selections)):
        names.add("actor")
    return names


async def _load_if(
    wanted: bool, load_many: Callable[[Sequence[K]], Awaitable[list[T]]], keys: Sequence[K]
) -> list[T] | None:
    return await load_many(keys) if wanted else None


async def bookings_with_relations(
    info: Info, rows: Sequence[tables.Booking], *, listed: bool = False
) -> list[Booking]:
    """``listed``: the field is a list of bookings, not a connection of them."""
    wanted = _wanted(
        fields(
            selection for field in fields(info.selected_fields) for selection in field.selections
        )
        if listed
        else node_fields(info.selected_fields)
    )
    loaders = info.context.loaders
    ids = [row.id for row in rows]
    child_ids = (
        [row.single_use_link_id for row in rows if row.single_use_link_id is not None]
        if "singleUseLink" in wanted
        else []
    )
    link_ids = (
        list(dict.fromkeys(row.link_id for row in rows)) if "link" in wanted or child_ids else []
    )
    host_ids, link_rows, child_rows, event_rows = await asyncio.gather(
        _load_if("hosts" in wanted, loaders.host_ids_by_booking_id.load_many, ids),
        loaders.link_by_id.load_many(link_ids),
        loaders.single_use_link_by_id.load_many(child_ids),
        _load_if("events" in wanted, loaders.events_by_booking_id.load_many, ids),
    )
    links = {row.id: Link.for_context(info, row) for row in link_rows if row is not None}
    now = datetime.now(UTC)
    children = {row.id: row for row in child_rows if row is not None}
    # Hosts and the events' actors in one batch: a second loader round would be a statement.
    user_ids = [user_id for hosts in host_ids or [] for user_id in hosts]
    if "actor" in wanted:
        user_ids += [
            event.actor_user_id
            for events in event_rows or []
            for event in events
            if event.actor_user_id is not None
        ]
    users = {
        row.id: User.from_row(row)
        for row in (
            await loaders.user_by_id.load_many(list(dict.fromkeys(user_ids))) if user_ids else []
        )
        if row is not None
    }
    return [
        Booking.from_row(
            row,
            BookingRelations(
                link=links.get(row.link_id),
                hosts=None
                if host_ids is None
                else [users[i] for i in host_ids[index] if i in users],
                single_use_link=_single_use_link(row, children, links, now),
                single_use_link_loaded="singleUseLink" in wanted,
                events=None
                if event_rows is None
                else [BookingEvent.from_row(event) for event in event_rows[index]],
            ),
        )
        for index, row in enumerate(rows)
    ]


def _single_use_link(
    row: tables.Booking,
    children: Mapping[int, tables.SingleUseLink],
    links: Mapping[int, Link],
    now: datetime,
) -> SingleUseLink | None:
    child = None if row.single_use_link_id is None else children.get(row.single_use_link_id)
    link = links.get(row.link_id)
    if child is None or link is None:
        return None
    return SingleUseLink.build(child, link, now)


async def bookings_through(info: Info, single_use_link_id: int) -> list[Booking]:
    """The meetings booked through one single-use link, oldest first; its siblings' in the
    same batch."""
    rows = await info.context.loaders.bookings_by_single_use_link_id.load(single_use_link_id)
    return await bookings_with_relations(info, rows, listed=True)
