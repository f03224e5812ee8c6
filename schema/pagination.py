"""Relay connections with a total count."""

from __future__ import annotations

from typing import Generic, TypeVar

import strawberry
from strawberry import relay

NodeType = TypeVar("NodeType")


@strawberry.type
class Edge(Generic[NodeType]):
    cursor: str
    node: NodeType


@strawberry.type
class Connection(Generic[NodeType]):
    edges: list[Edge[NodeType]]
    page_info: relay.PageInfo
    total_count: int
