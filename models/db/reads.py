"""Reads that never queue behind a write, on SQLite.

The ORM keeps one SQLite connection per process behind a lock, and a write holds that lock
for as long as SQLite makes it wait for the file's write lock (up to 5 s when another process
holds it). In WAL mode readers need no write lock, so a read outside a transaction that would
wait behind a write held for longer than any write takes here goes to a second connection
instead. Otherwise reads stay on the first connection: sending them all to the second, two
driver threads trading the interpreter cost a booking about 15% of its throughput (measured
with the benchmark). Inside a transaction every statement stays on
the transaction's connection: it must see the transaction's own writes. PostgreSQL pools its
connections, and needs none of this.
"""

from __future__ import annotations

from typing import Any

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient, TransactionalDBClient
from tortoise.backends.sqlite.client import SqliteClient
from tortoise.exceptions import ConfigurationError

from models.db.transactions import writer_held_for

READS = "reads"
# A write holding the connection this long is waiting for a lock (writes take milliseconds).
STUCK_WRITE_SECONDS = 0.1


def separate_reads(database_url: str) -> bool:
    """Whether the database gets a connection for reads: a SQLite file (an in-memory
    database is private to its connection)."""
    return database_url.startswith("sqlite://") and ":memory:" not in database_url


def read_connection() -> BaseDBAsyncClient:
    """The connection a read outside a transaction should use."""
    default: BaseDBAsyncClient = connections.get("default")
    if not _held_by_a_write(default):
        return default
    try:
        reads: BaseDBAsyncClient = connections.get(READS)
    except ConfigurationError:
        return default
    return reads


def _held_by_a_write(default: BaseDBAsyncClient) -> bool:
    """Outside a transaction, whether a write has held this process's SQLite connection for
    longer than a write takes unless SQLite makes it wait for another process."""
    return (
        isinstance(default, SqliteClient)
        and not isinstance(default, TransactionalDBClient)
        and writer_held_for() > STUCK_WRITE_SECONDS
    )


class ReadsOutsideTransactions:
    """The ORM's router: a read outside a transaction goes to the reads connection while a
    write is stuck on this process's connection."""

    # "default", not None: the ORM looks up the connection named None and catches the error,
    # at a cost on every query. Inside a transaction "default" is the transaction's.
    def db_for_read(self, _model: type[Any]) -> str:
        return READS if _held_by_a_write(connections.get("default")) else "default"

    def db_for_write(self, _model: type[Any]) -> str:
        return "default"
