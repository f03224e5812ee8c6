"""Results of booking, rescheduling, cancelling and availability mutations."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Annotated

import strawberry
from strawberry import relay

from models.accounts.permissions import may_see_user
from models.db import tables
from resolvers.context import Info
from schema.bookings.types import Booking, InviteeBooking
from schema.errors import (
    ChangeNotAllowed,
    Forbidden,
    InvalidInput,
    InviteeNotAllowed,
    LinkUnavailable,
    NotFound,
    RateLimited,
    SlotUnavailable,
)
from schema.links.types import SingleUseLink
from schema.users.types import User, WorkingHoursRange, parse_node_ids

OWNER_VIEW = (
    "The same booking as its owner, hosts and admins see it (as in meetingLogs), so that their "
    "cached copies follow; null for callers who may not see it, such as an invitee."
)


@strawberry.type
class BookingConfirmed:
    booking: InviteeBooking
    owner_view: Booking | None = strawberry.field(description=OWNER_VIEW)
    manage_token: str = strawberry.field(
        description="Lets the invitee reschedule or cancel. Shown only here (and on replay)."
    )
    manage_url: str

    @strawberry.field(
        description=(
            "The single-use link this booking spent, now USED; null for a standard link's "
            "booking and for callers who may not see it."
        )
    )
    async def single_use_link(self, info: Info) -> SingleUseLink | None:
        if self.owner_view is None:
            return None
        return await self.owner_view.load_single_use_link(info)


@strawberry.type
class BookingRescheduled:
    booking: InviteeBooking
    owner_view: Booking | None = strawberry.field(description=OWNER_VIEW)


@strawberry.type
class BookingCancelled:
    booking: InviteeBooking
    owner_view: Booking | None = strawberry.field(description=OWNER_VIEW)


@strawberry.type
class BookingReassigned:
    booking: Booking


@strawberry.type
class WorkingHoursSaved:
    user: User


@strawberry.type
class DateOverride(relay.Node):
    id: relay.NodeID[int]
    date: date
    ranges: list[WorkingHoursRange] = strawberry.field(
        description="Empty: a day off. The weekday field repeats the date's ISO weekday."
    )

    @classmethod
    def from_row(cls, row: tables.DateOverride) -> DateOverride:
        weekday = row.date.isoweekday()
        return cls(
            id=row.id,
            date=row.date,
            ranges=[
                WorkingHoursRange(weekday=weekday, start=r["start"], end=r["end"])
                for r in row.ranges
            ],
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[DateOverride | None]:
        """Visible to whoever may see the user whose day it is."""
        viewer = info.context.viewer
        ids = parse_node_ids(node_ids)
        if viewer is None:
            return [None for _ in ids]
        rows = await tables.DateOverride.filter(
            id__in=[i for i in ids if i is not None],
            user__organization_id=viewer.organization_id,
        )
        visible = {row.id: row for row in rows if may_see_user(viewer, row.user_id)}
        return [cls.from_row(visible[i]) if i in visible else None for i in ids]


@strawberry.type
class DateOverrideSaved:
    date_override: DateOverride


@strawberry.type
class DateOverrideRemoved:
    removed_id: relay.GlobalID


BookMeetingResult = Annotated[
    BookingConfirmed
    | LinkUnavailable
    | SlotUnavailable
    | InvalidInput
    | InviteeNotAllowed
    | RateLimited,
    strawberry.union("BookMeetingResult"),
]
RescheduleBookingResult = Annotated[
    BookingRescheduled
    | SlotUnavailable
    | LinkUnavailable
    | ChangeNotAllowed
    | InvalidInput
    | NotFound
    | Forbidden
    | RateLimited,
    strawberry.union("RescheduleBookingResult"),
]
CancelBookingResult = Annotated[
    BookingCancelled | ChangeNotAllowed | InvalidInput | NotFound | Forbidden | RateLimited,
    strawberry.union("CancelBookingResult"),
]
ReassignBookingResult = Annotated[
    BookingReassigned | SlotUnavailable | InvalidInput | NotFound | Forbidden,
    strawberry.union("ReassignBookingResult"),
]
WorkingHoursResult = Annotated[
    WorkingHoursSaved | InvalidInput | NotFound | Forbidden, strawberry.union("WorkingHoursResult")
]
DateOverrideResult = Annotated[
    DateOverrideSaved | InvalidInput | NotFound | Forbidden, strawberry.union("DateOverrideResult")
]
RemoveDateOverrideResult = Annotated[
    DateOverrideRemoved | NotFound | Forbidden, strawberry.union("RemoveDateOverrideResult")
]
