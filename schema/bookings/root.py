"""Root fields of the bookings domain."""

from __future__ import annotations

import strawberry

from resolvers import bookings as resolve
from schema.bookings.payloads import (
    BookMeetingResult,
    CancelBookingResult,
    DateOverrideResult,
    ReassignBookingResult,
    RemoveDateOverrideResult,
    RescheduleBookingResult,
    WorkingHoursResult,
)
from schema.bookings.types import InviteeBooking


@strawberry.type
class BookingsQuery:
    managed_booking: InviteeBooking | None = strawberry.field(
        resolver=resolve.managed_booking,
        description="The invitee's view of their booking, by its manage token.",
    )


@strawberry.type
class BookingsMutation:
    book_meeting: BookMeetingResult = strawberry.mutation(
        resolver=resolve.book_meeting,
        description="Books one slot through a link. A single-use link gives exactly one booking "
        "per use, however many calls race for it.",
    )
    reschedule_booking: RescheduleBookingResult = strawberry.mutation(
        resolver=resolve.reschedule_booking,
        description="Never spends another use of a single-use link.",
    )
    cancel_booking: CancelBookingResult = strawberry.mutation(resolver=resolve.cancel_booking)
    reassign_booking: ReassignBookingResult = strawberry.mutation(
        resolver=resolve.reassign_booking,
        description="Admins: gives a round robin's meeting to another host of the link's pool, "
        "one free at its time.",
    )
    set_working_hours: WorkingHoursResult = strawberry.mutation(resolver=resolve.set_working_hours)
    add_date_override: DateOverrideResult = strawberry.mutation(resolver=resolve.add_date_override)
    remove_date_override: RemoveDateOverrideResult = strawberry.mutation(
        resolver=resolve.remove_date_override
    )
