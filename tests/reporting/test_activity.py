"""The activity stream.

OnceHub: "Bookings made using one-time links will also appear as normal bookings in your
Activity stream and reports." ``activity`` lists what happened, newest first: single-use links
minted, used, expired and revoked, meetings booked, rescheduled and cancelled, links changed;
each item with its link, single-use link and meeting, scoped like the meeting log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from models.booking.bookings import Actor, cancel_booking, reschedule_booking
from models.db.tables import SingleUseLink
from models.links.links import LinkFields, set_archived, update_link
from models.links.single_use_links import MintOptions, revoke_single_use_link
from models.webhooks.expiry import announce_expired
from tests.conftest import GraphQLClient
from tests.support.booking_factories import at, book, create_booking_team, upcoming_monday
from tests.support.factories import create_tenant
from tests.support.link_factories import Team, global_id, mint_one, viewer_of

ACTIVITY = """query($filter: ActivityFilter, $first: Int, $after: String) {
  activity(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node {
      id webhookId kind actor summary changed link { name }
      singleUseLink { label status } booking { startAt status }
    } } } }"""
ALL_KINDS = [
    "LINK_CHANGED",
    "LINK_CHANGED",
    "EXPIRED",
    "REVOKED",
    "MINTED",
    "CANCELLED",
    "RESCHEDULED",
    "USED",
    "BOOKED",
    "MINTED",
    "MINTED",
]


@pytest.fixture
async def team(client: GraphQLClient) -> Team:
    """Jane's single-use link booked, moved, cancelled; one expired, one revoked; the link
    renamed, then archived."""
    team = await create_booking_team()
    owner = await viewer_of(team.owner)
    monday = upcoming_monday()
    stale = await mint_one(team.owner, team.link, MintOptions(label="Stale"))
    jane = await mint_one(team.owner, team.link, MintOptions(label="Jane"))
    booked = await book(jane.token, at(monday, "09:00"), name="Jane Prospect")
    moved = await reschedule_booking(booked.booking, at(monday, "10:00"), Actor.invitee())
    await cancel_booking(moved, Actor.invitee())
    withdrawn = await mint_one(team.owner, team.link, MintOptions(label="Withdrawn"))
    await revoke_single_use_link(owner, withdrawn.single_use_link.id)
    await SingleUseLink.filter(id=stale.single_use_link.id).update(
        expires_at=datetime.now(UTC) - timedelta(minutes=1)
    )
    await announce_expired(datetime.now(UTC))
    await update_link(owner, team.link.id, LinkFields(name="Discovery call (old)"))
    await set_archived(owner, team.link.id, archived=True)
    return team


async def _activity(client: GraphQLClient, key: str, **variables: Any) -> Any:
    result = await client.execute(ACTIVITY, variables, key=key)
    assert "errors" not in result, result
    return result["data"]["activity"]  # type: ignore[index]


def _kinds(page: Any) -> list[str]:
    return [edge["node"]["kind"] for edge in page["edges"]]


async def test_everything_that_happened_newest_first(client: GraphQLClient, team: Team) -> None:
    page = await _activity(client, team.owner.key)

    assert _kinds(page) == ALL_KINDS
    assert page["totalCount"] == len(ALL_KINDS)
    nodes = [edge["node"] for edge in page["edges"]]
    archived, renamed = nodes[0], nodes[1]
    assert (archived["changed"], renamed["changed"]) == (["archived"], ["name"])
    assert renamed["summary"] == "Discovery call (old) changed: name"
    booked = nodes[8]
    assert booked["actor"] == "INVITEE"
    assert booked["singleUseLink"] == {"label": "Jane", "status": "USED"}
    # The meeting as it is now: moved, then cancelled.
    assert booked["booking"] == {
        "startAt": at(upcoming_monday(), "10:00").isoformat(),
        "status": "CANCELLED",
    }
    assert booked["summary"].startswith("Jane Prospect booked Discovery call")
    assert nodes[2]["actor"] == "SYSTEM"
    assert nodes[2]["summary"] == "Single-use link “Stale” expired unused"
    assert all(node["webhookId"].startswith("evt_") for node in nodes)


async def test_an_item_is_a_node_for_those_whose_stream_holds_it(
    client: GraphQLClient, team: Team
) -> None:
    globex = await create_tenant("Globex", domain="globex.test")
    ids = [edge["node"]["id"] for edge in (await _activity(client, team.owner.key))["edges"]]
    query = "query($ids: [ID!]!) { nodes(ids: $ids) { ... on ActivityItem { id kind } } }"

    as_host = await client.execute(query, {"ids": ids[:3]}, key=team.host.key)
    as_bystander = await client.execute(query, {"ids": ids[:3]}, key=team.other.key)
    as_stranger = await client.execute(query, {"ids": ids[:3]}, key=globex.admin.key)

    assert [node["id"] for node in as_host["data"]["nodes"]] == ids[:3]  # type: ignore[index]
    assert [node["kind"] for node in as_host["data"]["nodes"]] == ALL_KINDS[:3]  # type: ignore[index]
    assert as_bystander["data"] == {"nodes": [None, None, None]}
    assert as_stranger["data"] == {"nodes": [None, None, None]}


async def test_the_stream_is_scoped_like_the_meeting_log(client: GraphQLClient, team: Team) -> None:
    globex = await create_tenant("Globex", domain="globex.test")

    assert _kinds(await _activity(client, team.admin.key)) == ALL_KINDS
    assert _kinds(await _activity(client, team.host.key)) == ALL_KINDS
    assert _kinds(await _activity(client, team.other.key)) == []
    assert _kinds(await _activity(client, globex.admin.key)) == []


async def test_filters_by_kind_and_by_link(client: GraphQLClient, team: Team) -> None:
    meetings = await _activity(
        client, team.owner.key, filter={"kinds": ["BOOKED", "RESCHEDULED", "CANCELLED"]}
    )
    of_the_link = await _activity(
        client, team.owner.key, filter={"linkId": global_id("Link", team.link.id)}
    )
    of_another = await _activity(
        client, team.owner.key, filter={"linkId": global_id("Link", team.link.id + 1000)}
    )

    assert _kinds(meetings) == ["CANCELLED", "RESCHEDULED", "BOOKED"]
    assert _kinds(of_the_link) == ALL_KINDS
    assert _kinds(of_another) == []


async def test_pages_follow_each_other(client: GraphQLClient, team: Team) -> None:
    first = await _activity(client, team.owner.key, first=4)
    rest = await _activity(client, team.owner.key, after=first["pageInfo"]["endCursor"])

    assert first["pageInfo"]["hasNextPage"] is True
    assert _kinds(first) + _kinds(rest) == ALL_KINDS
    assert rest["pageInfo"]["hasNextPage"] is False
