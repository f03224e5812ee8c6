"""A booking as an RFC 5545 calendar file: one VEVENT with a stable UID whose SEQUENCE rises
with every change, and METHOD:CANCEL once the meeting is cancelled."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from icalendar import Calendar, Event, vCalAddress, vText

from models.db.tables import (
    Booking,
    BookingHost,
    BookingStatus,
    Link,
    LocationKind,
    MeetingType,
    User,
)

PRODUCT_ID = "-//Slotlink//Booking//EN"
_LOCATION_WORDS = {
    LocationKind.VIDEO: "Video call",
    LocationKind.PHONE: "Phone call",
    LocationKind.IN_PERSON: "In person",
    LocationKind.CUSTOM: "",
}


@dataclass(frozen=True, slots=True)
class CalendarParts:
    booking: Booking
    link: Link
    title: str
    meeting_type: MeetingType
    organizer: User
    hosts: Sequence[User]
    public_url: str
    manage_url: str | None = None


async def load_calendar_parts(
    booking: Booking, public_url: str, manage_url: str | None
) -> CalendarParts:
    link = await Link.filter(id=booking.link_id).select_related("owner", "meeting_type").get()
    hosts = await BookingHost.filter(booking_id=booking.id).order_by("id").select_related("user")
    return CalendarParts(
        booking=booking,
        link=link,
        title=link.name,
        meeting_type=link.meeting_type,
        organizer=link.owner,
        hosts=[h.user for h in hosts],
        public_url=public_url,
        manage_url=manage_url,
    )


def parts_at_hand(
    booking: Booking, link: Link, hosts: Sequence[User], public_url: str, manage_url: str | None
) -> CalendarParts:
    """The parts from a link loaded with its owner and meeting type: no query."""
    return CalendarParts(
        booking=booking,
        link=link,
        title=link.name,
        meeting_type=link.meeting_type,
        organizer=link.owner,
        hosts=list(hosts),
        public_url=public_url,
        manage_url=manage_url,
    )


def booking_uid(booking: Booking, public_url: str) -> str:
    return f"booking-{booking.id}@{_uid_host(public_url)}"


def _uid_host(public_url: str) -> str:
    return urlsplit(public_url).hostname or "slotlink"


def is_booking_uid(uid: str, public_url: str) -> bool:
    """Whether a calendar event is one of this server's meetings."""
    return uid.startswith("booking-") and uid.endswith(f"@{_uid_host(public_url)}")


def sequence(booking: Booking) -> int:
    cancelled = booking.status is BookingStatus.CANCELLED
    return booking.reschedule_count + (1 if cancelled else 0)


def _attendee(name: str, email: str, *, role: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["CN"] = vText(name)
    address.params["ROLE"] = vText(role)
    address.params["PARTSTAT"] = vText("ACCEPTED")
    return address


def location_words(meeting_type: MeetingType) -> str:
    words = _LOCATION_WORDS[meeting_type.location_kind]
    details = meeting_type.location_details
    return ": ".join(part for part in (words, details) if part)


def booking_calendar(parts: CalendarParts, *, stored: bool = False) -> bytes:
    """``stored``: for a calendar server, which keeps events, not invitations (no METHOD)."""
    booking = parts.booking
    cancelled = booking.status is BookingStatus.CANCELLED
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    if not stored:
        calendar.add("method", "CANCEL" if cancelled else "REQUEST")

    event = Event()
    event.add("uid", booking_uid(booking, parts.public_url))
    event.add("sequence", sequence(booking))
    event.add("dtstamp", (booking.updated_at or datetime.now(UTC)).astimezone(UTC))
    event.add("dtstart", booking.start_at.astimezone(UTC))
    event.add("dtend", booking.end_at.astimezone(UTC))
    event.add("summary", parts.title)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    location = location_words(parts.meeting_type)
    if location:
        event.add("location", location)
    description = [parts.meeting_type.description, booking.notes]
    if parts.manage_url:
        description.append(f"Reschedule or cancel: {parts.manage_url}")
    event.add("description", "\n\n".join(line for line in description if line))
    organizer = vCalAddress(f"mailto:{parts.organizer.email}")
    organizer.params["CN"] = vText(parts.organizer.name)
    event.add("organizer", organizer)
    for host in parts.hosts:
        event.add("attendee", _attendee(host.name, host.email, role="REQ-PARTICIPANT"))
    event.add(
        "attendee",
        _attendee(booking.invitee_name, booking.invitee_email, role="REQ-PARTICIPANT"),
    )
    calendar.add_component(event)
    return bytes(calendar.to_ical())
