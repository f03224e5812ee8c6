"""Raw SQL where the ORM has no words for it (aggregates, upserts), for SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from models.db import prepared
from models.db.prepared import Prepared, dialect

__all__ = ["bind", "dialect", "execute", "fetch", "skip_locked"]

# Work claimed by several processes at once: on PostgreSQL each takes rows the others did
# not; SQLite's single writer does the same by itself.
_SKIP_LOCKED = {"postgres": "FOR UPDATE SKIP LOCKED", "sqlite": ""}


def skip_locked() -> str:
    """The row-locking clause of a claim's inner SELECT, for the current database."""
    return _SKIP_LOCKED[dialect()]


def bind(sql: str, values: dict[str, Any], sql_dialect: str) -> tuple[str, list[Any]]:
    """Named ``:parameters`` to the driver's positional ones (``?`` or ``$n``)."""
    return Prepared.of(sql).bind(values, sql_dialect)


async def fetch(sql: str, values: dict[str, Any]) -> list[dict[str, Any]]:
    return await prepared.fetch(Prepared.of(sql), values)


async def execute(sql: str, values: dict[str, Any]) -> int:
    """The number of rows changed."""
    return await prepared.execute(Prepared.of(sql), values)
