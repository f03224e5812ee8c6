"""Reads that never queue behind a write, on SQLite.

The ORM keeps one SQLite connection per process behind a lock, and a write holds that lock
for as long as SQLite makes it wait for the file's write lock (up to 5 s when another process
holds it). In WAL mode readers need no write lock, so reads outside a transaction go to a
second connection of their own. Inside a transaction every statement stays on the
transaction's connection: it must see the transaction's own writes. PostgreSQL pools its
connections, and has only the one.
"""

from __future__ import annotations

from typing import Any

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient, TransactionalDBClient
from tortoise.exceptions import ConfigurationError

READS = "reads"


def separate_reads(database_url: str) -> bool:
    """Whether the database gets a connection for reads: a SQLite file (an in-memory
    database is private to its connection)."""
    return database_url.startswith("sqlite://") and ":memory:" not in database_url


def read_connection() -> BaseDBAsyncClient:
    """The connection a read outside a transaction should use."""
    default: BaseDBAsyncClient = connections.get("default")
    if default.capabilities.dialect != "sqlite" or isinstance(default, TransactionalDBClient):
        return default
    try:
        reads: BaseDBAsyncClient = connections.get(READS)
    except ConfigurationError:
        return default
    return reads


class ReadsOutsideTransactions:
    """The ORM's router: its reads outside a transaction go to the reads connection."""

    def db_for_read(self, _model: type[Any]) -> str | None:
        if isinstance(connections.get("default"), TransactionalDBClient):
            return None
        return READS

    def db_for_write(self, _model: type[Any]) -> str | None:
        return None
