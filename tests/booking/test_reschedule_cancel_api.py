"""rescheduleBooking, cancelBooking and managedBooking: by the invitee's manage token, or by a
signed-in owner, host or admin with the booking's id."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from models.booking.bookings import Booked
from models.db.tables import Booking, BookingStatus, Link
from tests.conftest import GraphQLClient
from tests.support.booking_factories import (
    INVITEE_EMAIL,
    INVITEE_NAME,
    STANDARD_KEY,
    at,
    book,
    create_booking_team,
    execute,
    iso,
    upcoming_monday,
    uses_of,
)
from tests.support.factories import create_tenant
from tests.support.link_factories import Team, count_rows, global_id, mint_one

RESCHEDULE_BOOKING = """
mutation ($input: RescheduleBookingInput!) {
  rescheduleBooking(input: $input) {
    __typename
    ... on BookingRescheduled { booking { status startAt endAt rescheduleCount } }
    ... on SlotUnavailable { message }
    ... on LinkUnavailable { reason message }
    ... on ChangeNotAllowed { message rule }
    ... on InvalidInput { fieldErrors { field message } }
    ... on NotFound { message }
    ... on Forbidden { message }
  }
}
"""
CANCEL_BOOKING = """
mutation ($input: CancelBookingInput!) {
  cancelBooking(input: $input) {
    __typename
    ... on BookingCancelled { booking { status startAt cancelledAt } }
    ... on ChangeNotAllowed { message rule }
    ... on InvalidInput { fieldErrors { field message } }
    ... on NotFound { message }
    ... on Forbidden { message }
  }
}
"""
BOOK_MEETING = """
mutation ($input: BookMeetingInput!) {
  bookMeeting(input: $input) { __typename }
}
"""
ARCHIVE_LINK = """
mutation ($id: ID!) {
  archiveLink(input: {id: $id}) { __typename }
}
"""
BOOKING_EVENTS = """
query ($id: ID!) {
  node(id: $id) {
    ... on Booking {
      status cancelReason
      events { kind actorKind actor { email } previousStartAt previousEndAt reason }
    }
  }
}
"""
MANAGED_BOOKING = """
query ($token: String!) {
  managedBooking(manageToken: $token) {
    id status startAt endAt title meetingTypeName durationMinutes locationKind locationDetails
    hostNames notes rescheduleCount cancelledAt invitee { name email timeZone }
  }
}
"""
TOO_SOON_TO_RESCHEDULE = {
    "__typename": "ChangeNotAllowed",
    "rule": "RESCHEDULE_NOTICE",
    "message": "This meeting starts too soon to be rescheduled online (it can be moved until "
    "30 days before it starts). Please contact Max Member (max@acme.test).",
}
TOO_SOON_TO_CANCEL = {
    "__typename": "ChangeNotAllowed",
    "rule": "CANCEL_NOTICE",
    "message": "This meeting starts too soon to be cancelled online (it can be cancelled until "
    "30 days before it starts). Please contact Max Member (max@acme.test).",
}
A_MONTH_OF_NOTICE = 60 * 24 * 30
WRONG_TOKEN = "m_" + "A" * 43


@pytest.fixture
async def team(client: GraphQLClient) -> Team:
    return await create_booking_team()


@pytest.fixture
def monday() -> date:
    return upcoming_monday()


@pytest.fixture
async def booked(team: Team, monday: date) -> Booked:
    """Jane's meeting, Monday 09:00-09:30 through the standard link."""
    return await book(STANDARD_KEY, at(monday, "09:00"))


def booking_gid(booked: Booked) -> str:
    return global_id("Booking", booked.booking.id)


async def reschedule(client: GraphQLClient, key: str | None = None, **fields: object) -> Any:
    data = await execute(client, RESCHEDULE_BOOKING, {"input": fields}, key=key)
    return data["rescheduleBooking"]


async def cancel(client: GraphQLClient, key: str | None = None, **fields: object) -> Any:
    data = await execute(client, CANCEL_BOOKING, {"input": fields}, key=key)
    return data["cancelBooking"]


async def archive_link(client: GraphQLClient, team: Team) -> None:
    data = await execute(
        client, ARCHIVE_LINK, {"id": global_id("Link", team.link.id)}, key=team.owner.key
    )
    assert data == {"archiveLink": {"__typename": "LinkSaved"}}


async def events_of(client: GraphQLClient, booked: Booked, team: Team) -> Any:
    data = await execute(client, BOOKING_EVENTS, {"id": booking_gid(booked)}, key=team.owner.key)
    return data["node"]


