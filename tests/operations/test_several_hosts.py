"""Several app hosts on one PostgreSQL: three server processes on three ports (as three
machines would run them) share nothing but the database. Bookings stay exactly-once across
them, every webhook is delivered once although each runs a dispatcher, and a sign-in, a
sign-out and the failed-lookup budget hold on all of them. (A subscriber hearing a booking
made through another server: tests/live/test_subscriptions.py.)"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

import httpx
import pytest

from models.db.tables import Booking, SingleUseLink
from models.webhooks.events import EventType
from tests.support.booking_factories import at, create_booking_team, set_hours, upcoming_monday
from tests.support.databases import Backend
from tests.support.link_factories import Team, mint
from tests.support.live_server import live_server
from tests.support.webhook_factories import register_endpoint
from tests.support.webhook_receiver import webhook_receiver

pytestmark = pytest.mark.slow

HOSTS = 3
TOKENS = 30
# Small, so that the shared budget shows within a few requests.
FAILED_LOOKUPS = 6
BOOK = """
mutation ($key: String!, $start: DateTime!) {
  bookMeeting(input: {key: $key, start: $start,
      invitee: {name: "Iris Invitee", email: "iris@prospect.test"}}) {
    __typename
    ... on LinkUnavailable { reason }
  }
}
"""
ALL_DAY = [(weekday, "00:00", "23:59") for weekday in range(1, 8)]


@contextmanager
def three_hosts(db: Backend, failed_lookups: int) -> Iterator[list[str]]:
    """One process each, on the same database."""
    environment = {"SLOTLINK_FAILED_LOOKUPS_PER_MINUTE": str(failed_lookups)}
    with ExitStack() as stack:
        yield [
            stack.enter_context(live_server(db.url, workers=1, environment=environment))
            for _ in range(HOSTS)
        ]


@pytest.fixture(autouse=True)
def postgres_only(db: Backend) -> None:
    if db.name != "postgres":
        pytest.skip("several hosts share one PostgreSQL; SQLite is one machine's file")


@pytest.fixture
async def team(db: Backend) -> Team:
    team = await create_booking_team()
    for account in (team.owner, team.host):
        await set_hours(account.user_id, ALL_DAY)
    return team


async def _post(client: httpx.AsyncClient, url: str, body: dict[str, Any]) -> Any:
    response = await client.post(f"{url}/graphql", json=body, timeout=30)
    return response.json()


async def test_each_single_use_link_books_once_across_hosts_and_each_webhook_arrives_once(
    db: Backend, team: Team
) -> None:
    # (Refused bookings spend the failed-lookup budget: unbounded here, tested below.)
    with webhook_receiver() as receiver, three_hosts(db, 1_000_000) as hosts:
        await register_endpoint(team.admin, receiver.url, [EventType.BOOKING_CREATED])
        tokens = [minted.token for minted in await mint(team.owner, team.link, count=TOKENS)]
        monday = upcoming_monday()
        starts = [
            at(monday, f"{hour:02d}:{minute:02d}").isoformat()
            for hour in range(8, 23)
            for minute in (0, 30)
        ][:TOKENS]
        # Each token twice at once, through two different hosts, for its own time
        attempts = [
            (hosts[(n + turn) % HOSTS], token, start)
            for n, (token, start) in enumerate(zip(tokens, starts, strict=True))
            for turn in (0, 1)
        ]
        async with httpx.AsyncClient() as client:
            answers = await asyncio.gather(
                *(
                    _post(client, url, {"query": BOOK, "variables": {"key": key, "start": start}})
                    for url, key, start in attempts
                )
            )
        results = [answer["data"]["bookMeeting"] for answer in answers]
        outcomes = Counter(result.get("reason") or result["__typename"] for result in results)
        assert outcomes == {"BookingConfirmed": TOKENS, "USED": TOKENS}
        assert await Booking.all().count() == TOKENS
        assert sorted(child.uses for child in await SingleUseLink.all()) == [1] * TOKENS
        # Three dispatchers, one database: each event delivered once
        received = receiver.wait_for(TOKENS, timeout=30)
        await asyncio.sleep(2)  # time for a duplicate, were there one
        ids = Counter(request.headers["webhook-id"] for request in receiver.received)
    assert len(received) >= TOKENS
    assert len(ids) == TOKENS
    assert set(ids.values()) == {1}


async def test_a_session_and_the_failed_lookup_budget_hold_on_every_host(
    db: Backend, team: Team
) -> None:
    with three_hosts(db, FAILED_LOOKUPS) as hosts:
        kinds = await _sessions_and_lookups(team, hosts)
    assert kinds[:FAILED_LOOKUPS] == ["LinkUnavailable"] * FAILED_LOOKUPS, kinds
    assert set(kinds[FAILED_LOOKUPS:]) <= {"RateLimited", "RATE_LIMITED"}, kinds


async def _sessions_and_lookups(team: Team, hosts: list[str]) -> list[str]:
    """Checks the session on the way; returns what each unknown token's lookup answered."""
    first, second, third = hosts
    async with httpx.AsyncClient() as client:
        # Signed in through one host, known to the others; signed out through a third
        signed = await client.post(f"{first}/session", json={"apiKey": team.owner.key})
        assert signed.status_code == 200
        cookie = {"Cookie": f"slotlink_session={signed.cookies['slotlink_session']}"}
        client.cookies.clear()  # sent by hand, to each host alike
        viewer = await client.post(
            f"{second}/graphql", json={"query": "{ viewer { email } }"}, headers=cookie
        )
        assert viewer.json()["data"] == {"viewer": {"email": team.owner.email}}
        assert (await client.delete(f"{third}/session", headers=cookie)).status_code == 204
        ended = await client.post(
            f"{first}/graphql", json={"query": "{ viewer { email } }"}, headers=cookie
        )
        assert ended.status_code == 401

        # Unknown tokens spread over the three hosts spend one budget
        client.cookies.clear()
        lookup = "query ($key: String!) { publicLink(key: $key) { __typename } }"
        kinds = []
        for n in range(FAILED_LOOKUPS + 3):
            answer = await _post(
                client, hosts[n % HOSTS], {"query": lookup, "variables": {"key": f"nope-{n}"}}
            )
            # Refused in the result, or before GraphQL runs once the budget is spent
            data = answer.get("data") or {}
            refusal = (answer.get("errors") or [{}])[0].get("extensions", {}).get("code")
            kinds.append(data["publicLink"]["__typename"] if data else refusal)
    return kinds
