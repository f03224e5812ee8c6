"""A transaction's statements written once, as a script, and run the fastest way each database
allows.

A script is a generator: it yields ``Step``s (a prepared statement and its values) and is sent
each one's result, the rows or the number of rows changed. On SQLite the whole script runs in
the driver's worker thread, in one hop from the event loop: every awaited statement would
otherwise cost a round trip between two threads. On PostgreSQL it runs statement by statement
over the transaction's connection. Call ``run`` inside ``transaction()``.

The one-hop path reaches two private attributes: the ORM's SQLite transaction keeps its
aiosqlite connection in ``_connection``, and aiosqlite runs a function on its thread with
``_execute``; both versions are pinned in pyproject.toml and the booking tests cover them.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Generator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError, OperationalError

from models.db.prepared import Prepared, dialect
from models.db.reads import read_connection

T = TypeVar("T")
# The ORM's statement log: scripts' statements are logged there too, like its own.
_statement_log = logging.getLogger("tortoise.db_client")
StepResult = list[dict[str, Any]] | int


@dataclass(frozen=True, slots=True)
class Step:
    statement: Prepared
    values: Mapping[str, Any]
    # True: the script is sent the rows; False: the number of rows changed.
    returns_rows: bool = False


class ConstraintViolation(Exception):
    """Thrown into the script at the step that broke a constraint of the database."""


Script = Generator[Step, StepResult, T]


async def run(script: Script[T], *, reads_only: bool = False) -> T:
    """Inside a transaction, on its connection; outside one, as a series of reads or
    autocommitted writes. ``reads_only``: the script writes nothing, so it may run where
    reads do (``models.db.reads``)."""
    connection = read_connection() if reads_only else connections.get("default")
    if dialect(connection) == "sqlite":
        # The ORM's lock on its one SQLite connection (a transaction's own lock inside one).
        async with connection.acquire_connection() as worker_connection:
            result: T = await worker_connection._execute(
                _run_on_sqlite_thread, worker_connection._conn, script
            )
        return result
    return await _run_step_by_step(connection, script)


def _run_on_sqlite_thread(connection: sqlite3.Connection, script: Script[T]) -> T:
    try:
        step = next(script)
        while True:
            try:
                result = _execute_sqlite(connection, step)
            except sqlite3.IntegrityError as violation:
                step = script.throw(ConstraintViolation(str(violation)))
                continue
            except sqlite3.OperationalError as error:
                # As the ORM reports it on its own statements.
                raise OperationalError(error) from error
            step = script.send(result)
    except StopIteration as finished:
        return finished.value  # type: ignore[no-any-return]


def _execute_sqlite(connection: sqlite3.Connection, step: Step) -> StepResult:
    sql, parameters = step.statement.bind(step.values, "sqlite")
    _statement_log.debug("%s: %s", sql, parameters)
    cursor = connection.execute(sql, parameters)
    try:
        if step.returns_rows:
            names = [column[0] for column in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        return cursor.rowcount
    finally:
        cursor.close()


async def _run_step_by_step(connection: BaseDBAsyncClient, script: Script[T]) -> T:
    sql_dialect = dialect(connection)
    try:
        step = next(script)
        while True:
            sql, parameters = step.statement.bind(step.values, sql_dialect)
            _statement_log.debug("%s: %s", sql, parameters)
            result: StepResult
            try:
                if step.returns_rows:
                    result = list(await connection.execute_query_dict(sql, parameters))
                else:
                    result, _ = await connection.execute_query(sql, parameters)
            except IntegrityError as violation:
                step = script.throw(ConstraintViolation(str(violation)))
                continue
            step = script.send(result)
    except StopIteration as finished:
        return finished.value  # type: ignore[no-any-return]
