"""Inputs of booking, rescheduling, cancelling and availability mutations."""

from __future__ import annotations

from datetime import date, datetime

import strawberry
from strawberry import relay

from schema.links.routing import AnswerInput


@strawberry.input
class InviteeDetailsInput:
    name: str
    email: str
    time_zone: str = strawberry.field(default="UTC", description="IANA zone, e.g. Europe/Berlin.")


@strawberry.input
class BookMeetingInput:
    key: str = strawberry.field(description="A single-use token or `org-slug/link-slug`.")
    start: datetime = strawberry.field(description="One of the link's available slots.")
    invitee: InviteeDetailsInput | None = strawberry.field(
        default=None,
        description="Required, except through a personalized single-use link: then its invitee.",
    )
    notes: str = ""
    answers: list[AnswerInput] | None = strawberry.field(
        default=None, description="To the link's questions (publicLink.questions)."
    )
    idempotency_key: str | None = strawberry.field(
        default=None,
        description="Retrying with the same key and input returns the first result.",
    )


@strawberry.input(description="Give the invitee's manageToken, or a bookingId when signed in.")
class RescheduleBookingInput:
    start: datetime
    manage_token: str | None = None
    booking_id: relay.GlobalID | None = None


@strawberry.input(description="Give the invitee's manageToken, or a bookingId when signed in.")
class CancelBookingInput:
    manage_token: str | None = None
    booking_id: relay.GlobalID | None = None
    reason: str = ""


@strawberry.input
class ReassignBookingInput:
    booking_id: relay.GlobalID
    host_id: relay.GlobalID = strawberry.field(
        description="Another host of the link's pool, free at the meeting's time."
    )


@strawberry.input
class WeeklyRangeInput:
    weekday: int = strawberry.field(description="ISO weekday: 1 = Monday … 7 = Sunday.")
    start: str = strawberry.field(description="Local time, HH:MM.")
    end: str = strawberry.field(description="Local time, HH:MM; 24:00 is the end of the day.")


@strawberry.input
class SetWorkingHoursInput:
    ranges: list[WeeklyRangeInput]
    user_id: relay.GlobalID | None = strawberry.field(
        default=None, description="Admins may set another user's hours; default: yourself."
    )


@strawberry.input
class TimeRangeInput:
    start: str = strawberry.field(description="Local time, HH:MM.")
    end: str = strawberry.field(description="Local time, HH:MM; 24:00 is the end of the day.")


@strawberry.input(description="Other hours on one local date; no ranges means a day off.")
class AddDateOverrideInput:
    date: date
    ranges: list[TimeRangeInput]
    user_id: relay.GlobalID | None = None


@strawberry.input
class RemoveDateOverrideInput:
    id: relay.GlobalID
