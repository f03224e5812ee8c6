"""Raw SQL where the ORM has no words for it (aggregates, upserts), for SQLite and PostgreSQL."""

from __future__ import annotations

import re
from typing import Any

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient

_PARAMETER = re.compile(r":([a-z_][a-z0-9_]*)\b")


def dialect(connection: BaseDBAsyncClient | None = None) -> str:
    return (connection or connections.get("default")).capabilities.dialect


def bind(sql: str, values: dict[str, Any], sql_dialect: str) -> tuple[str, list[Any]]:
    """Named ``:parameters`` to the driver's positional ones (``?`` or ``$n``)."""
    ordered: list[Any] = []
    numbers: dict[str, int] = {}

    def placeholder(match: re.Match[str]) -> str:
        name = match.group(1)
        if sql_dialect == "postgres":
            if name not in numbers:
                ordered.append(values[name])
                numbers[name] = len(ordered)
            return f"${numbers[name]}"
        ordered.append(values[name])
        return "?"

    return _PARAMETER.sub(placeholder, sql), ordered


async def fetch(sql: str, values: dict[str, Any]) -> list[dict[str, Any]]:
    connection = connections.get("default")
    bound, parameters = bind(sql, values, dialect(connection))
    return list(await connection.execute_query_dict(bound, parameters))


async def execute(sql: str, values: dict[str, Any]) -> int:
    connection = connections.get("default")
    bound, parameters = bind(sql, values, dialect(connection))
    affected, _ = await connection.execute_query(bound, parameters)
    return int(affected)
