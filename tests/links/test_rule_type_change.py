"""OnceHub's rule-type change, on a round-robin link switched to one fixed host (STATIC):
"If you change the Rule type of your Master page from Dynamic to Static, Customers will not be
able to use any one-time link that you previously generated. If a Customer used the one-time
link to make a booking before you changed the Rule type from Dynamic to Static, that booking can
be cancelled but not rescheduled." """

from __future__ import annotations

from datetime import timedelta

import pytest

from models.links.assignment import Assignment
from models.links.links import LinkFields, update_link
from tests.conftest import GraphQLClient
from tests.support.booking_factories import (
    at,
    book,
    create_booking_team,
    execute,
    set_hours,
    upcoming_monday,
)
from tests.support.link_factories import Team, global_id, mint_one, viewer_of
from tests.support.routing_factories import ALL_DAY, round_robin_link

BOOK = """
mutation ($key: String!, $start: DateTime!) {
  bookMeeting(input: {key: $key, start: $start,
      invitee: {name: "Late Larry", email: "larry@prospect.example"}}) {
    __typename
    ... on LinkUnavailable { reason message }
  }
}
"""
SWITCH = """
mutation ($id: ID!, $assignment: Assignment!, $hosts: [ID!]) {
  updateLink(input: {id: $id, assignment: $assignment, hostIds: $hosts}) {
    __typename
    ... on LinkSaved { link { assignment } }
  }
}
"""
STATUS = """
query ($id: ID!) { node(id: $id) { ... on SingleUseLink { status } } }
"""
RESCHEDULE = """
mutation ($token: String!, $start: DateTime!) {
  rescheduleBooking(input: {manageToken: $token, start: $start}) {
    __typename
    ... on LinkUnavailable { reason message }
  }
}
"""
CANCEL = """
mutation ($token: String!) {
  cancelBooking(input: {manageToken: $token, reason: "No longer needed"}) {
    __typename
    ... on BookingCancelled { booking { status } }
  }
}
"""


@pytest.fixture
async def team(client: GraphQLClient) -> Team:
    team = await create_booking_team()
    for user_id in (team.owner.user_id, team.host.user_id, team.other.user_id):
        await set_hours(user_id, ALL_DAY)
    return team


async def switch(client: GraphQLClient, team: Team, link_id: int, assignment: str) -> None:
    answer = await execute(
        client,
        SWITCH,
        {
            "id": global_id("Link", link_id),
            "assignment": assignment,
            "hosts": [global_id("User", team.owner.user_id)],
        },
        key=team.admin.key,
    )
    assert answer["updateLink"]["link"]["assignment"] == assignment


async def test_single_use_links_minted_before_the_switch_to_static_cannot_be_used(
    client: GraphQLClient, team: Team
) -> None:
    # given a round-robin link with an unused single-use link
    link = await round_robin_link(team)
    earlier = await mint_one(team.owner, link)
    start = at(upcoming_monday(), "10:00").isoformat()

    # when the admin switches it to one fixed host
    await switch(client, team, link.id, "STATIC")

    # then the earlier single-use link is disabled and refuses to book
    status = await execute(
        client,
        STATUS,
        {"id": global_id("SingleUseLink", earlier.single_use_link.id)},
        key=team.owner.key,
    )
    assert status["node"] == {"status": "DISABLED"}
    answer = await execute(client, BOOK, {"key": earlier.token, "start": start})
    assert answer["bookMeeting"] == {
        "__typename": "LinkUnavailable",
        "reason": "DISABLED",
        "message": "This link is no longer available. "
        "Please contact Max Member (max@acme.test) to arrange a meeting.",
    }
    # and one minted after the switch books, with the one host
    later = await mint_one(team.owner, link)
    booked = await book(later.token, at(upcoming_monday(), "10:00"))
    assert [host.name for host in booked.hosts] == ["Max Member"]


async def test_switching_back_to_round_robin_does_not_revive_them(
    client: GraphQLClient, team: Team
) -> None:
    link = await round_robin_link(team)
    earlier = await mint_one(team.owner, link)
    await switch(client, team, link.id, "STATIC")

    await switch(client, team, link.id, "ROUND_ROBIN")

    answer = await execute(
        client, BOOK, {"key": earlier.token, "start": at(upcoming_monday(), "10:00").isoformat()}
    )
    assert answer["bookMeeting"]["reason"] == "DISABLED"


async def test_a_meeting_booked_before_the_switch_can_be_cancelled_not_rescheduled(
    client: GraphQLClient, team: Team
) -> None:
    # given a meeting booked through a single-use link of the round-robin link
    link = await round_robin_link(team)
    minted = await mint_one(team.owner, link)
    booked = await book(minted.token, at(upcoming_monday(), "10:00"))
    await switch(client, team, link.id, "STATIC")
    later = (at(upcoming_monday(), "10:00") + timedelta(days=1)).isoformat()

    # when the invitee tries to move it, then cancels it
    moved = await execute(client, RESCHEDULE, {"token": booked.manage_token, "start": later})
    cancelled = await execute(client, CANCEL, {"token": booked.manage_token})

    # then the move is refused, naming why and whom to contact; the cancellation goes through
    assert moved["rescheduleBooking"] == {
        "__typename": "LinkUnavailable",
        "reason": "DISABLED",
        "message": "This meeting can no longer be moved online, only cancelled: the link it "
        "was booked through now assigns one fixed host. "
        "Please contact Max Member (max@acme.test).",
    }
    assert cancelled["cancelBooking"]["booking"] == {"status": "CANCELLED"}


async def test_a_switch_between_collective_and_static_disables_nothing(team: Team) -> None:
    # A collective link never assigned a host per booking: no rule-type change
    earlier = await mint_one(team.owner, team.link)

    await update_link(
        await viewer_of(team.admin),
        team.link.id,
        LinkFields(assignment=Assignment.STATIC, host_ids=[team.owner.user_id]),
    )

    booked = await book(earlier.token, at(upcoming_monday(), "10:00"))
    assert booked.booking.id is not None
