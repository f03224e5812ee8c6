"""Inputs anyone can send that used to end as a masked "Unexpected error." (and a traceback
in the log): each now gets a typed answer."""

from __future__ import annotations

import base64

import pytest

from tests.conftest import GraphQLClient
from tests.support.link_factories import Team, create_team, global_id

NODE = "query($id: ID!) { node(id: $id) { id } }"
PUBLIC_SLOTS = """
query($key: String!, $from: DateTime!, $to: DateTime!) {
  publicLink(key: $key) {
    __typename
    ... on PublicLink {
      availableSlots(from: $from, to: $to) {
        __typename
        ... on InvalidInput { fieldErrors { field message } }
      }
    }
  }
}
"""
MEETING_LOGS_AFTER = """
query($after: String) { meetingLogs(first: 5, after: $after) { totalCount } }
"""
PUBLIC_LINK = "query($key: String!) { publicLink(key: $key) { __typename } }"


@pytest.fixture
async def team(db: object) -> Team:
    return await create_team()


def no_unexpected_errors(result: dict[str, object]) -> None:
    for error in result.get("errors") or []:  # type: ignore[attr-defined]
        assert error.get("extensions", {}).get("code") != "UNEXPECTED", error


@pytest.mark.parametrize("type_name", ["Node", "Error", "SlotsResult", "Query"])
async def test_node_of_a_name_that_is_no_object_type_is_null(
    client: GraphQLClient, team: Team, type_name: str
) -> None:
    result = await client.execute(NODE, {"id": global_id(type_name, 1)}, key=team.owner.key)

    assert result == {"data": {"node": None}}


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("0001-01-01T00:00:00Z", "0001-01-03T00:00:00Z"),
        ("9999-12-29T00:00:00Z", "9999-12-31T23:59:59Z"),
    ],
)
async def test_slots_at_the_edges_of_the_calendar_are_invalid_input(
    client: GraphQLClient, team: Team, start: str, end: str
) -> None:
    result = await client.execute(
        PUBLIC_SLOTS, {"key": "acme/discovery-call", "from": start, "to": end}
    )

    no_unexpected_errors(result)
    slots = result["data"]["publicLink"]["availableSlots"]  # type: ignore[index]
    assert slots["__typename"] == "InvalidInput"


@pytest.mark.parametrize(
    "position",
    [
        "0001-01-01T00:00:00+00:00|1",
        "0001-01-01T00:00:00+01:00|1",
        "9999-12-31T23:59:59.999999+00:00|1",
        "9999-12-31T23:59:59-01:00|1",
    ],
)
async def test_a_forged_log_cursor_at_the_edge_of_time_is_answered(
    client: GraphQLClient, team: Team, position: str
) -> None:
    cursor = base64.urlsafe_b64encode(f"log:{position}".encode()).decode()

    result = await client.execute(MEETING_LOGS_AFTER, {"after": cursor}, key=team.owner.key)

    no_unexpected_errors(result)


async def test_a_lone_surrogate_is_refused_by_name(client: GraphQLClient, team: Team) -> None:
    response = await client.http.post(
        "/graphql",
        content=b'{"query": "query($key: String!) { publicLink(key: $key) { __typename } }",'
        b' "variables": {"key": "\\ud800abc"}}',
        headers={"Content-Type": "application/json"},
    )

    assert response.status_code == 200
    assert response.json() == {
        "data": None,
        "errors": [{"message": "Text may not contain a lone surrogate (\\ud800 to \\udfff)."}],
    }


async def test_an_id_with_a_leading_zero_is_not_the_same_object(
    client: GraphQLClient, team: Team
) -> None:
    padded = base64.b64encode(f"Link:0{team.link.id}".encode()).decode()

    result = await client.execute(NODE, {"id": padded}, key=team.owner.key)

    assert result == {"data": {"node": None}}
