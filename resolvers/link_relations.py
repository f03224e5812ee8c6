"""A page of links with the relations its query asks for, loaded for the whole page at once.

Each link then answers ``owner``, ``hosts``, ``meetingType`` and ``singleUseLinks`` from what it
was given: no loader round, no awaiting, per link. Children are paged in SQL, the page's links
together (``resolvers.single_use_link_pages``). Only relations the query names are loaded,
with the same per-request loaders (and statements) as a link on its own would use.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from strawberry.types.nodes import SelectedField

from models.db import tables
from resolvers.context import Info
from resolvers.selections import node_fields
from resolvers.single_use_link_pages import ChildrenRows, prefetch_children
from schema.links.types import Link, LinkRelations, MeetingType
from schema.users.types import User

K = TypeVar("K")
T = TypeVar("T")


def _children_field(info: Info) -> SelectedField | None:
    """The query's ``singleUseLinks`` of each link, when it asks for it once (aliases asking
    twice, with other arguments, load per field instead)."""
    found = [f for f in node_fields(info.selected_fields) if f.name == "singleUseLinks"]
    return found[0] if len(found) == 1 else None


def _wanted(info: Info) -> set[str]:
    """The relations a page's links will be asked for, their children's included."""
    fields = node_fields(info.selected_fields)
    names = {field.name for field in fields}
    children = node_fields(field for field in fields if field.name == "singleUseLinks")
    for field in children:
        if field.name == "hosts":
            names.add("hosts")
        elif field.name in {"meetingType", "durationMinutes", "location"}:
            names.add("meetingType")
    return names


async def links_with_relations(info: Info, rows: Sequence[tables.Link]) -> list[Link]:
    wanted = _wanted(info)
    loaders = info.context.loaders
    ids = [row.id for row in rows]
    children_field = _children_field(info)
    host_ids, meeting_types, children = await asyncio.gather(
        _load_if("hosts" in wanted, loaders.host_ids_by_link_id.load_many, ids),
        _load_if(
            "meetingType" in wanted,
            loaders.meeting_type_by_id.load_many,
            [row.meeting_type_id for row in rows],
        ),
        _children(info, ids, children_field),
    )
    # Owners and hosts in one batch: a second loader round would be a second statement.
    user_ids = [row.owner_id for row in rows] if "owner" in wanted else []
    for hosts in host_ids:
        user_ids += hosts or []
    users = {
        row.id: User.from_row(row)
        for row in (await loaders.user_by_id.load_many(user_ids) if user_ids else [])
        if row is not None
    }
    return [
        Link.for_context(
            info,
            row,
            LinkRelations(
                owner=users.get(row.owner_id),
                hosts=None if hosts is None else [users[i] for i in hosts if i in users],
                meeting_type=None if meeting_type is None else MeetingType.from_row(meeting_type),
                children=own_children,
            ),
        )
        for row, hosts, meeting_type, own_children in zip(
            rows, host_ids, meeting_types, children, strict=True
        )
    ]


async def _children(
    info: Info, ids: Sequence[int], field: SelectedField | None
) -> Sequence[ChildrenRows | None]:
    prefetched = None if field is None else await prefetch_children(info, ids, field)
    return [None] * len(ids) if prefetched is None else prefetched


async def _load_if(
    wanted: bool, load_many: Callable[[Sequence[K]], Awaitable[Sequence[T]]], keys: Sequence[K]
) -> Sequence[T | None]:
    if not wanted:
        return [None] * len(keys)
    return await load_many(keys)
