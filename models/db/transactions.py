"""``transaction()``: the ORM's transaction, safe when BEGIN itself fails.

The ORM's own context marks the transaction current (and, on SQLite, takes the connection's
lock; on PostgreSQL, a pooled connection) before it sends BEGIN, and undoes none of it when
BEGIN fails. A task that outlives the failure, like the webhook dispatcher, then keeps a
dead connection as its "current transaction" for good, and on SQLite every later statement
of the process waits for a lock nobody will release. Entering here undoes each step that
succeeded when a later one fails, and reopens a SQLite connection that was closed under us.
Written against tortoise-orm 1.1 (pinned in pyproject.toml), whose context internals it
uses.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from tortoise import connections
from tortoise.backends.base.client import (
    BaseDBAsyncClient,
    TransactionContext,
    TransactionContextPooled,
)
from tortoise.backends.sqlite.client import SqliteClient, SqliteTransactionContext
from tortoise.connection import get_connections
from tortoise.transactions import in_transaction

from models.db.problems import WriterBusy, note_write_succeeded

# How long a transaction waits for this process's SQLite connection, which the writes ahead of
# it hold while SQLite makes them wait (its own wait for another process's lock is 5 s too):
# a write behind a long lock answers "busy" in a bounded time instead of joining the queue.
SQLITE_WRITER_WAIT_SECONDS = 5.0
# When this process's SQLite connection was last taken for a write, while it is: a write that
# holds it for long is waiting for another process's lock (see models/db/reads.py).
_writer_taken_at: float | None = None


def writer_held_for() -> float:
    """Seconds this process's SQLite connection has been held by one write; 0 when free."""
    return 0.0 if _writer_taken_at is None else time.monotonic() - _writer_taken_at


@asynccontextmanager
async def transaction() -> AsyncIterator[BaseDBAsyncClient]:
    """All or nothing: commits when the block ends, rolls back when it raises."""
    context = in_transaction("default")
    client = await _enter(context)
    # A savepoint inside a transaction holds nothing of its own: the outer one keeps the clock.
    holds_writer = isinstance(context, SqliteTransactionContext)
    try:
        yield client
    except BaseException as error:
        try:
            await context.__aexit__(type(error), error, error.__traceback__)
        finally:
            if holds_writer:
                _writer_released()
        raise
    try:
        await context.__aexit__(None, None, None)
    finally:
        if holds_writer:
            _writer_released()
    note_write_succeeded()


@asynccontextmanager
async def sqlite_writer(client: SqliteClient) -> AsyncIterator[Any]:
    """This process's SQLite connection (aiosqlite's) for one write outside a transaction,
    waited for no longer than a transaction waits for it. No BEGIN: the statement commits
    by itself."""
    await _acquire_bounded(client._lock)
    try:
        if _closed(client._connection):
            client._connection = None
        if client._connection is None:
            await client.create_connection(with_db=True)
        yield client._connection
    finally:
        _writer_released()
        client._lock.release()


async def _acquire_bounded(lock: asyncio.Lock) -> None:
    global _writer_taken_at
    try:
        async with asyncio.timeout(SQLITE_WRITER_WAIT_SECONDS):
            await lock.acquire()
    except TimeoutError:
        raise WriterBusy from None
    _writer_taken_at = time.monotonic()


def _writer_released() -> None:
    global _writer_taken_at
    _writer_taken_at = None


def reopen_if_closed() -> None:
    """Forgets a SQLite connection that was closed under the ORM, so that the next statement
    opens a new one (the ORM would keep using the closed one). PostgreSQL's pool replaces
    broken connections by itself."""
    client = connections.get("default")
    if isinstance(client, SqliteClient) and _closed(client._connection):
        client._connection = None


def _closed(connection: Any) -> bool:
    # aiosqlite drops its sqlite3 connection when it is closed.
    return connection is not None and getattr(connection, "_connection", None) is None


async def _enter(context: TransactionContext) -> Any:
    if isinstance(context, SqliteTransactionContext):
        return await _enter_sqlite(context)
    if isinstance(context, TransactionContextPooled):
        return await _enter_pooled(context)
    # A savepoint inside a transaction: its failure is the outer transaction's to undo.
    return await context.__aenter__()


async def _enter_sqlite(context: Any) -> Any:
    await _acquire_bounded(context._trxlock)
    try:
        wrapper = context.connection
        if _closed(wrapper._connection):
            reopen_if_closed()
            wrapper._connection = None
        await context.ensure_connection()
        context.token = get_connections().set(context.connection_name, wrapper)
        try:
            await wrapper.begin()
        except BaseException:
            get_connections().reset(context.token)
            raise
    except BaseException:
        _writer_released()
        context._trxlock.release()
        raise
    return wrapper


async def _enter_pooled(context: Any) -> Any:
    await context.ensure_connection()
    wrapper = context.client
    pool = wrapper._parent._pool
    wrapper._connection = await pool.acquire()
    try:
        context.token = get_connections().set(context.connection_name, wrapper)
        try:
            await wrapper.begin()
        except BaseException:
            get_connections().reset(context.token)
            raise
    except BaseException:
        # A connection that died is closed by the pool and replaced on a later acquire.
        await pool.release(wrapper._connection)
        raise
    return wrapper
