"""A booking as an RFC 5545 calendar file: one VEVENT with a stable UID whose SEQUENCE rises
with every change, and METHOD:CANCEL once the meeting is cancelled."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

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


def location_words(meeting_type: MeetingType) -> str:
    words = _LOCATION_WORDS[meeting_type.location_kind]
    details = meeting_type.location_details
    return ": ".join(part for part in (words, details) if part)


def booking_calendar(parts: CalendarParts, *, stored: bool = False) -> bytes:
    """``stored``: for a calendar server, which keeps events, not invitations (no METHOD).

    Written line by line rather than through the icalendar library: every booking's messages
    and calendar writes make several of these, and the library took a millisecond or more
    for each. Its parser reads them back in the tests."""
    booking = parts.booking
    cancelled = booking.status is BookingStatus.CANCELLED
    lines = ["BEGIN:VCALENDAR", f"PRODID:{PRODUCT_ID}", "VERSION:2.0"]
    if not stored:
        lines.append(f"METHOD:{'CANCEL' if cancelled else 'REQUEST'}")
    lines += [
        "BEGIN:VEVENT",
        f"SUMMARY:{_text(parts.title)}",
        f"DTSTART:{_utc(booking.start_at)}",
        f"DTEND:{_utc(booking.end_at)}",
        f"DTSTAMP:{_utc(booking.updated_at or datetime.now(UTC))}",
        f"UID:{_text(booking_uid(booking, parts.public_url))}",
        f"SEQUENCE:{sequence(booking)}",
    ]
    for host in parts.hosts:
        lines.append(_attendee(host.name, host.email))
    lines.append(_attendee(booking.invitee_name, booking.invitee_email))
    description = [parts.meeting_type.description, booking.notes]
    if parts.manage_url:
        description.append(f"Reschedule or cancel: {parts.manage_url}")
    lines.append(f"DESCRIPTION:{_text(chr(10).join(line for line in description if line))}")
    location = location_words(parts.meeting_type)
    if location:
        lines.append(f"LOCATION:{_text(location)}")
    organizer = parts.organizer
    lines.append(f"ORGANIZER;CN={_parameter(organizer.name)}:mailto:{organizer.email}")
    lines += [f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}", "END:VEVENT", "END:VCALENDAR"]
    return b"".join(_folded(line) for line in lines)


def _utc(instant: datetime) -> str:
    return instant.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


_TEXT_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n", "\r": ""})


def _text(value: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and line breaks escaped."""
    return value.translate(_TEXT_ESCAPES)


def _parameter(value: str) -> str:
    """A parameter value, quoted (it cannot hold a double quote or a control character)."""
    return '"' + "".join(" " if c == '"' or ord(c) < 32 or c == "\x7f" else c for c in value) + '"'


def _attendee(name: str, email: str) -> str:
    return f"ATTENDEE;CN={_parameter(name)};PARTSTAT=ACCEPTED;ROLE=REQ-PARTICIPANT:mailto:{email}"


def _folded(line: str) -> bytes:
    """The line and its CRLF, folded so that no line is longer than 75 octets, never inside
    a UTF-8 character."""
    raw = line.encode()
    if len(raw) <= 75:
        return raw + b"\r\n"
    parts: list[bytes] = []
    start, limit = 0, 75
    while len(raw) - start > limit:
        end = start + limit
        while raw[end] & 0xC0 == 0x80:  # a continuation byte: step back to the character
            end -= 1
        parts.append(raw[start:end])
        start, limit = end, 74  # the continuation lines start with a space
    parts.append(raw[start:])
    return b"\r\n ".join(parts) + b"\r\n"
