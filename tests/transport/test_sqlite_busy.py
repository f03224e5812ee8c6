"""Another process holding SQLite's write lock: a write that cannot get it within SQLite's
5-second wait answers 503 with Retry-After and reason BUSY (not "Unexpected error."), and
works again once the lock is released. Reads meanwhile answer at once: they do not queue
behind the waiting writes, and /readyz says the database is not writable."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from tortoise import Tortoise

from config import Environment, Settings
from models.db.database import tortoise_config
from server import create_app
from tests.support.booking_factories import at, upcoming_monday
from tests.support.databases import fresh_sqlite_copy
from tests.support.link_factories import Team, create_team, global_id

pytestmark = pytest.mark.slow

OWNER_READS = """{ links(first: 5) { edges { node { name slug } } } }"""
MEETING_LOGS = "{ meetingLogs(first: 5) { totalCount } }"
LINK_SLOTS = """query($id: ID!, $from: DateTime!, $to: DateTime!) { link(id: $id) {
  availableSlots(from: $from, to: $to) { __typename } } }"""
PUBLIC_READ = """query($key: String!) { publicLink(key: $key) { __typename ... on PublicLink {
  title } } }"""

MINT = """mutation($link: ID!) { createSingleUseLink(input: {linkId: $link}) {
  __typename ... on SingleUseLinkCreated { token } } }"""


@pytest.fixture
async def app(
    sqlite_template: Path, tmp_path: Path
) -> AsyncIterator[tuple[httpx.AsyncClient, str]]:
    url = fresh_sqlite_copy(sqlite_template, tmp_path)
    await Tortoise.init(config=tortoise_config(url), _enable_global_fallback=True)
    settings = Settings(
        database_url=url, public_url="https://slotlink.test", environment=Environment.DEVELOPMENT
    )
    transport = httpx.ASGITransport(
        app=create_app(settings, manage_database=False), raise_app_exceptions=False
    )
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield http, url.removeprefix("sqlite://")
    finally:
        await Tortoise.close_connections()


async def _mint(http: httpx.AsyncClient, team: Team) -> httpx.Response:
    return await http.post(
        "/graphql",
        json={"query": MINT, "variables": {"link": global_id("Link", team.link.id)}},
        headers={"Authorization": f"Bearer {team.owner.key}"},
    )


async def test_a_write_behind_another_process_lock_is_a_503_busy(
    app: tuple[httpx.AsyncClient, str],
) -> None:
    http, path = app
    team = await create_team()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    started = time.monotonic()
    try:
        refused = await _mint(http, team)
        print(
            f"\nbehind another process's lock: {refused.status_code} after "
            f"{time.monotonic() - started:.1f} s"
        )
    finally:
        other.execute("ROLLBACK")
        other.close()

    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == "5"
    [error] = refused.json()["errors"]
    assert error["extensions"]["code"] == "UNAVAILABLE"
    assert error["extensions"]["reason"] == "BUSY"
    assert error["message"] == "The service is temporarily unavailable. Try again shortly."
    minted = await _mint(http, team)
    assert minted.json()["data"]["createSingleUseLink"]["__typename"] == "SingleUseLinkCreated"


async def test_reads_answer_while_writes_wait_for_another_process_lock(
    app: tuple[httpx.AsyncClient, str],
) -> None:
    http, path = app
    team = await create_team()
    owner = {"Authorization": f"Bearer {team.owner.key}"}
    # A key's first request records its use (a write); later ones in the same minute do not.
    await http.post("/graphql", json={"query": "{ viewer { id } }"}, headers=owner)
    monday = upcoming_monday()
    window = {
        "id": global_id("Link", team.link.id),
        "from": at(monday, "00:00").isoformat(),
        "to": at(monday, "23:59").isoformat(),
    }
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        writes = [asyncio.create_task(_mint(http, team)) for _ in range(2)]
        await asyncio.sleep(0.5)
        started = time.monotonic()
        listed = await http.post("/graphql", json={"query": OWNER_READS}, headers=owner)
        logs = await http.post("/graphql", json={"query": MEETING_LOGS}, headers=owner)
        slots = await http.post(
            "/graphql", json={"query": LINK_SLOTS, "variables": window}, headers=owner
        )
        ready_while_waiting = await http.get("/readyz")
        reads_took = time.monotonic() - started
        writes_pending_after_reads = [not write.done() for write in writes]
        refused = await asyncio.gather(*writes)
        ready_after_refusal = await http.get("/readyz")
        # An anonymous lookup takes a place in the shared failed-lookup budget: a write.
        anonymous = await http.post(
            "/graphql",
            json={"query": PUBLIC_READ, "variables": {"key": f"acme/{team.link.slug}"}},
        )
    finally:
        other.execute("ROLLBACK")
        other.close()
    print(f"\nfour reads behind two waiting writes: {reads_took * 1000:.0f} ms")

    assert listed.json()["data"]["links"]["edges"][0]["node"]["name"] == team.link.name
    assert logs.json()["data"]["meetingLogs"]["totalCount"] == 0
    assert slots.json()["data"]["link"]["availableSlots"]["__typename"] == "AvailableSlots"
    assert ready_while_waiting.status_code == 200
    assert writes_pending_after_reads == [True, True]
    assert [response.status_code for response in refused] == [503, 503]
    assert {response.json()["errors"][0]["extensions"]["reason"] for response in refused} == {
        "BUSY"
    }
    assert ready_after_refusal.status_code == 503
    assert ready_after_refusal.json() == {
        "status": "unavailable",
        "database": "not writable: locked by another process",
    }
    assert anonymous.status_code == 503
    assert anonymous.json()["errors"][0]["extensions"]["reason"] == "BUSY"
    minted = await _mint(http, team)
    assert minted.json()["data"]["createSingleUseLink"]["__typename"] == "SingleUseLinkCreated"
    assert (await http.get("/readyz")).status_code == 200
