"""A link's derived status, and filtering on it.

``links(filter: {active: true})`` lists switched-on links, expired ones included; ``status``
says where each link stands (ARCHIVED, INACTIVE, EXPIRED, ACTIVE: the first that holds) and
``filter: {status}`` lists exactly the links in one status, the bookable ones for ACTIVE."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from models.db.tables import Link
from tests.conftest import GraphQLClient
from tests.support.link_factories import Team, create_team, make_link

LINKS = """query($filter: LinksFilter) { links(first: 100, filter: $filter) {
  totalCount edges { node { name status active archived expiresAt } } } }"""
NOW = datetime.now(UTC)
MOMENTS = {
    "no expiry": None,
    "expired": NOW - timedelta(hours=1),
    "expiring": NOW + timedelta(days=1),
}


@pytest.fixture
async def team(client: GraphQLClient) -> Team:
    team = await create_team()
    await Link.filter(id=team.link.id).delete()
    for is_active, archived, (moment_name, expiry) in itertools.product(
        (True, False), (False, True), MOMENTS.items()
    ):
        name = f"{'on' if is_active else 'off'} {'archived' if archived else 'live'} {moment_name}"
        link = await make_link(team.owner, team.meeting_type, name=name)
        await Link.filter(id=link.id).update(
            is_active=is_active, archived_at=NOW if archived else None, expires_at=expiry
        )
    return team


async def _links(client: GraphQLClient, team: Team, **filter: Any) -> list[dict[str, Any]]:
    result = await client.execute(LINKS, {"filter": filter or None}, key=team.admin.key)
    assert "errors" not in result, result
    edges = result["data"]["links"]["edges"]  # type: ignore[index]
    return [edge["node"] for edge in edges]


def _expected(node: dict[str, Any]) -> str:
    if node["archived"]:
        return "ARCHIVED"
    if not node["active"]:
        return "INACTIVE"
    if node["expiresAt"] is not None and datetime.fromisoformat(node["expiresAt"]) <= NOW:
        return "EXPIRED"
    return "ACTIVE"


async def test_every_link_says_where_it_stands(client: GraphQLClient, team: Team) -> None:
    nodes = await _links(client, team)

    assert len(nodes) == 12
    assert {node["name"]: node["status"] for node in nodes} == {
        node["name"]: _expected(node) for node in nodes
    }
    assert sorted(node["name"] for node in nodes if node["status"] == "ACTIVE") == [
        "on live expiring",
        "on live no expiry",
    ]


@pytest.mark.parametrize("status", ["ACTIVE", "EXPIRED", "INACTIVE", "ARCHIVED"])
async def test_the_status_filter_lists_exactly_the_links_in_that_status(
    client: GraphQLClient, team: Team, status: str
) -> None:
    everything = await _links(client, team)

    filtered = await _links(client, team, status=status)

    assert sorted(node["name"] for node in filtered) == sorted(
        node["name"] for node in everything if node["status"] == status
    )
    assert filtered


async def test_active_true_still_includes_expired_links_as_documented(
    client: GraphQLClient, team: Team
) -> None:
    switched_on = await _links(client, team, active=True)

    assert sorted(node["status"] for node in switched_on) == ["ACTIVE", "ACTIVE", "EXPIRED"]
