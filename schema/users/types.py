"""Organizations, users and API keys as GraphQL types."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry import relay

from models.accounts.permissions import may_see_api_key, may_see_user
from models.accounts.working_hours import ranges_from_json, ranges_to_json
from models.db import tables
from resolvers.context import Info
from resolvers.ids import parse_pk
from schema.links.bookable_by import BookableBy


def parse_node_ids(node_ids: Iterable[str]) -> list[int | None]:
    return [parse_pk(raw) for raw in node_ids]


@strawberry.enum(description="What a user may do in their organization.")
class Role(Enum):
    MEMBER = "MEMBER"
    ADMIN = "ADMIN"


@strawberry.type(description="Working time on one ISO weekday (1 = Monday), local to the user.")
class WorkingHoursRange:
    weekday: int
    start: str = strawberry.field(description="Local start, HH:MM.")
    end: str = strawberry.field(description="Local end, HH:MM; 24:00 is the end of the day.")


@strawberry.type
class Organization(relay.Node):
    id: relay.NodeID[int]
    name: str
    slug: str
    default_bookable_by: BookableBy = strawberry.field(
        description="What links created without saying get."
    )

    @classmethod
    def from_row(cls, row: tables.Organization) -> Organization:
        return cls(
            id=row.id,
            name=row.name,
            slug=row.slug,
            default_bookable_by=BookableBy(row.default_bookable_by),
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Organization | None]:
        ids = parse_node_ids(node_ids)
        rows = await info.context.loaders.organization_by_id.load_many([i or 0 for i in ids])
        return [cls.from_row(row) if row is not None else None for row in rows]


def _working_hours(root: User) -> list[WorkingHoursRange]:
    return [
        WorkingHoursRange(weekday=weekly["weekday"], start=weekly["start"], end=weekly["end"])
        for weekly in ranges_to_json(ranges_from_json(root.working_hours_json))
    ]


@strawberry.type
class User(relay.Node):
    id: relay.NodeID[int]
    email: str
    name: str
    time_zone: str
    role: Role
    working_hours: list[WorkingHoursRange] = strawberry.field(resolver=_working_hours)
    created_at: datetime
    # Read on demand: lists of users (owners and hosts of a page of links) rarely ask for it.
    working_hours_json: strawberry.Private[list[dict[str, Any]]]
    organization_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: tables.User) -> User:
        return cls(
            id=row.id,
            email=row.email,
            name=row.name,
            time_zone=row.time_zone,
            role=Role(row.role.value),
            working_hours_json=row.working_hours,
            created_at=row.created_at,
            organization_id=row.organization_id,
        )

    @strawberry.field
    async def organization(self, info: Info) -> Organization:
        row = await info.context.loaders.organization_by_id.load(self.organization_id)
        assert row is not None, "a visible user always belongs to the caller's organization"
        return Organization.from_row(row)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[User | None]:
        viewer = info.context.viewer
        ids = parse_node_ids(node_ids)
        rows = await info.context.loaders.user_by_id.load_many([i or 0 for i in ids])
        visible = [
            row if row is not None and viewer is not None and may_see_user(viewer, row.id) else None
            for row in rows
        ]
        return [cls.from_row(row) if row is not None else None for row in visible]


@strawberry.type(description="An API key's public face; the key itself is shown only once.")
class ApiKey(relay.Node):
    id: relay.NodeID[int]
    label: str
    prefix: str = strawberry.field(description="First characters of the key, to recognize it.")
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    user_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: tables.ApiKey) -> ApiKey:
        return cls(
            id=row.id,
            label=row.label,
            prefix=row.prefix,
            created_at=row.created_at,
            last_used_at=row.last_used_at,
            revoked_at=row.revoked_at,
            user_id=row.user_id,
        )

    @strawberry.field
    async def user(self, info: Info) -> User:
        row = await info.context.loaders.user_by_id.load(self.user_id)
        assert row is not None, "a visible key always belongs to the caller's organization"
        return User.from_row(row)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[ApiKey | None]:
        viewer = info.context.viewer
        ids = parse_node_ids(node_ids)
        rows = await info.context.loaders.api_key_by_id.load_many([i or 0 for i in ids])
        return [
            cls.from_row(row)
            if row is not None and viewer is not None and may_see_api_key(viewer, row.user_id)
            else None
            for row in rows
        ]
