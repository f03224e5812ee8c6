"""Auditing single-use links: from a link to the meeting it booked and back, and the meeting
log of one single-use link.

OnceHub: "Bookings made using one-time links will also appear as normal bookings in your
Activity stream and reports." An owner who sent a one-time link asks what came of it: the
single-use link answers with its booking, the booking with its single-use link, and the
meeting log filters on one single-use link."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from models.links.single_use_links import MintOptions
from tests.conftest import GraphQLClient
from tests.support.booking_factories import at, book, create_booking_team, upcoming_monday
from tests.support.link_factories import Team, global_id, mint_one
from tests.support.statements import record_statements

CHILD = """query($id: ID!) { node(id: $id) { ... on SingleUseLink {
  label status
  booking { startAt invitee { email } singleUseLink { label } link { name } }
  bookings { startAt }
} } }"""
LOG_OF_ONE = """query($child: ID!) { meetingLogs(filter: {singleUseLinkId: $child}) {
  totalCount edges { node { startAt singleUseLink { label } } } } }"""
CHILDREN_WITH_BOOKINGS = """{ links { edges { node { singleUseLinks { edges { node {
  label booking { startAt status } } } } } } } }"""


@pytest.fixture
async def team(client: GraphQLClient) -> Team:
    return await create_booking_team()


@pytest.fixture
def monday() -> date:
    return upcoming_monday()


async def _data(client: GraphQLClient, query: str, key: str, **variables: Any) -> Any:
    result = await client.execute(query, variables, key=key)
    assert "errors" not in result, result
    return result["data"]


async def test_a_single_use_link_answers_with_the_meeting_it_booked(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    # given
    minted = await mint_one(team.owner, team.link, MintOptions(label="Acme - Jane"))
    unused = await mint_one(team.owner, team.link, MintOptions(label="Not yet"))
    await book(minted.token, at(monday, "09:00"), email="jane@acme.example")

    # when
    used = await _data(
        client, CHILD, team.owner.key, id=global_id("SingleUseLink", minted.single_use_link.id)
    )
    waiting = await _data(
        client, CHILD, team.owner.key, id=global_id("SingleUseLink", unused.single_use_link.id)
    )

    # then
    assert used["node"] == {
        "label": "Acme - Jane",
        "status": "USED",
        "booking": {
            "startAt": at(monday, "09:00").isoformat(),
            "invitee": {"email": "jane@acme.example"},
            "singleUseLink": {"label": "Acme - Jane"},
            "link": {"name": "Discovery call"},
        },
        "bookings": [{"startAt": at(monday, "09:00").isoformat()}],
    }
    assert waiting["node"]["booking"] is None
    assert waiting["node"]["bookings"] == []


async def test_a_link_allowing_several_uses_lists_every_meeting_oldest_first(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    minted = await mint_one(team.owner, team.link, MintOptions(max_uses=2))
    await book(minted.token, at(monday, "10:00"), email="first@acme.example")
    await book(minted.token, at(monday, "09:00"), email="second@acme.example")

    node = (
        await _data(
            client, CHILD, team.owner.key, id=global_id("SingleUseLink", minted.single_use_link.id)
        )
    )["node"]

    assert node["bookings"] == [
        {"startAt": at(monday, "10:00").isoformat()},
        {"startAt": at(monday, "09:00").isoformat()},
    ]
    assert node["booking"]["invitee"] == {"email": "first@acme.example"}


async def test_the_meeting_log_of_one_single_use_link(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    # given: two single-use links and the standard link each booked once
    jane = await mint_one(team.owner, team.link, MintOptions(label="Jane"))
    joe = await mint_one(team.owner, team.link, MintOptions(label="Joe"))
    await book(jane.token, at(monday, "09:00"))
    await book(joe.token, at(monday, "10:00"))
    await book("acme/discovery-call", at(monday, "11:00"))

    # when
    log = await _data(
        client, LOG_OF_ONE, team.owner.key, child=global_id("SingleUseLink", joe.single_use_link.id)
    )

    # then
    assert log["meetingLogs"] == {
        "totalCount": 1,
        "edges": [
            {
                "node": {
                    "startAt": at(monday, "10:00").isoformat(),
                    "singleUseLink": {"label": "Joe"},
                }
            }
        ],
    }


async def test_the_children_and_their_bookings_cost_the_same_for_two_as_for_six(
    client: GraphQLClient, team: Team, monday: date, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One batch of bookings for every child listed, not one query per child."""

    async def listing_cost(children: int) -> int:
        statements = record_statements(monkeypatch)
        data = await _data(client, CHILDREN_WITH_BOOKINGS, team.owner.key)
        edges = data["links"]["edges"][0]["node"]["singleUseLinks"]["edges"]
        assert len(edges) == children
        assert all(edge["node"]["booking"]["status"] == "CONFIRMED" for edge in edges)
        count = len(statements)
        monkeypatch.undo()
        return count

    for index in range(2):
        minted = await mint_one(team.owner, team.link, MintOptions(label=f"Child {index}"))
        await book(minted.token, at(monday, "09:00") + timedelta(minutes=30 * index))
    await _data(client, "{ viewer { id } }", team.owner.key)
    two = await listing_cost(2)
    for index in range(2, 6):
        minted = await mint_one(team.owner, team.link, MintOptions(label=f"Child {index}"))
        await book(minted.token, at(monday, "09:00") + timedelta(minutes=30 * index))
    six = await listing_cost(6)

    assert six == two
