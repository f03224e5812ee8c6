"""Results of booking, rescheduling, cancelling and availability mutations."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from strawberry import relay

from schema.bookings.types import BookingDetails
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
from schema.users.types import User, WorkingHoursRange


@strawberry.type
class BookingConfirmed:
    booking: BookingDetails
    manage_token: str = strawberry.field(
        description="Lets the invitee reschedule or cancel. Shown only here (and on replay)."
    )
    manage_url: str


@strawberry.type
class BookingRescheduled:
    booking: BookingDetails


@strawberry.type
class BookingCancelled:
    booking: BookingDetails


@strawberry.type
class WorkingHoursSaved:
    user: User


@strawberry.type
class DateOverride:
    id: relay.GlobalID
    date: date
    ranges: list[WorkingHoursRange] = strawberry.field(
        description="Empty: a day off. The weekday field repeats the date's ISO weekday."
    )


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
WorkingHoursResult = Annotated[
    WorkingHoursSaved | InvalidInput | NotFound | Forbidden, strawberry.union("WorkingHoursResult")
]
DateOverrideResult = Annotated[
    DateOverrideSaved | InvalidInput | NotFound | Forbidden, strawberry.union("DateOverrideResult")
]
RemoveDateOverrideResult = Annotated[
    DateOverrideRemoved | NotFound | Forbidden, strawberry.union("RemoveDateOverrideResult")
]
