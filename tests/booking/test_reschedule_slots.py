"""Where an invitee may move a booking: ``managedBooking { availableSlots }`` offers the
link's times that the booking's hosts have free, its own time included, and says why when it
cannot be moved online at all."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from models.links.links import set_archived
from tests.conftest import GraphQLClient
from tests.support.booking_factories import at, book, create_booking_team, upcoming_monday
from tests.support.link_factories import Team, mint_one, viewer_of

SLOTS = """query($token: String!, $from: DateTime!, $to: DateTime!) {
  managedBooking(manageToken: $token) {
    availableSlots(from: $from, to: $to) {
      __typename
      ... on AvailableSlots { slots }
      ... on Error { code message }
    }
  } }"""
CANCEL = """mutation($token: String!) { cancelBooking(input: {manageToken: $token}) {
  __typename } }"""


@pytest.fixture
async def team(client: GraphQLClient) -> Team:
    return await create_booking_team()


async def _slots(client: GraphQLClient, token: str, day: date) -> dict[str, Any]:
    window = {
        "from": at(day, "00:00").isoformat(),
        "to": at(day + timedelta(days=1), "00:00").isoformat(),
    }
    result = await client.execute(SLOTS, {"token": token, **window})
    assert "errors" not in result, result
    data: Any = result["data"]
    answer: dict[str, Any] = data["managedBooking"]["availableSlots"]
    return answer


async def test_the_booking_may_move_to_its_hosts_free_times_its_own_included(
    client: GraphQLClient, team: Team
) -> None:
    monday = upcoming_monday()
    mine = await book((await mint_one(team.owner, team.link)).token, at(monday, "09:00"))
    await book((await mint_one(team.owner, team.link)).token, at(monday, "10:00"))

    answer = await _slots(client, mine.manage_token, monday)

    # The hosts are free 09:00-12:00; 10:00 is someone else's meeting.
    assert answer == {
        "__typename": "AvailableSlots",
        "slots": [
            at(monday, clock).isoformat() for clock in ("09:00", "09:30", "10:30", "11:00", "11:30")
        ],
    }


async def test_a_cancelled_booking_cannot_move(client: GraphQLClient, team: Team) -> None:
    """Its single-use link is spent, so the invitee is not told to book a new one: they are
    told whom to ask."""
    monday = upcoming_monday()
    booked = await book((await mint_one(team.owner, team.link)).token, at(monday, "09:00"))
    await client.execute(CANCEL, {"token": booked.manage_token})

    answer = await _slots(client, booked.manage_token, monday)

    assert answer["__typename"] == "ChangeNotAllowed"
    assert answer["message"] == (
        "This meeting was cancelled. Please contact Max Member (max@acme.test) to book another."
    )


async def test_after_the_link_is_archived_the_booking_can_only_be_cancelled(
    client: GraphQLClient, team: Team
) -> None:
    monday = upcoming_monday()
    booked = await book((await mint_one(team.owner, team.link)).token, at(monday, "09:00"))
    await set_archived(await viewer_of(team.owner), team.link.id, archived=True)

    answer = await _slots(client, booked.manage_token, monday)

    assert answer == {
        "__typename": "LinkUnavailable",
        "code": "LINK_UNAVAILABLE",
        "message": "This meeting can no longer be moved online, only cancelled. "
        "Please contact Max Member (max@acme.test).",
    }
