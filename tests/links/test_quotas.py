"""An organization holds at most the configured number of links and single-use links; the
creation that would pass a quota is refused whole, naming what is full."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator

import pytest

from config import Limits, Settings
from models.db.tables import Link, Organization, SingleUseLink
from tests.conftest import GraphQLClient, app_client
from tests.support.link_factories import Team, create_team, global_id

MINT = """
mutation ($link: ID!, $count: Int!) {
  createSingleUseLinks(input: {linkId: $link, count: $count}) {
    __typename
    ... on InvalidInput { fieldErrors { field message } }
  }
}
"""
CREATE_LINK = """
mutation ($type: ID!) {
  createLink(input: {name: "One more", meetingTypeId: $type}) {
    __typename
    ... on InvalidInput { fieldErrors { field message } }
  }
}
"""


@pytest.fixture
async def small(settings: Settings) -> AsyncIterator[GraphQLClient]:
    limits = Limits(max_links_per_organization=3, max_single_use_links_per_organization=5)
    async with app_client(dataclasses.replace(settings, limits=limits)) as client:
        yield client


@pytest.fixture
async def team(db: object) -> Team:
    return await create_team()


async def _mint(client: GraphQLClient, team: Team, count: int) -> dict[str, object]:
    result = await client.execute(
        MINT, {"link": global_id("Link", team.link.id), "count": count}, key=team.owner.key
    )
    payload: dict[str, object] = result["data"]["createSingleUseLinks"]  # type: ignore[index]
    return payload


async def test_minting_stops_at_the_quota_and_writes_nothing_past_it(
    small: GraphQLClient, team: Team
) -> None:
    # given an organization allowed five single-use links, holding four
    assert (await _mint(small, team, 4))["__typename"] == "SingleUseLinksCreated"

    # when two more are asked for, then one
    refused = await _mint(small, team, 2)
    last = await _mint(small, team, 1)

    # then the two are refused whole, naming the count, and the one fits
    assert refused == {
        "__typename": "InvalidInput",
        "fieldErrors": [
            {"field": "count", "message": "the organization may hold at most 5 single-use links"}
        ],
    }
    assert last["__typename"] == "SingleUseLinksCreated"
    assert await SingleUseLink.filter(link_id=team.link.id).count() == 5
    assert (await Organization.get(id=team.tenant.organization_id)).single_use_links_minted == 5


async def test_creating_links_stops_at_the_quota(small: GraphQLClient, team: Team) -> None:
    # given an organization allowed three links, holding one
    variables = {"type": global_id("MeetingType", team.meeting_type.id)}
    answers = [
        (await small.execute(CREATE_LINK, variables, key=team.admin.key))["data"]["createLink"]  # type: ignore[index]
        for _ in range(3)
    ]

    assert [answer["__typename"] for answer in answers] == [
        "LinkSaved",
        "LinkSaved",
        "InvalidInput",
    ]
    assert answers[2]["fieldErrors"] == [
        {"field": "organization", "message": "the organization may hold at most 3 links"}
    ]
    assert await Link.filter(organization_id=team.tenant.organization_id).count() == 3
