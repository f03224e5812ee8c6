"""A running dispatcher whose connection dies just as it begins a transaction goes on
delivering by itself, on a fresh connection, within seconds, and leaks nothing."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from tortoise.backends.asyncpg.client import TransactionWrapper as PostgresTransaction
from tortoise.backends.sqlite.client import SqliteTransactionWrapper

from config import Settings
from models.booking.bookings import Actor, cancel_booking
from models.db.tables import WebhookDelivery, WebhookDeliveryStatus
from models.db.transactions import reopen_if_closed
from models.webhooks.events import EventType
from tests.support.booking_factories import at, book, create_booking_team, upcoming_monday
from tests.support.databases import Backend
from tests.support.link_factories import mint_one
from tests.support.webhook_factories import dispatcher_for, register_endpoint
from tests.support.webhook_receiver import webhook_receiver

pytestmark = pytest.mark.usefixtures("db")

# More faults than the PostgreSQL pool's 5 connections: a connection kept by a failed BEGIN
# would exhaust it.
FAULTS = 6


async def _terminate_backend(transaction: Any) -> None:
    """Ends the transaction's server session from outside, as a restart or a proxy would."""
    pid = transaction._connection.get_server_pid()
    await transaction._connection.execute("SELECT 1")  # the session is alive until now
    parent = transaction._parent
    admin = await parent._pool.acquire()
    try:
        await admin.execute("SELECT pg_terminate_backend($1)", pid)
    finally:
        await parent._pool.release(admin)


async def _close_sqlite(transaction: Any) -> None:
    await transaction._connection.close()


def _fail_next_begins(
    monkeypatch: pytest.MonkeyPatch,
    wrapper: type[PostgresTransaction] | type[SqliteTransactionWrapper],
    drop: Callable[[Any], Awaitable[None]],
    times: int,
) -> list[int]:
    """Drops the connection just before each of the next ``times`` BEGINs."""
    original = wrapper.begin
    dropped: list[int] = []

    async def begin(self: Any) -> None:
        if len(dropped) < times:
            dropped.append(1)
            await drop(self)
        await original(self)

    monkeypatch.setattr(wrapper, "begin", begin)
    return dropped


async def _wait_for(condition: Callable[[], Awaitable[bool]], seconds: float) -> bool:
    """Whether ``condition`` held within ``seconds``; a query that hangs counts as no."""
    try:
        async with asyncio.timeout(seconds):
            while not await condition():  # noqa: ASYNC110 - the condition is a query
                await asyncio.sleep(0.05)
    except TimeoutError:
        return False
    return True


async def test_delivery_resumes_after_the_connection_dies_at_begin(
    db: Backend, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    team = await create_booking_team()
    dispatcher = dispatcher_for(settings, poll_seconds=0.05)
    with webhook_receiver() as receiver:
        await register_endpoint(
            team.admin, receiver.url, [EventType.BOOKING_CREATED, EventType.BOOKING_CANCELLED]
        )
        minted = await mint_one(team.owner, team.link)
        booked = await book(minted.token, at(upcoming_monday(), "09:00"))
        # when: the dispatcher's next BEGINs each lose their connection
        if db.name == "postgres":
            dropped = _fail_next_begins(
                monkeypatch, PostgresTransaction, _terminate_backend, FAULTS
            )
        else:
            dropped = _fail_next_begins(
                monkeypatch, SqliteTransactionWrapper, _close_sqlite, FAULTS
            )
        running = asyncio.create_task(dispatcher.run())
        try:
            # then: once the database answers again, the same dispatcher delivers
            assert await _wait_for(lambda: _succeeded(1), 15), "the dispatcher never recovered"
            assert len(dropped) == FAULTS
            # and it keeps delivering later events
            await cancel_booking(booked.booking, Actor.invitee())
            assert await _wait_for(lambda: _succeeded(2), 10)
            received = receiver.wait_for(2)
        finally:
            running.cancel()
            await asyncio.gather(running, return_exceptions=True)
            await dispatcher.close()
    assert [r.body.count(b"booking.created") for r in received] == [1, 0]


async def _succeeded(count: int) -> bool:
    reopen_if_closed()  # SQLite's one connection is the test's too
    done = await WebhookDelivery.filter(status=WebhookDeliveryStatus.SUCCEEDED).count()
    return done >= count
