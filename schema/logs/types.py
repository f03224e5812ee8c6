"""The meeting log's inputs and the refused-attempt rows."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from enum import Enum

import strawberry
from strawberry import relay

from models.db import tables
from resolvers import node_reads
from resolvers.context import Info
from schema.bookings.types import BookingStatus
from schema.links.types import Link, LinkType, SingleUseLink
from schema.users.types import parse_node_ids


@strawberry.enum
class MeetingLogOrder(Enum):
    START_AT_ASC = "START_AT_ASC"
    START_AT_DESC = "START_AT_DESC"
    BOOKED_AT_ASC = "BOOKED_AT_ASC"
    BOOKED_AT_DESC = "BOOKED_AT_DESC"


@strawberry.input
class MeetingLogFilter:
    hide_single_use: bool = strawberry.field(
        default=False, description="Hide meetings booked through single-use links."
    )
    link_type: LinkType | None = None
    status: BookingStatus | None = None
    host_id: relay.GlobalID | None = None
    owner_id: relay.GlobalID | None = None
    link_id: relay.GlobalID | None = None
    single_use_link_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The meetings booked through one single-use link."
    )
    start_from: datetime | None = strawberry.field(default=None, description="Inclusive.")
    start_to: datetime | None = strawberry.field(default=None, description="Exclusive.")
    booked_from: datetime | None = None
    booked_to: datetime | None = None
    invitee_email: str | None = strawberry.field(default=None, description="Substring search.")


@strawberry.enum
class RefusalReason(Enum):
    USED = "USED"
    EXPIRED = "EXPIRED"
    REVOKED = "REVOKED"
    DISABLED = "DISABLED"
    NOT_INVITEE = strawberry.enum_value(
        "NOT_INVITEE", description="Locked to its invitee, presented with another email."
    )


@strawberry.input
class RefusedAttemptFilter:
    reason: RefusalReason | None = None
    link_id: relay.GlobalID | None = None
    single_use_link_id: relay.GlobalID | None = None
    occurred_from: datetime | None = None
    occurred_to: datetime | None = None


@strawberry.type(description="Someone presented a single-use link that could not be booked.")
class RefusedAttempt(relay.Node):
    id: relay.NodeID[int]
    reason: RefusalReason
    invitee_email: str
    occurred_at: datetime
    row: strawberry.Private[tables.RefusedAttempt]

    @classmethod
    def from_row(cls, row: tables.RefusedAttempt) -> RefusedAttempt:
        return cls(
            id=row.id,
            reason=RefusalReason(row.reason),
            invitee_email=row.invitee_email,
            occurred_at=row.occurred_at,
            row=row,
        )

    @strawberry.field
    async def link(self, info: Info) -> Link:
        row = await info.context.loaders.link_by_id.load(self.row.link_id)
        assert row is not None
        return Link.for_context(info, row)

    @strawberry.field
    async def single_use_link(self, info: Info) -> SingleUseLink:
        loaders = info.context.loaders
        child = await loaders.single_use_link_by_id.load(self.row.single_use_link_id)
        parent = await loaders.link_by_id.load(self.row.link_id)
        assert child is not None
        assert parent is not None
        return SingleUseLink.build(child, Link.for_context(info, parent), datetime.now(UTC))

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[RefusedAttempt | None]:
        ids = parse_node_ids(node_ids)
        rows = {row.id: row for row in await node_reads.refused_attempts(info, ids)}
        return [cls.from_row(rows[i]) if i in rows else None for i in ids]
