"""What an invitee sees: a booking page, or why there is none."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from models.db import tables
from resolvers import slots
from resolvers.context import Info
from schema.errors import LinkUnavailable, RateLimited
from schema.links.assignment import Assignment
from schema.links.change_policy import ChangePolicy
from schema.links.routing import Question
from schema.links.types import LinkType, LocationKind
from schema.slots import SlotsResult


@strawberry.type
class Prefill:
    name: str
    email: str


@strawberry.type(description="A bookable link's public page. Holds nothing private.")
class PublicLink:
    kind: LinkType
    title: str
    meeting_type_name: str
    description: str
    duration_minutes: int
    location_kind: LocationKind
    host_names: list[str] = strawberry.field(
        description="Who attends: all of them, or one of them (see assignment)."
    )
    assignment: Assignment
    questions: list[Question] = strawberry.field(
        description="What the booking form asks; a personalized link may have answered some."
    )
    owner_name: str
    owner_email: str
    expires_at: datetime | None = strawberry.field(
        description="Until when the link can be used to book."
    )
    starts_before: datetime | None = strawberry.field(
        description="Meetings booked through the link must start before this instant."
    )
    prefill: Prefill | None = strawberry.field(description="Set when the link is personalized.")
    skip_form: bool = strawberry.field(
        description="Book without showing the form (personalized links, unless asked otherwise)."
    )
    lock_to_invitee: bool
    change_policy: ChangePolicy = strawberry.field(
        description="What the invitee may do with the booking once made."
    )
    link: strawberry.Private[tables.Link]
    meeting_type: strawberry.Private[tables.MeetingType]
    host_ids: strawberry.Private[list[int]]

    @strawberry.field(description="Bookable start times between `from` and `to` (at most 62 days).")
    async def available_slots(
        self,
        info: Info,
        from_: Annotated[datetime, strawberry.argument(name="from")],
        to: datetime,
        time_zone: str = "UTC",
    ) -> SlotsResult:
        window = slots.slot_window(from_, to, time_zone)
        return await slots.available_slots(
            info, self.link, self.meeting_type, self.host_ids, self.starts_before, window
        )


PublicLinkResult = Annotated[
    PublicLink | LinkUnavailable | RateLimited, strawberry.union("PublicLinkResult")
]
