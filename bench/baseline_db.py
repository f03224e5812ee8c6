"""Plain database access for the baseline: aiosqlite or asyncpg, no ORM.

Connections are handled the way Tortoise handles them, so that only the layers above differ:
on SQLite one connection per process behind an asyncio lock, held for a whole transaction,
with the same pragmas; on PostgreSQL a pool of at most five connections.
SQL is written with ``?`` placeholders; ``{ids}`` stands for "in this list of ids".
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import datetime
from typing import Any, Protocol

import aiosqlite
import asyncpg
import orjson

Row = Sequence[Any]
SQLITE_PRAGMAS = {"journal_mode": "WAL", "journal_size_limit": "16384", "foreign_keys": "ON"}
POOL_MIN_SIZE, POOL_MAX_SIZE = 1, 5  # Tortoise's asyncpg defaults


class Session(Protocol):
    async def fetch(self, sql: str, *args: Any) -> list[Row]: ...

    def instant(self, moment: datetime) -> Any:
        """A datetime as this database compares it with stored values."""

    def ids(self, values: Sequence[int]) -> Any:
        """The parameter that fills ``{ids}``."""


class Database(Protocol):
    def session(self, *, transaction: bool = False) -> AbstractAsyncContextManager[Session]: ...

    async def close(self) -> None: ...


def as_datetime(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


class SqliteSession:
    def __init__(self, connection: aiosqlite.Connection) -> None:
        self.connection = connection

    async def fetch(self, sql: str, *args: Any) -> list[Row]:
        rows = await self.connection.execute_fetchall(
            sql.replace("{ids}", "IN (SELECT value FROM json_each(?))"), args
        )
        return list(rows)

    def instant(self, moment: datetime) -> Any:
        # Tortoise stores "YYYY-MM-DD HH:MM:SS[.ffffff]+00:00" and SQLite compares text.
        return str(moment)

    def ids(self, values: Sequence[int]) -> Any:
        return orjson.dumps(list(values)).decode()


class SqliteDatabase:
    def __init__(self, connection: aiosqlite.Connection) -> None:
        self.connection = connection
        self.lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: str) -> SqliteDatabase:
        connection = await aiosqlite.connect(path, isolation_level=None)
        for pragma, value in SQLITE_PRAGMAS.items():
            await connection.execute(f"PRAGMA {pragma}={value}")
        return cls(connection)

    @asynccontextmanager
    async def session(self, *, transaction: bool = False) -> AsyncIterator[Session]:
        async with self.lock:
            if not transaction:
                yield SqliteSession(self.connection)
                return
            await self.connection.execute("BEGIN")
            try:
                yield SqliteSession(self.connection)
            except BaseException:
                await self.connection.execute("ROLLBACK")
                raise
            await self.connection.execute("COMMIT")

    async def close(self) -> None:
        await self.connection.close()


_PLACEHOLDER = re.compile(r"\?")


def to_numbered(sql: str) -> str:
    counter = iter(range(1, 10_000))
    sql = sql.replace("{ids}", "= ANY(?::int[])")
    return _PLACEHOLDER.sub(lambda _: f"${next(counter)}", sql)


class PostgresSession:
    def __init__(self, connection: asyncpg.Connection, numbered: dict[str, str]) -> None:
        self.connection = connection
        self.numbered = numbered

    async def fetch(self, sql: str, *args: Any) -> list[Row]:
        converted = self.numbered.get(sql)
        if converted is None:
            converted = self.numbered[sql] = to_numbered(sql)
        rows: list[Row] = await self.connection.fetch(converted, *args)
        return rows

    def instant(self, moment: datetime) -> Any:
        return moment

    def ids(self, values: Sequence[int]) -> Any:
        return list(values)


class PostgresDatabase:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool
        self.numbered: dict[str, str] = {}

    @classmethod
    async def open(cls, url: str) -> PostgresDatabase:
        pool = await asyncpg.create_pool(
            "postgresql://" + url.split("://", 1)[1],
            min_size=POOL_MIN_SIZE,
            max_size=POOL_MAX_SIZE,
        )
        return cls(pool)

    @asynccontextmanager
    async def session(self, *, transaction: bool = False) -> AsyncIterator[Session]:
        async with self.pool.acquire() as connection:
            if not transaction:
                yield PostgresSession(connection, self.numbered)
                return
            async with connection.transaction():
                yield PostgresSession(connection, self.numbered)

    async def close(self) -> None:
        await self.pool.close()


async def open_database(url: str) -> Database:
    if url.startswith("sqlite://"):
        return await SqliteDatabase.open(url[len("sqlite://") :].split("?", 1)[0])
    return await PostgresDatabase.open(url)
