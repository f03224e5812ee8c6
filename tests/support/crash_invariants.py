"""What must hold in a database after the server writing to it was killed, read from a fresh
connection of its own (on SQLite the first one since the crash, so it runs the WAL recovery)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from typing import Any

import asyncpg

from tests.support.databases import Backend

Rows = list[tuple[Any, ...]]

SQLITE_HEALTH = {
    "integrity": "PRAGMA integrity_check",
    "foreign_key_violations": "PRAGMA foreign_key_check",
    "journal_mode": "PRAGMA journal_mode",
}
CONSISTENCY = {
    "bookings": """
        SELECT b.id, b.manage_token_hash, s.token_hash
        FROM bookings b LEFT JOIN single_use_links s ON s.id = b.single_use_link_id
    """,
    "spent_without_booking": """
        SELECT s.id, s.uses, COUNT(b.id)
        FROM single_use_links s LEFT JOIN bookings b ON b.single_use_link_id = s.id
        GROUP BY s.id, s.uses
        HAVING s.uses <> COUNT(b.id)
    """,
    "half_written": """
        SELECT b.id FROM bookings b
        WHERE (SELECT COUNT(*) FROM booking_hosts h WHERE h.booking_id = b.id) <> 1
           OR (SELECT COUNT(*) FROM booking_events e
               WHERE e.booking_id = b.id AND e.kind = 'BOOKED') <> 1
    """,
    # Only bookings run here, and each adds one to its hosts' counter in its transaction.
    "counter_drift": """
        SELECT u.id, u.booking_sequence, COUNT(h.id)
        FROM users u LEFT JOIN booking_hosts h ON h.user_id = u.id
        GROUP BY u.id, u.booking_sequence
        HAVING u.booking_sequence <> COUNT(h.id)
    """,
}


@dataclass(frozen=True, slots=True)
class StoredBooking:
    manage_token_hash: str
    single_use_token_hash: str | None


@dataclass(frozen=True, slots=True)
class AfterCrash:
    bookings: dict[int, StoredBooking]
    spent_without_booking: Rows
    half_written: Rows
    counter_drift: Rows
    # SQLite only: PostgreSQL has no such pragmas, and its WAL replay is its own business.
    integrity: Rows | None = None
    foreign_key_violations: Rows | None = None
    journal_mode: Rows | None = None


async def read_after_crash(backend: Backend) -> AfterCrash:
    if backend.name == "sqlite":
        rows = _sqlite_rows(backend.url.removeprefix("sqlite://"))
    else:
        rows = await _postgres_rows(backend.url)
    return AfterCrash(
        bookings={
            int(booking_id): StoredBooking(manage_hash, token_hash)
            for booking_id, manage_hash, token_hash in rows.pop("bookings")
        },
        **rows,
    )


def _sqlite_rows(path: str) -> dict[str, Rows]:
    # Health first: the recovery happens on this connection's first read.
    with closing(sqlite3.connect(path)) as connection:
        return {
            name: [tuple(row) for row in connection.execute(sql)]
            for name, sql in {**SQLITE_HEALTH, **CONSISTENCY}.items()
        }


async def _postgres_rows(url: str) -> dict[str, Rows]:
    connection = await asyncpg.connect("postgresql://" + url.split("://", 1)[1])
    try:
        return {
            name: [tuple(row) for row in await connection.fetch(sql)]
            for name, sql in CONSISTENCY.items()
        }
    finally:
        await connection.close()