async def test_invitee_reschedules_with_the_manage_token(
    client: GraphQLClient, booked: Booked, monday: date
) -> None:
    result = await reschedule(client, manageToken=booked.manage_token, start=iso(monday, "10:30"))

    assert result == {
        "__typename": "BookingRescheduled",
        "booking": {
            "status": "CONFIRMED",
            "startAt": iso(monday, "10:30"),
            "endAt": iso(monday, "11:00"),
            "rescheduleCount": 1,
        },
    }
    row = await Booking.get(id=booked.booking.id)
    assert (row.start_at, row.end_at) == (at(monday, "10:30"), at(monday, "11:00"))


async def test_reschedule_is_recorded_after_the_booking_in_the_history(
    client: GraphQLClient, team: Team, booked: Booked, monday: date
) -> None:
    # given
    await reschedule(client, manageToken=booked.manage_token, start=iso(monday, "10:30"))

    # when
    node = await events_of(client, booked, team)

    # then
    assert node["events"] == [
        {
            "kind": "BOOKED",
            "actorKind": "INVITEE",
            "actor": None,
            "previousStartAt": None,
            "previousEndAt": None,
            "reason": "",
        },
        {
            "kind": "RESCHEDULED",
            "actorKind": "INVITEE",
            "actor": None,
            "previousStartAt": iso(monday, "09:00"),
            "previousEndAt": iso(monday, "09:30"),
            "reason": "",
        },
    ]


async def test_rescheduling_frees_the_old_time(
    client: GraphQLClient, booked: Booked, monday: date
) -> None:
    # given
    await reschedule(client, manageToken=booked.manage_token, start=iso(monday, "10:30"))

    # when
    replacement = await book(STANDARD_KEY, at(monday, "09:00"), email="second@prospect.example")

    # then
    assert replacement.booking.start_at == at(monday, "09:00")


async def test_reschedule_onto_a_taken_time_is_refused(
    client: GraphQLClient, booked: Booked, monday: date
) -> None:
    # given
    await book(STANDARD_KEY, at(monday, "10:30"), email="second@prospect.example")

    # when
    result = await reschedule(client, manageToken=booked.manage_token, start=iso(monday, "10:30"))

    # then
    assert result == {
        "__typename": "SlotUnavailable",
        "message": "This time is no longer available. Please pick another.",
    }
    row = await Booking.get(id=booked.booking.id)
    assert (row.start_at, row.reschedule_count) == (at(monday, "09:00"), 0)


