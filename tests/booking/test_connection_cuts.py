"""PostgreSQL drops every connection of the server, again and again, in the middle of a booking
storm: each request is either booked or answered 503 (never "Unexpected error."), the server
books again by itself once the database is back, and every 503 retried with its idempotency
key ends booked, exactly once.

SLOTLINK_CHAOS_CUTS sets the number of cuts (3 in ``make test``, 20 in ``make chaos``).
"""

from __future__ import annotations

import asyncio
import os
from collections import Counter
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from tests.support.crash_invariants import read_after_crash
from tests.support.crash_server import KillableServer, LoadClient
from tests.support.databases import Backend
from tests.support.storm_scenarios import BOOK, fresh_booking_requests

pytestmark = pytest.mark.slow

CUTS = int(os.environ.get("SLOTLINK_CHAOS_CUTS", "3"))
CONCURRENCY = 8
REQUESTS = 120 + 40 * CUTS
CUT_EVERY_SECONDS = 0.4
UNAVAILABLE = "HTTP 503"


async def _cut_every_connection(database_url: str) -> int:
    admin = await asyncpg.connect("postgresql://" + database_url.split("://", 1)[1])
    try:
        return len(
            await admin.fetch(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
    finally:
        await admin.close()


def _outcome(entry: dict[str, Any]) -> str:
    if entry["outcome"] == "ERROR" and entry["error"].startswith(UNAVAILABLE):
        return UNAVAILABLE
    return str(entry["outcome"]) if entry["outcome"] != "ERROR" else f"ERROR {entry['error']}"


def _book(server: KillableServer, variables: dict[str, Any]) -> dict[str, Any]:
    response = httpx.post(
        f"{server.base_url}/graphql", json={"query": BOOK, "variables": variables}, timeout=30
    )
    assert response.status_code == 200, response.text
    payload: dict[str, Any] = response.json()["data"]["bookMeeting"]
    return payload


async def test_cut_connections_cost_a_retry_and_never_a_booking(
    db: Backend, tmp_path: Path
) -> None:
    if db.name != "postgres":
        pytest.skip("SQLite has no connections to cut")
    requests = await fresh_booking_requests(REQUESTS, idempotent=True)
    server = KillableServer.start(db.url)
    try:
        # when: the connections are cut while the storm runs
        load = LoadClient.start(
            f"{server.base_url}/graphql",
            BOOK,
            requests,
            tmp_path,
            concurrency=CONCURRENCY,
            name="load",
        )
        try:
            load.wait_until_firing()
            cut = 0
            for _ in range(CUTS):
                await asyncio.sleep(CUT_EVERY_SECONDS)
                cut += await _cut_every_connection(db.url)
        except BaseException:
            load.abandon()
            raise
        journal = load.finish(within_seconds=120)
        outcomes = Counter(_outcome(entry) for entry in journal)
        # then: every answer was a booking or a 503 to retry
        assert set(outcomes) <= {"BookingConfirmed", UNAVAILABLE}, outcomes
        assert len(journal) == REQUESTS
        # and each 503, retried with its idempotency key, is one booking
        retried = [requests[e["index"]] for e in journal if _outcome(e) == UNAVAILABLE]
        answers = Counter(_book(server, variables)["__typename"] for variables in retried)
        assert set(answers) <= {"BookingConfirmed"}, answers
    finally:
        server.stop()
    print(
        f"\n{CUTS} cuts ({cut} connections ended), {REQUESTS} bookings: "
        f"{outcomes['BookingConfirmed']} confirmed at once, {outcomes[UNAVAILABLE]} answered 503 "
        f"and confirmed when retried with the same idempotency key"
    )
    state = await read_after_crash(db)
    assert len(state.bookings) == REQUESTS
    assert state.spent_without_booking == []
    assert state.half_written == []
    assert state.counter_drift == []
