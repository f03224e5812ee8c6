"""The activity stream's types."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import Enum

import strawberry
from strawberry import relay

from resolvers.context import Info
from schema.bookings.types import Booking
from schema.links.types import Link, SingleUseLink
from schema.users.types import parse_node_ids


@strawberry.enum(description="What happened.")
class ActivityKind(Enum):
    MINTED = "MINTED"
    USED = "USED"
    EXPIRED = "EXPIRED"
    REVOKED = "REVOKED"
    BOOKED = "BOOKED"
    RESCHEDULED = "RESCHEDULED"
    CANCELLED = "CANCELLED"
    REASSIGNED = "REASSIGNED"
    LINK_CHANGED = "LINK_CHANGED"


@strawberry.type(description="One thing that happened to a link, a single-use link or a meeting.")
class ActivityItem(relay.Node):
    id: relay.NodeID[int]
    webhook_id: str = strawberry.field(
        description="The event's webhook-id: the same as its webhooks carry."
    )
    kind: ActivityKind
    occurred_at: datetime
    actor: str = strawberry.field(description="INVITEE, USER or SYSTEM (the expiry sweep).")
    summary: str = strawberry.field(description="One line for a person to read.")
    link: Link = strawberry.field(description="The link (a single-use link's parent).")
    single_use_link: SingleUseLink | None
    booking: Booking | None
    changed: list[str] | None = strawberry.field(
        description="LINK_CHANGED: the fields that changed, named as in the API."
    )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[ActivityItem | None]:
        # The stream's resolver builds items; it imports this module, hence here.
        from resolvers.activity import activity_items

        ids = parse_node_ids(node_ids)
        found = await activity_items(info, [i for i in ids if i is not None])
        return [found.get(i) if i is not None else None for i in ids]


@strawberry.input(description="Every condition given must hold.")
class ActivityFilter:
    kinds: list[ActivityKind] | None = None
    link_id: relay.GlobalID | None = None
    occurred_from: datetime | None = strawberry.field(default=None, description="Inclusive.")
    occurred_to: datetime | None = strawberry.field(default=None, description="Exclusive.")
