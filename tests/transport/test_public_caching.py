"""Shared caches may keep an anonymous GET of a standard link's page for a while and its free
times for seconds; nothing else."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import httpx
import orjson
import pytest

from config import Settings
from tests.conftest import GraphQLClient, app_client
from tests.support.booking_factories import STANDARD_KEY, create_booking_team
from tests.support.link_factories import Team, mint_one

PAGE = "query($key: String!) { publicLink(key: $key) { __typename ... on PublicLink { title } } }"
SLOTS = """query($key: String!, $from: DateTime!, $to: DateTime!) { publicLink(key: $key) {
  ... on PublicLink { availableSlots(from: $from, to: $to) { __typename } } } }"""


@pytest.fixture
async def team(client: GraphQLClient) -> Team:
    return await create_booking_team()


async def get(
    client: GraphQLClient, query: str, variables: dict[str, object], key: str | None = None
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return await client.http.get(
        "/graphql",
        params={"query": query, "variables": orjson.dumps(variables).decode()},
        headers={"Accept": "application/json", **headers},
    )


def week() -> dict[str, object]:
    now = datetime.now(UTC)
    return {"from": now.isoformat(), "to": (now + timedelta(days=7)).isoformat()}


async def test_a_standard_links_page_may_be_kept_a_minute(
    client: GraphQLClient, team: Team
) -> None:
    response = await get(client, PAGE, {"key": STANDARD_KEY})

    assert response.json()["data"]["publicLink"]["__typename"] == "PublicLink"
    assert response.headers["cache-control"] == "public, max-age=60"
    assert response.headers["vary"] == "Accept, Authorization"


async def test_free_times_may_be_kept_seconds_only(client: GraphQLClient, team: Team) -> None:
    response = await get(client, SLOTS, {"key": STANDARD_KEY, **week()})

    assert response.headers["cache-control"] == "public, max-age=5"


async def test_nothing_else_is_kept(client: GraphQLClient, team: Team) -> None:
    minted = await mint_one(team.owner, team.link)

    single_use = await get(client, PAGE, {"key": minted.token})
    unknown = await get(client, PAGE, {"key": "acme/no-such-link"})
    with_a_key = await get(client, PAGE, {"key": STANDARD_KEY}, key=team.owner.key)
    by_post = await client.post(PAGE, {"key": STANDARD_KEY})
    other_fields = await get(client, "{ viewer { id } }", {})

    assert single_use.headers["cache-control"] == "no-store"
    assert unknown.headers["cache-control"] == "no-store"
    assert with_a_key.headers["cache-control"] == "private, no-store"
    assert by_post.headers["cache-control"] == "no-store"
    assert other_fields.headers["cache-control"] == "no-store"


async def test_the_time_is_a_setting_and_zero_turns_it_off(settings: Settings, team: Team) -> None:
    for seconds, expected in [
        (20, "public, max-age=20"),
        (2, "public, max-age=2"),
        (0, "no-store"),
    ]:
        changed = dataclasses.replace(settings, public_cache_seconds=seconds)
        async with app_client(changed) as client:
            page = await get(client, PAGE, {"key": STANDARD_KEY})
            slots = await get(client, SLOTS, {"key": STANDARD_KEY, **week()})
        assert page.headers["cache-control"] == expected
        assert slots.headers["cache-control"] == (
            "public, max-age=2"
            if seconds == 2
            else "no-store"
            if seconds == 0
            else "public, max-age=5"
        )
