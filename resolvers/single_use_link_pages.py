"""A page of a link's single-use children, read in SQL: newest first, of a status, after a
cursor. The links of one page of links share one statement (and one more for their counts,
when the query asks for ``totalCount``), however many children each has."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from strawberry.types.nodes import SelectedField, Selection

from models.errors import InvalidInputError
from models.links.listing_reads import ChildrenPage, SingleUseLinkRow
from models.links.rules import SingleUseStatus
from resolvers.context import Info
from resolvers.pagination import decode_cursor, page_size
from resolvers.selections import fields


@dataclass(frozen=True, slots=True)
class ChildrenRows:
    rows: list[SingleUseLinkRow]
    """Up to ``limit + 1``: the extra row only tells that there is a next page."""
    limit: int
    total: int
    after_given: bool


async def children_rows(
    info: Info, link_id: int, status: SingleUseStatus | None, first: int | None, after: str | None
) -> ChildrenRows:
    [rows] = await _pages(
        info, [link_id], status, first, after, _asks_for_total(info.selected_fields)
    )
    return rows


async def prefetch_children(
    info: Info, link_ids: Sequence[int], field: SelectedField
) -> list[ChildrenRows] | None:
    """The pages that each link's ``singleUseLinks`` (this field of the query) will show,
    read for a page of links at once, so that no link awaits a loader of its own. None when
    the arguments are not valid: then each field reports that itself."""
    arguments = field.arguments
    status = arguments.get("status")
    try:
        return await _pages(
            info,
            link_ids,
            None if status is None else SingleUseStatus(str(status)),
            arguments.get("first"),
            arguments.get("after"),
            _asks_for_total([field]),
        )
    except (InvalidInputError, ValueError, TypeError):
        return None


async def _pages(
    info: Info,
    link_ids: Sequence[int],
    status: SingleUseStatus | None,
    first: object,
    after: object,
    with_total: bool,
) -> list[ChildrenRows]:
    if not (first is None or isinstance(first, int)) or not (
        after is None or isinstance(after, str)
    ):
        raise TypeError("first and after are an Int and a String")
    limit = page_size(first)
    before_id = decode_cursor(after)
    loaders = info.context.loaders
    page = ChildrenPage(status, limit + 1, before_id)
    pages = loaders.single_use_link_page.load_many([(link_id, page) for link_id in link_ids])
    if with_total:
        rows, totals = await asyncio.gather(
            pages, loaders.single_use_link_count.load_many([(i, status) for i in link_ids])
        )
    else:
        rows, totals = await pages, [0] * len(link_ids)
    return [
        ChildrenRows(own, limit, total, before_id is not None)
        for own, total in zip(rows, totals, strict=True)
    ]


def _asks_for_total(connections: Sequence[Selection]) -> bool:
    """Counting reads every matching child: only when the query asks (and its @include or
    @skip let it)."""
    return any(
        field.name == "totalCount" and _included(field.directives)
        for connection in fields(connections)
        for field in fields(connection.selections)
    )


def _included(directives: dict[str, dict[str, object]]) -> bool:
    include, skip = directives.get("include"), directives.get("skip")
    return (include is None or bool(include.get("if"))) and not (skip and skip.get("if"))
