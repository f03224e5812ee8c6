"""The two views of a booking: the invitee's (``InviteeBooking``, by the manage token) and the
owner's (``Booking``). Each keeps its own id, and every mutation returns the entities it
changed, so that a normalized client cache shows the new state without asking again."""

from __future__ import annotations

from datetime import date

import pytest

from models.booking.bookings import Booked
from models.db.tables import Booking
from tests.conftest import GraphQLClient
from tests.support.booking_factories import (
    STANDARD_KEY,
    at,
    book,
    create_booking_team,
    execute,
    iso,
    upcoming_monday,
)
from tests.support.factories import create_tenant
from tests.support.link_factories import Team, global_id, mint_one

BOOK = """
mutation ($input: BookMeetingInput!) {
  bookMeeting(input: $input) {
    __typename
    ... on BookingConfirmed {
      booking { id status }
      ownerView { id status }
      singleUseLink { id status }
    }
  }
}
"""
CANCEL = """
mutation ($input: CancelBookingInput!) {
  cancelBooking(input: $input) {
    __typename
    ... on BookingCancelled { booking { id status } ownerView { id status } }
  }
}
"""
RESCHEDULE = """
mutation ($input: RescheduleBookingInput!) {
  rescheduleBooking(input: $input) {
    __typename
    ... on BookingRescheduled { booking { id startAt } ownerView { id startAt } }
  }
}
"""
NODES = """
query ($ids: [ID!]!) {
  nodes(ids: $ids) {
    __typename
    id
    ... on InviteeBooking { title }
    ... on Booking { status }
  }
}
"""


@pytest.fixture
async def team(client: GraphQLClient) -> Team:
    return await create_booking_team()


@pytest.fixture
def monday() -> date:
    return upcoming_monday()


@pytest.fixture
async def booked(team: Team, monday: date) -> Booked:
    return await book(STANDARD_KEY, at(monday, "09:00"))


def _invitee(start: str) -> dict[str, object]:
    return {"name": "Jane Prospect", "email": "jane@prospect.test", "timeZone": "UTC"}


async def test_an_owner_booking_through_a_single_use_link_gets_every_entity_it_changed(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    minted = await mint_one(team.owner, team.link)
    start = iso(monday, "10:00")

    data = await execute(
        client,
        BOOK,
        {"input": {"key": minted.token, "start": start, "invitee": _invitee(start)}},
        key=team.owner.key,
    )

    row = await Booking.get()
    assert data["bookMeeting"] == {
        "__typename": "BookingConfirmed",
        "booking": {"id": global_id("InviteeBooking", row.id), "status": "CONFIRMED"},
        "ownerView": {"id": global_id("Booking", row.id), "status": "CONFIRMED"},
        "singleUseLink": {
            "id": global_id("SingleUseLink", minted.single_use_link.id),
            "status": "USED",
        },
    }


async def test_an_invitee_gets_only_their_own_view(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    minted = await mint_one(team.owner, team.link)
    start = iso(monday, "10:00")

    data = await execute(
        client, BOOK, {"input": {"key": minted.token, "start": start, "invitee": _invitee(start)}}
    )

    confirmed = data["bookMeeting"]
    assert confirmed["ownerView"] is None
    assert confirmed["singleUseLink"] is None
    assert confirmed["booking"]["id"] == global_id("InviteeBooking", (await Booking.get()).id)


async def test_another_organizations_admin_booking_sees_no_owner_view(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    stranger = await create_tenant("Initech", domain="initech.test")
    start = iso(monday, "10:00")

    data = await execute(
        client,
        BOOK,
        {"input": {"key": STANDARD_KEY, "start": start, "invitee": _invitee(start)}},
        key=stranger.admin.key,
    )

    assert data["bookMeeting"]["ownerView"] is None


async def test_cancelling_and_moving_return_the_owners_booking_to_those_who_see_it(
    client: GraphQLClient, team: Team, booked: Booked, monday: date
) -> None:
    booking_id = global_id("Booking", booked.booking.id)
    moved_to = iso(monday, "11:00")

    by_invitee = await execute(
        client, RESCHEDULE, {"input": {"manageToken": booked.manage_token, "start": moved_to}}
    )
    by_host = await execute(client, CANCEL, {"input": {"bookingId": booking_id}}, key=team.host.key)

    assert by_invitee["rescheduleBooking"] == {
        "__typename": "BookingRescheduled",
        "booking": {"id": global_id("InviteeBooking", booked.booking.id), "startAt": moved_to},
        "ownerView": None,
    }
    assert by_host["cancelBooking"] == {
        "__typename": "BookingCancelled",
        "booking": {"id": global_id("InviteeBooking", booked.booking.id), "status": "CANCELLED"},
        "ownerView": {"id": booking_id, "status": "CANCELLED"},
    }


async def test_nodes_answers_in_the_order_asked_and_null_for_what_is_not_yours(
    client: GraphQLClient, team: Team, booked: Booked
) -> None:
    ids = [
        global_id("InviteeBooking", booked.booking.id),
        "not an id",
        global_id("Booking", booked.booking.id),
        global_id("Booking", booked.booking.id + 1000),
    ]

    as_owner = await execute(client, NODES, {"ids": ids}, key=team.owner.key)
    as_bystander = await execute(client, NODES, {"ids": ids}, key=team.other.key)
    anonymous = await execute(client, NODES, {"ids": ids})

    assert as_owner["nodes"] == [
        {"__typename": "InviteeBooking", "id": ids[0], "title": "Discovery call"},
        None,
        {"__typename": "Booking", "id": ids[2], "status": "CONFIRMED"},
        None,
    ]
    assert as_bystander["nodes"] == [None, None, None, None]
    assert anonymous["nodes"] == [None, None, None, None]


async def test_nodes_takes_at_most_a_hundred_ids(client: GraphQLClient, team: Team) -> None:
    response = await client.post(NODES, {"ids": [global_id("User", 1)] * 101}, key=team.owner.key)

    errors = response.json()["errors"]
    assert errors[0]["message"] == "ids: at most 100 at a time"
