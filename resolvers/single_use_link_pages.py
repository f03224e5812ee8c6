"""A page of a link's single-use children, read in SQL: newest first, of a status, after a
cursor. The links of one page of links share one statement (and one more for their counts,
when the query asks for ``totalCount``), however many children each has."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

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
    limit = page_size(first)
    before_id = decode_cursor(after)
    loaders = info.context.loaders
    page = loaders.single_use_link_page.load((link_id, ChildrenPage(status, limit + 1, before_id)))
    if _asks_for_total(info):
        rows, total = await asyncio.gather(
            page, loaders.single_use_link_count.load((link_id, status))
        )
    else:
        rows, total = await page, 0
    return ChildrenRows(rows, limit, total, before_id is not None)


def _asks_for_total(info: Info) -> bool:
    """Counting reads every matching child: only when the query asks (and its @include or
    @skip let it)."""
    return any(
        field.name == "totalCount" and _included(field.directives)
        for connection in info.selected_fields
        for field in fields(connection.selections)
    )


def _included(directives: dict[str, dict[str, object]]) -> bool:
    include, skip = directives.get("include"), directives.get("skip")
    return (include is None or bool(include.get("if"))) and not (skip and skip.get("if"))
