"""Crash recovery: the server is SIGKILLed in the middle of a booking storm and restarted on the
same database, again and again, on SQLite and on PostgreSQL.

SLOTLINK_CHAOS_KILLS sets the number of kills per backend (3 in ``make test``, 20 in
``make chaos``).
"""

from __future__ import annotations

import os
import random
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from strawberry.relay import from_base64

from models.accounts.tokens import hash_secret
from tests.support.crash_invariants import AfterCrash, StoredBooking, read_after_crash
from tests.support.crash_load import TRANSPORT_ERROR
from tests.support.crash_server import KillableServer, LoadClient
from tests.support.databases import Backend
from tests.support.storm_scenarios import BOOK, fresh_booking_requests

pytestmark = pytest.mark.slow

KILLS = int(os.environ.get("SLOTLINK_CHAOS_KILLS", "3"))
CONCURRENCY = 8
# Far more than a server books in the longest load (about 30 a second on a busy 2-CPU box):
# the load must still be running when the kill comes, and the test checks that it was.
REQUESTS_PER_LOAD = 600
KILL_AFTER_SECONDS = (0.2, 1.0)


@dataclass(frozen=True, slots=True)
class Confirmed:
    """A booking the client was told about: it must survive anything that happens next."""

    booking_id: int
    manage_token: str
    single_use_token: str


def _confirmed(outcome: dict[str, Any], request: dict[str, Any]) -> Confirmed:
    type_name, node_id = from_base64(outcome["booking_id"])
    assert type_name == "InviteeBooking", outcome
    return Confirmed(int(node_id), outcome["manage_token"], request["input"]["key"])


def _book_once(server: KillableServer, request: dict[str, Any]) -> Confirmed:
    response = httpx.post(
        f"{server.base_url}/graphql", json={"query": BOOK, "variables": request}, timeout=30
    )
    response.raise_for_status()
    payload = response.json()["data"]["bookMeeting"]
    assert payload["__typename"] == "BookingConfirmed", payload
    outcome = {"booking_id": payload["booking"]["id"], "manage_token": payload["manageToken"]}
    return _confirmed(outcome, request)


def _kill_during_load(
    server: KillableServer, requests: list[dict[str, Any]], workdir: Path, name: str
) -> tuple[float, list[dict[str, Any]]]:
    """The kill's delay into the load, and the client's journal once it saw the server die."""
    load = LoadClient.start(
        f"{server.base_url}/graphql",
        BOOK,
        requests,
        workdir,
        concurrency=CONCURRENCY,
        name=name,
    )
    try:
        load.wait_until_firing()
        delay = random.uniform(*KILL_AFTER_SECONDS)  # noqa: S311 - a moment, not a secret
        time.sleep(delay)
        server.kill()
    except BaseException:
        load.abandon()
        raise
    return delay, load.finish()


def _lost(confirmed: list[Confirmed], state: AfterCrash) -> list[Confirmed]:
    return [
        c
        for c in confirmed
        if state.bookings.get(c.booking_id)
        != StoredBooking(hash_secret(c.manage_token), hash_secret(c.single_use_token))
    ]


def _assert_consistent(
    backend: Backend, state: AfterCrash, confirmed: list[Confirmed], context: str
) -> None:
    assert _lost(confirmed, state) == [], context
    assert state.spent_without_booking == [], context
    assert state.half_written == [], context
    assert state.counter_drift == [], context
    if backend.name == "sqlite":
        assert state.integrity == [("ok",)], context
        assert state.foreign_key_violations == [], context
        assert state.journal_mode == [("wal",)], context


async def test_a_killed_server_loses_no_confirmed_booking_and_spends_no_link_in_vain(
    db: Backend, tmp_path: Path
) -> None:
    # Given enough fresh tokens and free slots for every load and every probe
    requests = await fresh_booking_requests(KILLS * (REQUESTS_PER_LOAD + 1) + 1)
    confirmed: list[Confirmed] = []
    sent = 0
    server = KillableServer.start(db.url)
    try:
        for kill in range(KILLS):
            # When the (restarted) server books one meeting, then dies at a random moment of a
            # storm of bookings and is started again on the same database
            confirmed.append(_book_once(server, requests[sent]))
            sent += 1
            window = requests[sent : sent + REQUESTS_PER_LOAD]
            delay, journal = _kill_during_load(server, window, tmp_path, f"load-{kill}")
            context = f"kill {kill + 1} of {KILLS}, {delay:.2f} s into the load"
            outcomes = [entry["outcome"] for entry in journal]
            # Then the kill struck a running load, which saw only confirmations until then
            assert sorted(e["index"] for e in journal) == list(range(len(journal))), context
            assert TRANSPORT_ERROR in outcomes, context
            assert set(outcomes) <= {"BookingConfirmed", TRANSPORT_ERROR}, (context, journal)
            confirmed += [
                _confirmed(entry, window[entry["index"]])
                for entry in journal
                if entry["outcome"] == "BookingConfirmed"
            ]
            sent += len(journal)
            # And the database holds every confirmed booking, whole, and nothing half-done
            _assert_consistent(db, await read_after_crash(db), confirmed, context)
            server = KillableServer.start(db.url)
        # And the server that came back after the last kill books again
        confirmed.append(_book_once(server, requests[sent]))
    finally:
        server.stop()
    _assert_consistent(db, await read_after_crash(db), confirmed, "after the last restart")
    print(f"\n{db.name}: {KILLS} kills, {len(confirmed)} confirmed bookings, all present")


async def test_negative_control_a_booking_written_without_a_transaction_is_caught(
    db: Backend, tmp_path: Path
) -> None:
    # Given the server with the booking's statements committed one by one, warmed up by a booking
    requests = await fresh_booking_requests(3 * (REQUESTS_PER_LOAD + 1))
    states: list[AfterCrash] = []
    # When it is killed in the middle of a storm (a kill needs luck: up to three of them)
    for attempt in range(3):
        first = attempt * (REQUESTS_PER_LOAD + 1)
        server = KillableServer.start(
            db.url, app="tests.support.untransacted_booking_app:create_app"
        )
        try:
            _book_once(server, requests[first])
            window = requests[first + 1 : first + 1 + REQUESTS_PER_LOAD]
            _kill_during_load(server, window, tmp_path, f"load-{attempt}")
        finally:
            server.stop()
        states.append(await read_after_crash(db))
        if states[-1].spent_without_booking:
            break
    # Then the crash test sees single-use links spent without their booking
    assert states[-1].spent_without_booking != [], states
