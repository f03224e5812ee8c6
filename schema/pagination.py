"""Relay connections with a total count."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

import strawberry
from strawberry import relay

NodeType = TypeVar("NodeType")
Row = TypeVar("Row")


@strawberry.type
class Edge(Generic[NodeType]):
    cursor: str
    node: NodeType


@strawberry.type
class Connection(Generic[NodeType]):
    edges: list[Edge[NodeType]]
    page_info: relay.PageInfo
    total_count: int


def connection_of(
    rows: Sequence[Row],
    *,
    limit: int,
    cursor: Callable[[Row], str],
    node: Callable[[Row], NodeType],
    total: int,
    after_given: bool,
) -> Connection[NodeType]:
    """A page from ``rows`` fetched with ``limit + 1``: the extra row only tells that there is
    a next page."""
    page = rows[:limit]
    cursors = [cursor(row) for row in page]
    return Connection(
        edges=[Edge(cursor=c, node=node(row)) for c, row in zip(cursors, page, strict=True)],
        page_info=relay.PageInfo(
            has_next_page=len(rows) > limit,
            has_previous_page=after_given,
            start_cursor=cursors[0] if cursors else None,
            end_cursor=cursors[-1] if cursors else None,
        ),
        total_count=total,
    )