async def test_booking_of_a_spent_single_use_link_can_be_rescheduled_without_a_use(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    # given
    minted = await mint_one(team.owner, team.link)
    booked = await book(minted.token, at(monday, "09:00"))

    # when
    result = await reschedule(client, manageToken=booked.manage_token, start=iso(monday, "11:00"))

    # then
    assert result["__typename"] == "BookingRescheduled"
    assert result["booking"]["startAt"] == iso(monday, "11:00")
    assert await uses_of(minted.single_use_link.id) == 1


async def test_invitee_cannot_reschedule_inside_the_minimum_notice(
    client: GraphQLClient, team: Team, booked: Booked, monday: date
) -> None:
    # given: the meeting now starts within the link's notice
    await Link.filter(id=team.link.id).update(minimum_notice_minutes=A_MONTH_OF_NOTICE)

    # when
    result = await reschedule(client, manageToken=booked.manage_token, start=iso(monday, "11:00"))

    # then
    assert result == TOO_SOON_TO_RESCHEDULE
    row = await Booking.get(id=booked.booking.id)
    assert (row.start_at, row.reschedule_count) == (at(monday, "09:00"), 0)


async def test_invitee_cannot_cancel_inside_the_minimum_notice(
    client: GraphQLClient, team: Team, booked: Booked
) -> None:
    await Link.filter(id=team.link.id).update(minimum_notice_minutes=A_MONTH_OF_NOTICE)

    result = await cancel(client, manageToken=booked.manage_token)

    assert result == TOO_SOON_TO_CANCEL
    assert (await Booking.get(id=booked.booking.id)).status is BookingStatus.CONFIRMED


async def test_owner_reschedules_inside_the_minimum_notice_by_booking_id(
    client: GraphQLClient, team: Team, booked: Booked, monday: date
) -> None:
    # given
    await Link.filter(id=team.link.id).update(minimum_notice_minutes=A_MONTH_OF_NOTICE)

    # when
    result = await reschedule(
        client, team.owner.key, bookingId=booking_gid(booked), start=iso(monday, "11:00")
    )

    # then
    assert result["__typename"] == "BookingRescheduled"
    assert result["booking"]["startAt"] == iso(monday, "11:00")
    events = (await events_of(client, booked, team))["events"]
    assert [(e["kind"], e["actorKind"], e["actor"]) for e in events] == [
        ("BOOKED", "INVITEE", None),
        ("RESCHEDULED", "USER", {"email": "max@acme.test"}),
    ]


async def test_owner_cancels_inside_the_minimum_notice_by_booking_id(
    client: GraphQLClient, team: Team, booked: Booked, monday: date
) -> None:
    # given
    await Link.filter(id=team.link.id).update(minimum_notice_minutes=A_MONTH_OF_NOTICE)

    # when
    result = await cancel(
        client, team.owner.key, bookingId=booking_gid(booked), reason="Double-booked"
    )

    # then
    assert result["__typename"] == "BookingCancelled"
    assert result["booking"]["status"] == "CANCELLED"
    node = await events_of(client, booked, team)
    assert node["cancelReason"] == "Double-booked"
    assert node["events"][-1] == {
        "kind": "CANCELLED",
        "actorKind": "USER",
        "actor": {"email": "max@acme.test"},
        "previousStartAt": None,
        "previousEndAt": None,
        "reason": "Double-booked",
    }


async def test_co_host_may_cancel_by_booking_id(
    client: GraphQLClient, team: Team, booked: Booked
) -> None:
    result = await cancel(client, team.host.key, bookingId=booking_gid(booked))

    assert result["__typename"] == "BookingCancelled"


async def test_after_archiving_the_link_the_booking_cannot_be_rescheduled(
    client: GraphQLClient, team: Team, booked: Booked, monday: date
) -> None:
    # given
    await archive_link(client, team)

    # when
    result = await reschedule(client, manageToken=booked.manage_token, start=iso(monday, "11:00"))

    # then
    assert result == {
        "__typename": "LinkUnavailable",
        "reason": "DISABLED",
        "message": "This meeting can no longer be moved online, only cancelled. "
        "Please contact Max Member (max@acme.test).",
    }
    assert (await Booking.get(id=booked.booking.id)).start_at == at(monday, "09:00")


async def test_after_archiving_the_link_the_booking_can_be_cancelled(
    client: GraphQLClient, team: Team, booked: Booked, monday: date
) -> None:
    await archive_link(client, team)

    result = await cancel(client, manageToken=booked.manage_token)

    assert result["__typename"] == "BookingCancelled"
    assert result["booking"]["status"] == "CANCELLED"


async def test_cancelling_frees_the_slot(
    client: GraphQLClient, booked: Booked, monday: date
) -> None:
    # given
    await cancel(client, manageToken=booked.manage_token)

    # when
    result = await execute(
        client,
        BOOK_MEETING,
        {
            "input": {
                "key": STANDARD_KEY,
                "start": iso(monday, "09:00"),
                "invitee": {"name": "Sam Second", "email": "sam@prospect.example"},
            }
        },
    )

    # then
    assert result["bookMeeting"] == {"__typename": "BookingConfirmed"}


async def test_cancelling_twice_is_not_an_error(
    client: GraphQLClient, team: Team, booked: Booked
) -> None:
    # given
    first = await cancel(client, manageToken=booked.manage_token)

    # when
    second = await cancel(client, manageToken=booked.manage_token)

    # then
    assert first["booking"]["cancelledAt"] is not None
    assert second == first
    events = (await events_of(client, booked, team))["events"]
    assert [e["kind"] for e in events] == ["BOOKED", "CANCELLED"]


async def test_cancelled_booking_cannot_be_rescheduled(
    client: GraphQLClient, booked: Booked, monday: date
) -> None:
    await cancel(client, manageToken=booked.manage_token)

    result = await reschedule(client, manageToken=booked.manage_token, start=iso(monday, "11:00"))

    assert result == {
        "__typename": "ChangeNotAllowed",
        "rule": "CANCELLED",
        "message": "This meeting was cancelled; book a new one instead.",
    }


@pytest.mark.parametrize("mutation", ["reschedule", "cancel"])
async def test_wrong_manage_token_is_not_found(
    client: GraphQLClient, booked: Booked, monday: date, mutation: str
) -> None:
    if mutation == "reschedule":
        result = await reschedule(client, manageToken=WRONG_TOKEN, start=iso(monday, "11:00"))
    else:
        result = await cancel(client, manageToken=WRONG_TOKEN)

    assert result == {"__typename": "NotFound", "message": "No booking has this manage token."}
    row = await Booking.get(id=booked.booking.id)
    assert (row.status, row.start_at) == (BookingStatus.CONFIRMED, at(monday, "09:00"))


@pytest.mark.parametrize("mutation", ["reschedule", "cancel"])
@pytest.mark.parametrize("both", [True, False], ids=["both", "neither"])
async def test_exactly_one_of_manage_token_and_booking_id_is_required(
    client: GraphQLClient, team: Team, booked: Booked, monday: date, mutation: str, both: bool
) -> None:
    # given
    target: dict[str, object] = (
        {"manageToken": booked.manage_token, "bookingId": booking_gid(booked)} if both else {}
    )

    # when
    if mutation == "reschedule":
        result = await reschedule(client, team.owner.key, start=iso(monday, "11:00"), **target)
    else:
        result = await cancel(client, team.owner.key, **target)

    # then
    assert result == {
        "__typename": "InvalidInput",
        "fieldErrors": [
            {"field": "manageToken", "message": "give either a manageToken or a bookingId"}
        ],
    }
    row = await Booking.get(id=booked.booking.id)
    assert (row.status, row.start_at) == (BookingStatus.CONFIRMED, at(monday, "09:00"))


async def _member_neither_owner_nor_host(team: Team) -> str:
    return team.other.key


async def _other_organizations_admin(team: Team) -> str:
    return (await create_tenant("Globex", domain="globex.test")).admin.key


@pytest.mark.parametrize("mutation", ["reschedule", "cancel"])
@pytest.mark.parametrize(
    "stranger",
    [
        pytest.param(_member_neither_owner_nor_host, id="uninvolved-member"),
        pytest.param(_other_organizations_admin, id="other-organization-admin"),
    ],
)
async def test_stranger_cannot_find_the_booking_by_id(
    client: GraphQLClient, team: Team, booked: Booked, monday: date, mutation: str, stranger: Any
) -> None:
    # given
    key = await stranger(team)

    # when
    if mutation == "reschedule":
        result = await reschedule(
            client, key, bookingId=booking_gid(booked), start=iso(monday, "11:00")
        )
    else:
        result = await cancel(client, key, bookingId=booking_gid(booked))

    # then
    assert result == {"__typename": "NotFound", "message": "No such booking."}
    row = await Booking.get(id=booked.booking.id)
    assert (row.status, row.start_at) == (BookingStatus.CONFIRMED, at(monday, "09:00"))


@pytest.mark.parametrize("mutation", ["reschedule", "cancel"])
async def test_anonymous_caller_cannot_use_a_booking_id(
    client: GraphQLClient, booked: Booked, monday: date, mutation: str
) -> None:
    if mutation == "reschedule":
        result = await reschedule(client, bookingId=booking_gid(booked), start=iso(monday, "11:00"))
    else:
        result = await cancel(client, bookingId=booking_gid(booked))

    assert result == {
        "__typename": "Forbidden",
        "message": "Authentication required: send an API key as a Bearer token.",
    }
    assert (await Booking.get(id=booked.booking.id)).status is BookingStatus.CONFIRMED


async def test_managed_booking_shows_the_invitee_their_booking(
    client: GraphQLClient, booked: Booked, monday: date
) -> None:
    data = await execute(client, MANAGED_BOOKING, {"token": booked.manage_token})

    assert data["managedBooking"] == {
        "id": global_id("InviteeBooking", booked.booking.id),
        "status": "CONFIRMED",
        "startAt": iso(monday, "09:00"),
        "endAt": iso(monday, "09:30"),
        "title": "Discovery call",
        "meetingTypeName": "Intro call",
        "durationMinutes": 30,
        "locationKind": "VIDEO",
        "locationDetails": "https://meet.example/room",
        "hostNames": ["Max Member", "Hana Host"],
        "notes": "",
        "rescheduleCount": 0,
        "cancelledAt": None,
        "invitee": {"name": INVITEE_NAME, "email": INVITEE_EMAIL, "timeZone": "UTC"},
    }


@pytest.mark.parametrize("token", [WRONG_TOKEN, "", "not-a-manage-token"])
async def test_managed_booking_is_null_for_a_wrong_token(
    client: GraphQLClient, booked: Booked, token: str
) -> None:
    data = await execute(client, MANAGED_BOOKING, {"token": token})

    assert data == {"managedBooking": None}
    assert await count_rows("bookings") == 1
