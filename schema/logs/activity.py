"""The activity stream's types."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry
from strawberry import relay

from schema.bookings.types import Booking
from schema.links.types import Link, SingleUseLink


@strawberry.enum(description="What happened.")
class ActivityKind(Enum):
    MINTED = "MINTED"
    USED = "USED"
    EXPIRED = "EXPIRED"
    REVOKED = "REVOKED"
    BOOKED = "BOOKED"
    RESCHEDULED = "RESCHEDULED"
    CANCELLED = "CANCELLED"
    LINK_CHANGED = "LINK_CHANGED"


@strawberry.type(description="One thing that happened to a link, a single-use link or a meeting.")
class ActivityItem:
    id: strawberry.ID = strawberry.field(
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


@strawberry.input(description="Every condition given must hold.")
class ActivityFilter:
    kinds: list[ActivityKind] | None = None
    link_id: relay.GlobalID | None = None
    occurred_from: datetime | None = strawberry.field(default=None, description="Inclusive.")
    occurred_to: datetime | None = strawberry.field(default=None, description="Exclusive.")
