"""Booking, rescheduling, cancelling and working hours: thin calls into the domain."""

from __future__ import annotations

from datetime import time

from strawberry import relay

from models.accounts.working_hours import WeeklyRange, parse_clock
from models.booking import availability_settings, bookings, reassignment
from models.booking.bookings import manage_url as manage_link
from models.booking.calendar_files import CalendarParts, load_calendar_parts, parts_at_hand
from models.booking.permissions import may_change_booking, may_see_booking
from models.db.tables import Booking as BookingRow
from models.db.tables import BookingHost, Link
from models.errors import (
    InvalidInputError,
    LinkUnavailableError,
    NotFoundError,
    SlotUnavailableError,
)
from models.validation import FieldErrors
from resolvers.context import Info
from resolvers.ids import decode_id
from schema.bookings.inputs import (
    AddDateOverrideInput,
    BookMeetingInput,
    CancelBookingInput,
    ReassignBookingInput,
    RemoveDateOverrideInput,
    RescheduleBookingInput,
    SetWorkingHoursInput,
)
from schema.bookings.payloads import (
    BookingCancelled,
    BookingConfirmed,
    BookingReassigned,
    BookingRescheduled,
    DateOverride,
    DateOverrideRemoved,
    DateOverrideSaved,
    WorkingHoursSaved,
)
from schema.bookings.types import Booking, InviteeBooking, invitee_booking_of
from schema.links.routing import answers_given
from schema.users.types import User


def manage_url(info: Info, manage_token: str | None) -> str | None:
    if manage_token is None:
        return None
    return manage_link(info.context.settings.public_url, manage_token)


async def calendar_parts(
    info: Info, booking: BookingRow, manage_token: str | None = None
) -> CalendarParts:
    """What both views are made of; the calendar file links to the manage page when the token
    is known."""
    return await load_calendar_parts(
        booking, info.context.settings.public_url, manage_url(info, manage_token)
    )


def owner_view_of(info: Info, parts: CalendarParts) -> Booking | None:
    """The owner's view of a booking just changed, for callers who may see it."""
    viewer = info.context.viewer
    booking = parts.booking
    if viewer is None or booking.organization_id != viewer.organization_id:
        return None
    if not may_see_booking(viewer, parts.link.owner_id, [host.id for host in parts.hosts]):
        return None
    return Booking.from_row(booking)


async def book_meeting(info: Info, input: BookMeetingInput) -> BookingConfirmed:
    request = bookings.BookingRequest(
        key=input.key,
        start=input.start,
        invitee=None
        if input.invitee is None
        else bookings.InviteeDetails(
            name=input.invitee.name,
            email=input.invitee.email,
            time_zone=input.invitee.time_zone,
        ),
        notes=input.notes,
        idempotency_key=input.idempotency_key,
        answers=answers_given(input.answers),
    )
    async with info.context.failed_lookups.attempt(input.key) as attempt:
        try:
            booked = await bookings.book_meeting(
                request, server_secret=info.context.settings.server_secret
            )
        except LinkUnavailableError:
            attempt.fail()
            raise
        except SlotUnavailableError:
            # With an idempotency key this may be a guess at someone else's key: a replay
            # that did not match counts as a failed lookup.
            if request.idempotency_key is not None:
                attempt.fail()
            raise
    if not booked.replayed:
        info.context.metrics.bookings_created.inc()
        if booked.booking.single_use_link_id is not None:
            info.context.metrics.single_use_links_used.inc()
    if booked.link is not None:
        parts = parts_at_hand(
            booked.booking,
            booked.link,
            booked.hosts,
            info.context.settings.public_url,
            manage_url(info, booked.manage_token),
        )
    else:
        parts = await calendar_parts(info, booked.booking, booked.manage_token)
    return BookingConfirmed(
        booking=invitee_booking_of(parts),
        owner_view=owner_view_of(info, parts),
        manage_token=booked.manage_token,
        manage_url=manage_link(info.context.settings.public_url, booked.manage_token),
    )


async def _target(
    info: Info, manage_token: str | None, booking_id: relay.GlobalID | None
) -> tuple[BookingRow, bookings.Actor]:
    if (manage_token is None) == (booking_id is None):
        raise InvalidInputError.single("manageToken", "give either a manageToken or a bookingId")
    if manage_token is not None:
        booking = await _by_manage_token(info, manage_token)
        if booking is None:
            raise NotFoundError("No booking has this manage token.")
        return booking, bookings.Actor.invitee()
    assert booking_id is not None
    viewer = info.context.require_viewer()
    row = await BookingRow.get_or_none(
        id=decode_id(booking_id, "Booking"), organization_id=viewer.organization_id
    )
    if row is None:
        raise NotFoundError("No such booking.")
    link = await Link.get(id=row.link_id)
    host_ids = await BookingHost.filter(booking_id=row.id).values_list("user_id", flat=True)
    if not may_change_booking(viewer, link.owner_id, [int(i) for i in host_ids]):  # type: ignore[call-overload]
        raise NotFoundError("No such booking.")
    return row, bookings.Actor.user(viewer.user_id)


