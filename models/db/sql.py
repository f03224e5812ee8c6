"""Raw SQL where the ORM has no words for it (aggregates, upserts), for SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from tortoise import connections

from models.db.prepared import Prepared, dialect

__all__ = ["bind", "dialect", "execute", "fetch"]


def bind(sql: str, values: dict[str, Any], sql_dialect: str) -> tuple[str, list[Any]]:
    """Named ``:parameters`` to the driver's positional ones (``?`` or ``$n``)."""
    return Prepared.of(sql).bind(values, sql_dialect)


async def fetch(sql: str, values: dict[str, Any]) -> list[dict[str, Any]]:
    connection = connections.get("default")
    bound, parameters = bind(sql, values, dialect(connection))
    return list(await connection.execute_query_dict(bound, parameters))


async def execute(sql: str, values: dict[str, Any]) -> int:
    connection = connections.get("default")
    bound, parameters = bind(sql, values, dialect(connection))
    affected, _ = await connection.execute_query(bound, parameters)
    return int(affected)
