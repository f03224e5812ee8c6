"""Failed public token lookups are limited per client address, and per prefix of an issued
token, across aliases, requests and server processes; made-up keys cannot lock anyone else's
link, and signed-in callers are not limited."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from ipaddress import ip_network

import httpx
import pytest

from config import Environment, Limits, Settings
from models.accounts.tokens import VISIBLE_PREFIX_LENGTH
from models.db import rate_limits
from resolvers.failed_lookups import address_bucket
from server import create_app
from tests.conftest import GraphQLClient
from tests.support.databases import Backend
from tests.support.factories import create_tenant
from tests.support.link_factories import make_link, make_meeting_type, mint_one
from tests.support.live_server import live_server

LIMIT = 30
CONCURRENT_REQUESTS = int(os.environ.get("SLOTLINK_FUZZ_CONCURRENT_REQUESTS", "40"))


def _lookups(count: int, start: int = 0) -> str:
    fields = " ".join(
        f'k{i}: publicLink(key: "nope-{i}") {{ __typename }}' for i in range(start, start + count)
    )
    return "{ " + fields + " }"


def _typenames(body: dict[str, object]) -> list[str]:
    data = body["data"]
    assert isinstance(data, dict)
    return [value["__typename"] for value in data.values()]


async def test_each_alias_counts_and_the_limit_turns_lookups_into_rate_limited(
    client: GraphQLClient,
) -> None:
    # Given two requests of 12 failing lookups each (24 failures)
    for start in (0, 12):
        first = await client.execute(_lookups(12, start))
        assert _typenames(first) == ["LinkUnavailable"] * 12
    # When a third request makes 12 more
    third = await client.execute(_lookups(12, 24))
    # Then six more fail normally and the rest are refused (aliases run concurrently, so
    # which ones is not fixed)
    assert sorted(_typenames(third)) == ["LinkUnavailable"] * 6 + ["RateLimited"] * 6


async def test_an_address_over_the_limit_is_refused_whole_with_429(
    client: GraphQLClient,
) -> None:
    # Given 30 failed lookups from this address
    for start in (0, 15):
        await client.execute(_lookups(15, start))
    # When it asks again
    response = await client.post('{ publicLink(key: "acme/anything") { __typename } }')
    # Then the whole request is refused, with when to come back
    assert response.status_code == 429
    retry_after = int(response.headers["retry-after"])
    assert 1 <= retry_after <= 60
    assert response.json() == {
        "errors": [
            {
                "message": "Too many failed attempts from here. "
                f"Try again in {retry_after} seconds.",
                "extensions": {
                    "code": "RATE_LIMITED",
                    "requestId": response.headers["X-Request-Id"],
                    "retryAfterSeconds": retry_after,
                },
            }
        ],
    }


async def test_signed_in_callers_are_not_limited(client: GraphQLClient) -> None:
    tenant = await create_tenant()
    for start in (0, 15, 30):
        body = await client.execute(_lookups(15, start), key=tenant.admin.key)
        assert _typenames(body) == ["LinkUnavailable"] * 15


async def test_successful_lookups_do_not_count(client: GraphQLClient) -> None:
    # Given a bookable standard link
    tenant = await create_tenant()
    meeting_type = await make_meeting_type(tenant.organization_id)
    await make_link(tenant.admin, meeting_type, name="Intro")
    # When an anonymous caller opens its page 40 times
    for _ in range(4):
        body = await client.execute(
            " ".join(
                [
                    "{",
                    *(f'p{i}: publicLink(key: "acme/intro") {{ __typename }}' for i in range(10)),
                    "}",
                ]
            )
        )
        # Then every lookup answers
        assert _typenames(body) == ["PublicLink"] * 10


@pytest.fixture
async def behind_proxy(db: Backend) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(
        database_url=db.url,
        public_url="https://slotlink.test",
        environment=Environment.DEVELOPMENT,
        limits=Limits(),
        trusted_proxies=(ip_network("127.0.0.0/8"),),
    )
    app = create_app(settings, manage_database=False)
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 4000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


async def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_budget(
    behind_proxy: httpx.AsyncClient,
) -> None:
    # Given one client behind the proxy that used up its budget on distinct keys
    for start in (0, 15):
        await behind_proxy.post(
            "/graphql",
            json={"query": _lookups(15, start * 100)},
            headers={"X-Forwarded-For": "203.0.113.7"},
        )
    # When that client and another one ask again
    spent = await behind_proxy.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"X-Forwarded-For": "203.0.113.7"}
    )
    other = await behind_proxy.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"X-Forwarded-For": "198.51.100.9"}
    )
    # Then only the first is refused
    assert (spent.status_code, other.status_code) == (429, 200)


async def _from_addresses(
    http: httpx.AsyncClient, query: str, addresses: list[str]
) -> list[dict[str, object]]:
    return [
        (await http.post("/graphql", json={"query": query}, headers={"X-Forwarded-For": a})).json()
        for a in addresses
    ]


def _public_link(key: str) -> str:
    return f'{{ publicLink(key: "{key}") {{ __typename }} }}'


SPREAD_ADDRESSES = [f"198.51.100.{n}" for n in range(LIMIT + 5)]


async def test_made_up_keys_never_spend_a_prefix_budget(behind_proxy: httpx.AsyncClient) -> None:
    # Given more failed lookups than the limit of one made-up key, each from its own address
    await _from_addresses(behind_proxy, _public_link("zzzzzzzzzz-not-a-token"), SPREAD_ADDRESSES)
    # When a fresh address presents the same key
    [answer] = await _from_addresses(
        behind_proxy, _public_link("zzzzzzzzzz-not-a-token"), ["192.0.2.1"]
    )
    # Then it is answered as any unknown key: nothing was locked
    assert answer == {"data": {"publicLink": {"__typename": "LinkUnavailable"}}}


async def test_made_up_slugs_cannot_lock_a_standard_link(behind_proxy: httpx.AsyncClient) -> None:
    # Given an organization with a link, and strangers who fail with slugs sharing its prefix
    tenant = await create_tenant()
    meeting_type = await make_meeting_type(tenant.organization_id)
    await make_link(tenant.admin, meeting_type, name="Intro")
    for n, address in enumerate(SPREAD_ADDRESSES):
        await _from_addresses(behind_proxy, _public_link(f"acme/intro-{n}"), [address])
    # When a visitor opens the real link
    [answer] = await _from_addresses(behind_proxy, _public_link("acme/intro"), ["192.0.2.1"])
    # Then it opens
    assert answer == {"data": {"publicLink": {"__typename": "PublicLink"}}}


async def test_guesses_at_an_issued_tokens_prefix_spend_that_tokens_budget(
    behind_proxy: httpx.AsyncClient,
) -> None:
    # Given a single-use link, and guesses that share its token's visible prefix from many
    # addresses (someone who learned the prefix and tries to guess the rest)
    tenant = await create_tenant()
    meeting_type = await make_meeting_type(tenant.organization_id)
    link = await make_link(tenant.admin, meeting_type, name="Intro")
    minted = await mint_one(tenant.admin, link)
    prefix = minted.token[:VISIBLE_PREFIX_LENGTH]
    # (all within one minute's window: a new one would rightly count afresh)
    await asyncio.to_thread(_wait_for_a_fresh_window, 10)
    for n, address in enumerate(SPREAD_ADDRESSES[:LIMIT]):
        await _from_addresses(behind_proxy, _public_link(f"{prefix}guess{n}"), [address])
    # When anyone presents a key with that prefix
    [answer] = await _from_addresses(behind_proxy, _public_link(minted.token), ["192.0.2.1"])
    # Then it is refused, typed, for the rest of the minute
    assert answer == {"data": {"publicLink": {"__typename": "RateLimited"}}}


async def test_forwarded_addresses_from_an_untrusted_peer_are_ignored(
    client: GraphQLClient,
) -> None:
    for n in range(2):
        await client.http.post(
            "/graphql",
            json={"query": _lookups(15, n * 15)},
            headers={"X-Forwarded-For": f"203.0.113.{n}"},
        )
    response = await client.http.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"X-Forwarded-For": "192.0.2.99"}
    )
    assert response.status_code == 429


def _wait_for_a_fresh_window(needed_seconds: float = 20) -> None:
    left = rate_limits.seconds_left(datetime.now(UTC))
    if left < needed_seconds:
        time.sleep(left + 0.1)


@pytest.mark.slow
def test_the_budget_is_shared_by_all_workers(db: Backend) -> None:
    # Given a server with two worker processes
    with live_server(db.url, workers=2) as base:
        # When one address makes 40 failing lookups over fresh connections, all in one
        # minute's window (a new window would rightly start counting afresh)
        _wait_for_a_fresh_window()
        statuses = []
        for n in range(40):
            with httpx.Client(timeout=10) as http:
                response = http.post(
                    f"{base}/graphql",
                    json={"query": f'{{ publicLink(key: "gone-{n}") {{ __typename }} }}'},
                )
            statuses.append(response.status_code)
    # Then the 31st and later are refused, whichever worker answered
    assert statuses == [200] * LIMIT + [429] * 10


async def _concurrently(base: str, queries: list[str]) -> list[httpx.Response]:
    limits = httpx.Limits(max_connections=len(queries))
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as http:
        return await asyncio.gather(*(http.post("/graphql", json={"query": q}) for q in queries))


@pytest.mark.slow
def test_concurrent_lookups_never_fail_more_often_than_the_limit(db: Backend) -> None:
    # Given a server with two worker processes, early in a minute's window
    with live_server(db.url, workers=2) as base:
        _wait_for_a_fresh_window()
        # When one address sends 200 failing lookups at once: 40 requests of 5 aliases (more
        # under make fuzz)
        queries = [_lookups(5, n * 5) for n in range(CONCURRENT_REQUESTS)]
        responses = asyncio.run(_concurrently(base, queries))
    # Then at most the limit of them were looked up; the rest were refused
    performed = [
        typename
        for response in responses
        if response.status_code == 200
        for typename in _typenames(response.json())
        if typename == "LinkUnavailable"
    ]
    assert len(performed) == LIMIT
    assert {response.status_code for response in responses} <= {200, 429}


@pytest.mark.parametrize(
    ("address", "bucket"),
    [
        ("203.0.113.7", "ip:203.0.113.7"),
        ("2001:db8:1:2:aaaa::1", "ip:2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "ip:2001:db8:1:2::/64"),
        ("2001:db8:1:3::1", "ip:2001:db8:1:3::/64"),
        ("::ffff:203.0.113.7", "ip:203.0.113.7"),
    ],
)
def test_ipv6_addresses_share_a_budget_per_64(address: str, bucket: str) -> None:
    assert address_bucket(address) == bucket
