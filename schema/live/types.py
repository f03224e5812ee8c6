"""What live subscriptions send."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from schema.bookings.types import Booking, BookingEventKind
from schema.errors import LinkUnavailable, RateLimited
from schema.links.types import Link, SingleUseLink
from schema.logs.activity import ActivityKind
from schema.slots import AvailableSlots


@strawberry.type(description="A meeting of the meeting log booked, moved or cancelled.")
class MeetingLogChange:
    kind: BookingEventKind
    occurred_at: datetime
    booking: Booking = strawberry.field(description="The booking as it is now.")


@strawberry.type(
    description=(
        "A single-use link of the link minted, used, expired or revoked (kind MINTED, USED, "
        "EXPIRED, REVOKED); or the link itself changed (LINK_CHANGED), which its single-use "
        "links follow (archived or switched off: DISABLED)."
    )
)
class SingleUseLinkChange:
    kind: ActivityKind
    occurred_at: datetime
    link: Link = strawberry.field(description="The link, as it is now.")
    single_use_link: SingleUseLink | None = strawberry.field(
        description="As it is now; null for LINK_CHANGED."
    )


SlotsChangedResult = Annotated[
    AvailableSlots | LinkUnavailable | RateLimited, strawberry.union("SlotsChangedResult")
]
