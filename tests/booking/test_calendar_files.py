"""Calendar files of bookings: they parse back, keep one UID, bump SEQUENCE on every change and
say METHOD:CANCEL once the meeting is cancelled."""

from __future__ import annotations

from typing import Any

from icalendar import Calendar

from tests.conftest import GraphQLClient
from tests.support.booking_factories import (
    INVITEE_EMAIL,
    STANDARD_KEY,
    at,
    book,
    create_booking_team,
    execute,
    iso,
    upcoming_monday,
)

RESCHEDULE = """
mutation ($input: RescheduleBookingInput!) {
  rescheduleBooking(input: $input) { ... on BookingRescheduled { booking { ics } } }
}
"""
CANCEL = """
mutation ($input: CancelBookingInput!) {
  cancelBooking(input: $input) { ... on BookingCancelled { booking { ics } } }
}
"""
MANAGED = """
query ($token: String!) { managedBooking(manageToken: $token) { ics } }
"""


def _event(ics: str | bytes) -> tuple[Calendar, Any]:
    calendar = Calendar.from_ical(ics)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


async def _calendar_file(client: GraphQLClient, token: str) -> bytes:
    response = await client.http.get(f"/bookings/{token}.ics")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    return response.content


async def test_a_new_booking_is_a_calendar_request(client: GraphQLClient) -> None:
    # Given a booking of the team's standard link
    await create_booking_team()
    monday = upcoming_monday()
    booked = await book(STANDARD_KEY, at(monday, "09:00"))
    # When the invitee downloads its calendar file
    calendar, event = _event(await _calendar_file(client, booked.manage_token))
    # Then it is a request for exactly that meeting, with everyone on it
    assert str(calendar["method"]) == "REQUEST"
    assert str(event["uid"]) == f"booking-{booked.booking.id}@slotlink.test"
    assert int(event["sequence"]) == 0
    assert event.decoded("dtstart") == at(monday, "09:00")
    assert event.decoded("dtend") == at(monday, "09:30")
    assert str(event["status"]) == "CONFIRMED"
    assert str(event["organizer"]) == "mailto:max@acme.test"
    assert sorted(str(a) for a in event.get("attendee")) == sorted(
        ["mailto:max@acme.test", "mailto:hana@acme.test", f"mailto:{INVITEE_EMAIL}"]
    )
    assert str(event["location"]) == "Video call: https://meet.example/room"
    assert f"https://slotlink.test/m/{booked.manage_token}" in str(event["description"])


async def test_rescheduling_keeps_the_uid_and_bumps_the_sequence(client: GraphQLClient) -> None:
    await create_booking_team()
    monday = upcoming_monday()
    booked = await book(STANDARD_KEY, at(monday, "09:00"))
    data = await execute(
        client,
        RESCHEDULE,
        {"input": {"manageToken": booked.manage_token, "start": iso(monday, "10:00")}},
    )
    _, moved = _event(data["rescheduleBooking"]["booking"]["ics"])
    _, downloaded = _event(await _calendar_file(client, booked.manage_token))
    assert str(moved["uid"]) == f"booking-{booked.booking.id}@slotlink.test"
    assert int(moved["sequence"]) == 1
    assert moved.decoded("dtstart") == at(monday, "10:00")
    assert downloaded.to_ical() == moved.to_ical()


async def test_a_cancelled_booking_is_a_calendar_cancel(client: GraphQLClient) -> None:
    await create_booking_team()
    monday = upcoming_monday()
    booked = await book(STANDARD_KEY, at(monday, "09:00"))
    data = await execute(client, CANCEL, {"input": {"manageToken": booked.manage_token}})
    calendar, event = _event(data["cancelBooking"]["booking"]["ics"])
    assert str(calendar["method"]) == "CANCEL"
    assert str(event["status"]) == "CANCELLED"
    assert int(event["sequence"]) == 1
    assert str(event["uid"]) == f"booking-{booked.booking.id}@slotlink.test"


async def test_the_field_and_the_file_agree(client: GraphQLClient) -> None:
    await create_booking_team()
    booked = await book(STANDARD_KEY, at(upcoming_monday(), "11:00"))
    data = await execute(client, MANAGED, {"token": booked.manage_token})
    assert data["managedBooking"]["ics"].encode() == await _calendar_file(
        client, booked.manage_token
    )


async def test_an_unknown_token_has_no_calendar_file(client: GraphQLClient) -> None:
    response = await client.http.get("/bookings/m_not-a-real-token.ics")
    assert (response.status_code, response.json()) == (404, {"error": "not_found"})
