"""All single-use links across links: an owner's question "what did I send, and what came of
it?" answered in one list, filtered by status, owner, label and minting time, in keyset pages,
scoped like the links themselves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from models.db.tables import SingleUseLink
from models.links.single_use_links import MintOptions
from tests.conftest import GraphQLClient
from tests.support.booking_factories import at, book, create_booking_team, upcoming_monday
from tests.support.factories import create_tenant
from tests.support.link_factories import Team, global_id, make_link, mint_one

ACROSS = """query($filter: SingleUseLinksFilter, $first: Int, $after: String) {
  singleUseLinks(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { label status parent { name } } } } }"""
LONG_AGO = datetime(2025, 1, 6, 9, tzinfo=UTC)


@pytest.fixture
async def team(client: GraphQLClient) -> Team:
    """Max's discovery call: "Jane 100%" (booked), "jane two", "Joe"; Olga's own link: "Olga's
    pick", minted long ago."""
    team = await create_booking_team()
    jane = await mint_one(team.owner, team.link, MintOptions(label="Jane 100%"))
    await mint_one(team.owner, team.link, MintOptions(label="jane two"))
    await mint_one(team.owner, team.link, MintOptions(label="Joe"))
    await book(jane.token, at(upcoming_monday(), "09:00"))
    olgas = await make_link(team.other, team.meeting_type, name="Olga's call")
    old = await mint_one(team.other, olgas, MintOptions(label="Olga's pick"))
    await SingleUseLink.filter(id=old.single_use_link.id).update(created_at=LONG_AGO)
    return team


async def _labels(client: GraphQLClient, key: str, **variables: Any) -> list[str]:
    result = await client.execute(ACROSS, variables, key=key)
    assert "errors" not in result, result
    edges = result["data"]["singleUseLinks"]["edges"]  # type: ignore[index]
    return [edge["node"]["label"] for edge in edges]


async def test_each_caller_sees_the_children_of_the_links_they_see(
    client: GraphQLClient, team: Team
) -> None:
    globex = await create_tenant("Globex", domain="globex.test")

    assert await _labels(client, team.admin.key) == [
        "Olga's pick",
        "Joe",
        "jane two",
        "Jane 100%",
    ]
    assert await _labels(client, team.owner.key) == ["Joe", "jane two", "Jane 100%"]
    assert await _labels(client, team.host.key) == ["Joe", "jane two", "Jane 100%"]
    assert await _labels(client, team.other.key) == ["Olga's pick"]
    assert await _labels(client, globex.admin.key) == []


@pytest.mark.parametrize(
    ("filter_", "labels"),
    [
        pytest.param({"status": "USED"}, ["Jane 100%"], id="status"),
        pytest.param({"status": "ACTIVE"}, ["Olga's pick", "Joe", "jane two"], id="active"),
        pytest.param({"label": "JANE"}, ["jane two", "Jane 100%"], id="label-any-case"),
        pytest.param({"label": "100%"}, ["Jane 100%"], id="label-with-a-wildcard-sign"),
        pytest.param({"label": "_"}, [], id="underscore-is-literal"),
        pytest.param(
            {"createdTo": (LONG_AGO + timedelta(days=1)).isoformat()},
            ["Olga's pick"],
            id="created-before",
        ),
        pytest.param(
            {"createdFrom": (LONG_AGO + timedelta(days=1)).isoformat(), "label": "j"},
            ["Joe", "jane two", "Jane 100%"],
            id="created-after-and-label",
        ),
    ],
)
async def test_filters(
    client: GraphQLClient, team: Team, filter_: dict[str, Any], labels: list[str]
) -> None:
    assert await _labels(client, team.admin.key, filter=filter_) == labels


async def test_the_owner_filter(client: GraphQLClient, team: Team) -> None:
    olga = global_id("User", team.other.user_id)

    assert await _labels(client, team.admin.key, filter={"ownerId": olga}) == ["Olga's pick"]


async def test_pages_follow_each_other_without_repeats_and_count_them_all(
    client: GraphQLClient, team: Team
) -> None:
    first = await client.execute(ACROSS, {"first": 3}, key=team.admin.key)
    page: Any = first["data"]["singleUseLinks"]  # type: ignore[index]
    second = await client.execute(
        ACROSS, {"first": 3, "after": page["pageInfo"]["endCursor"]}, key=team.admin.key
    )
    rest: Any = second["data"]["singleUseLinks"]  # type: ignore[index]

    assert (page["totalCount"], page["pageInfo"]["hasNextPage"]) == (4, True)
    assert [edge["node"]["label"] for edge in page["edges"] + rest["edges"]] == [
        "Olga's pick",
        "Joe",
        "jane two",
        "Jane 100%",
    ]
    assert rest["pageInfo"]["hasNextPage"] is False
    assert page["edges"][1]["node"]["parent"] == {"name": "Discovery call"}


async def test_a_bad_filter_is_invalid_input_naming_the_field(
    client: GraphQLClient, team: Team
) -> None:
    result = await client.execute(ACROSS, {"filter": {"label": "x" * 201}}, key=team.admin.key)

    assert result["data"] is None
    assert [error["message"] for error in result["errors"]] == [  # type: ignore[attr-defined]
        "filter.label: must be at most 200 characters"
    ]