async def reschedule_booking(info: Info, input: RescheduleBookingInput) -> BookingRescheduled:
    booking, actor = await _target(info, input.manage_token, input.booking_id)
    moved = await bookings.reschedule_booking(booking, input.start, actor)
    parts = await calendar_parts(info, moved, input.manage_token)
    return BookingRescheduled(
        booking=invitee_booking_of(parts), owner_view=owner_view_of(info, parts)
    )


async def cancel_booking(info: Info, input: CancelBookingInput) -> BookingCancelled:
    booking, actor = await _target(info, input.manage_token, input.booking_id)
    cancelled = await bookings.cancel_booking(booking, actor, reason=input.reason)
    parts = await calendar_parts(info, cancelled, input.manage_token)
    return BookingCancelled(
        booking=invitee_booking_of(parts), owner_view=owner_view_of(info, parts)
    )


async def reassign_booking(info: Info, input: ReassignBookingInput) -> BookingReassigned:
    viewer = info.context.require_viewer()
    try:
        host_id = decode_id(input.host_id, "User")
    except NotFoundError:
        raise InvalidInputError.single("hostId", "is not a host of the link's pool") from None
    booking = await reassignment.reassign_booking(
        viewer, decode_id(input.booking_id, "Booking"), host_id
    )
    return BookingReassigned(booking=Booking.from_row(booking))


async def managed_booking(info: Info, manage_token: str) -> InviteeBooking | None:
    booking = await _by_manage_token(info, manage_token)
    if booking is None:
        return None
    return invitee_booking_of(await calendar_parts(info, booking, manage_token))


async def _by_manage_token(info: Info, manage_token: str) -> BookingRow | None:
    async with info.context.failed_lookups.attempt(manage_token) as attempt:
        booking = await bookings.find_by_manage_token(manage_token.strip())
        if booking is None:
            attempt.fail()
    return booking


def _clock(errors: FieldErrors, field: str, raw: str, *, end: bool = False) -> time:
    try:
        parsed = parse_clock(raw)
    except ValueError:
        errors.add(field, "must be a local time as HH:MM")
        return time(0)
    if raw == "24:00" and not end:
        errors.add(field, "24:00 can only end a range")
    return parsed


async def set_working_hours(info: Info, input: SetWorkingHoursInput) -> WorkingHoursSaved:
    viewer = info.context.require_viewer()
    user_id = None if input.user_id is None else decode_id(input.user_id, "User")
    user = await availability_settings.user_whose_hours_change(viewer, user_id)
    errors = FieldErrors()
    ranges = [
        WeeklyRange(
            weekday=r.weekday,
            start=_clock(errors, f"ranges[{i}].start", r.start),
            end=_clock(errors, f"ranges[{i}].end", r.end, end=True),
        )
        for i, r in enumerate(input.ranges)
    ]
    errors.raise_if_any()
    saved = await availability_settings.set_working_hours(user, ranges)
    return WorkingHoursSaved(user=User.from_row(saved))


async def add_date_override(info: Info, input: AddDateOverrideInput) -> DateOverrideSaved:
    viewer = info.context.require_viewer()
    user_id = None if input.user_id is None else decode_id(input.user_id, "User")
    user = await availability_settings.user_whose_hours_change(viewer, user_id)
    errors = FieldErrors()
    ranges = [
        availability_settings.TimeRange(
            start=_clock(errors, f"ranges[{i}].start", r.start),
            end=_clock(errors, f"ranges[{i}].end", r.end, end=True),
        )
        for i, r in enumerate(input.ranges)
    ]
    errors.raise_if_any()
    row = await availability_settings.add_date_override(user, input.date, ranges)
    return DateOverrideSaved(date_override=DateOverride.from_row(row))


async def remove_date_override(info: Info, input: RemoveDateOverrideInput) -> DateOverrideRemoved:
    viewer = info.context.require_viewer()
    await availability_settings.remove_date_override(viewer, decode_id(input.id, "DateOverride"))
    return DateOverrideRemoved(removed_id=input.id)
