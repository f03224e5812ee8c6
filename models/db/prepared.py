"""Hot-path SQL, written once with ``:named`` parameters and bound for both dialects when its
module is imported. The ORM builds every query anew (a few hundred microseconds of Python per
statement); the booking path runs these instead, and turns rows into models itself."""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient, TransactionalDBClient
from tortoise.backends.sqlite.client import SqliteClient
from tortoise.exceptions import IntegrityError, OperationalError
from tortoise.models import Model

from models.db.reads import read_connection
from models.db.transactions import sqlite_writer

M = TypeVar("M", bound=Model)
# The ORM's statement log: statements sent here are logged there too, like its own.
_statement_log = logging.getLogger("tortoise.db_client")
_PARAMETER = re.compile(r":([a-z_][a-z0-9_]*)\b")
# A statement that begins with SELECT cannot write; one that begins with WITH writes when one
# of its parts is an INSERT, UPDATE or DELETE.
_SELECT = re.compile(r"\s*SELECT\b", re.IGNORECASE)
_WITH = re.compile(r"\s*WITH\b", re.IGNORECASE)
_WRITE = re.compile(r"\b(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


def dialect(connection: BaseDBAsyncClient | None = None) -> str:
    return (connection or connections.get("default")).capabilities.dialect


@dataclass(frozen=True, slots=True)
class Prepared:
    sqlite: str
    sqlite_names: tuple[str, ...]
    postgres: str
    postgres_names: tuple[str, ...]
    read_only: bool

    @classmethod
    def of(cls, text: str) -> Prepared:
        sqlite_names = tuple(_PARAMETER.findall(text))
        postgres_names = tuple(dict.fromkeys(sqlite_names))
        number = {name: index + 1 for index, name in enumerate(postgres_names)}
        return cls(
            sqlite=_PARAMETER.sub("?", text),
            sqlite_names=sqlite_names,
            postgres=_PARAMETER.sub(lambda match: f"${number[match.group(1)]}", text),
            postgres_names=postgres_names,
            read_only=_reads_only(text),
        )

    def bind(self, values: Mapping[str, Any], sql_dialect: str) -> tuple[str, list[Any]]:
        if sql_dialect == "postgres":
            return self.postgres, [values[name] for name in self.postgres_names]
        return self.sqlite, [values[name] for name in self.sqlite_names]


def _reads_only(text: str) -> bool:
    if _SELECT.match(text):
        return True
    return _WITH.match(text) is not None and _WRITE.search(text) is None


async def fetch(statement: Prepared, values: Mapping[str, Any]) -> list[dict[str, Any]]:
    if statement.read_only:
        connection = read_connection()
    else:
        connection = connections.get("default")
        if _sqlite_autocommit(connection):
            rows, _ = await _sqlite_write(connection, statement, values)
            return rows
    sql, parameters = statement.bind(values, dialect(connection))
    return list(await connection.execute_query_dict(sql, parameters))


async def execute(statement: Prepared, values: Mapping[str, Any]) -> int:
    """The number of rows changed."""
    connection = connections.get("default")
    if _sqlite_autocommit(connection):
        _, changed = await _sqlite_write(connection, statement, values)
        return changed
    sql, parameters = statement.bind(values, dialect(connection))
    changed, _ = await connection.execute_query(sql, parameters)
    return int(changed)


def _sqlite_autocommit(connection: BaseDBAsyncClient) -> bool:
    return isinstance(connection, SqliteClient) and not isinstance(
        connection, TransactionalDBClient
    )


async def _sqlite_write(
    client: SqliteClient, statement: Prepared, values: Mapping[str, Any]
) -> tuple[list[dict[str, Any]], int]:
    """A write outside a transaction on SQLite: the rows it returns and the rows it changed.
    It waits for the process's connection within the same bound as a transaction (the
    ORM's own statements would queue behind every waiting write)."""
    sql, parameters = statement.bind(values, "sqlite")
    _statement_log.debug("%s: %s", sql, parameters)
    async with sqlite_writer(client) as connection:
        before = connection.total_changes
        try:
            rows = await connection.execute_fetchall(sql, parameters)
        except sqlite3.OperationalError as error:
            raise OperationalError(error) from error
        except sqlite3.IntegrityError as error:
            raise IntegrityError(error) from error
        return [dict(row) for row in rows], connection.total_changes - before


def column_names(model: type[Model]) -> list[str]:
    """Every column of ``model``'s table. Readable before the ORM is initialised, when the
    model's metadata does not list foreign-key columns yet (ours all use ``<name>_id``)."""
    meta = model._meta
    return sorted(meta.db_fields | {f"{name}_id" for name in meta.fk_fields})


def columns(model: type[Model], alias: str) -> str:
    """Every column of ``model``'s table under ``alias``, named ``alias.column`` in the row."""
    return ", ".join(f'{alias}."{column}" AS "{alias}.{column}"' for column in column_names(model))


def instance(model: type[M], row: Mapping[str, Any], alias: str) -> M:
    """A model from the ``alias.column`` values of a row selected with ``columns``, converted
    as the ORM converts them."""
    prefix = f"{alias}."
    values = {key[len(prefix) :]: value for key, value in row.items() if key.startswith(prefix)}
    return model._init_from_db(**values)


def attach(instance: Model, relation: str, related: Model) -> None:
    """Sets a loaded relation the way the ORM's ``select_related`` does."""
    object.__setattr__(instance, f"_{relation}", related)


def placeholders(prefix: str, count: int) -> str:
    """``:prefix0, :prefix1, ...`` for an IN list of ``count`` values."""
    return ", ".join(f":{prefix}{index}" for index in range(count))


def numbered(prefix: str, values: Sequence[Any]) -> dict[str, Any]:
    return {f"{prefix}{index}": value for index, value in enumerate(values)}


def instant(value: datetime | str) -> datetime:
    """A timestamp as the driver returns it: a datetime from asyncpg, ISO text from SQLite."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)
