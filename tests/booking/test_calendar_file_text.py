"""Whatever people type (names, titles, notes in any script, with quotes, commas, semicolons,
backslashes and line breaks), the calendar file reads back to the same text in a standard
parser, and no line is longer than 75 octets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from models.booking.calendar_files import CalendarParts, booking_calendar
from models.db.tables import Booking, BookingStatus, Link, LocationKind, MeetingType, User

# Printable text of every script, and the characters the format must escape.
TEXT = st.text(
    st.one_of(
        st.characters(blacklist_categories=("Cs", "Cc")),
        st.sampled_from(list(';,\\":\n')),
    ),
    min_size=1,
    max_size=120,
).filter(lambda text: text.strip() == text and "\n" not in text[:1])
ONE_LINE = TEXT.filter(lambda text: "\n" not in text)


def _parts(title: str, notes: str, host: str, invitee: str) -> CalendarParts:
    start = datetime(2027, 3, 1, 9, tzinfo=UTC)
    booking = Booking(
        id=7,
        start_at=start,
        end_at=start + timedelta(minutes=30),
        invitee_name=invitee,
        invitee_email="iris@prospect.test",
        notes=notes,
        status=BookingStatus.CONFIRMED,
        reschedule_count=2,
        updated_at=start,
    )
    meeting_type = MeetingType(
        name="Intro", location_kind=LocationKind.VIDEO, location_details="", description=""
    )
    owner = User(name=host, email="max@acme.test")
    return CalendarParts(
        booking=booking,
        link=Link(name=title),
        title=title,
        meeting_type=meeting_type,
        organizer=owner,
        hosts=[owner],
        public_url="https://slotlink.test",
    )


@settings(max_examples=200, deadline=None)
@given(title=ONE_LINE, notes=TEXT, host=ONE_LINE, invitee=ONE_LINE)
def test_any_text_reads_back_the_same(title: str, notes: str, host: str, invitee: str) -> None:
    # when
    written = booking_calendar(_parts(title, notes, host, invitee))
    # then
    assert all(len(line) <= 75 for line in written.split(b"\r\n"))
    event: Any = Calendar.from_ical(written).walk("VEVENT")[0]
    assert str(event["summary"]) == title
    assert str(event["description"]) == notes
    assert str(event["uid"]) == "booking-7@slotlink.test"
    assert int(event["sequence"]) == 2
    names = [str(attendee.params["CN"]) for attendee in event["attendee"]]
    expected = [name.replace('"', " ") for name in (host, invitee)]
    assert names == expected
    assert str(event["organizer"].params["CN"]) == expected[0]
