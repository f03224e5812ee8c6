"""What went wrong with the database, in one line a person can act on: the CLI and the server's
start say this instead of a traceback."""

from __future__ import annotations

import socket
import sqlite3
from urllib.parse import urlsplit

import asyncpg
from tortoise.exceptions import DBConnectionError, OperationalError


def database_problem(error: BaseException, database_url: str) -> str | None:
    """The line to print for ``error``, or None when it is not a database problem. The ORM
    wraps the driver's errors: the innermost one that says something is used."""
    for cause in reversed(_chain(error)):
        problem = _problem(cause, database_url)
        if problem is not None:
            return problem
    return None


_SQLITE_OUTAGES = (
    "database is locked",
    "disk i/o error",
    "database or disk is full",
    "unable to open",
)


def is_outage(error: BaseException) -> bool:
    """The database cannot be reached or cannot write right now: worth a retry, not a bug.
    Anything else (a bad statement, a constraint) stays an unexpected error."""
    for cause in _chain(error):
        if isinstance(cause, OSError | DBConnectionError):
            return True
        if isinstance(
            cause,
            asyncpg.PostgresConnectionError
            | asyncpg.CannotConnectNowError
            | asyncpg.InterfaceError
            | asyncpg.InvalidCatalogNameError,
        ):
            return True
        if isinstance(cause, sqlite3.OperationalError | OperationalError) and any(
            sign in str(cause).lower() for sign in _SQLITE_OUTAGES
        ):
            return True
    return False


def _chain(error: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _problem(error: BaseException, database_url: str) -> str | None:
    where = _without_password(database_url)
    text = str(error).strip() or type(error).__name__
    if isinstance(error, asyncpg.InvalidCatalogNameError):
        return f"the database at {where} does not exist ({text}); create it, then run migrate"
    if isinstance(error, socket.gaierror):
        return f"the database host of {where} is unknown ({text})"
    if isinstance(error, OSError):
        return f"cannot reach the database at {where} ({text})"
    if isinstance(error, sqlite3.OperationalError | OperationalError | asyncpg.PostgresError):
        if "no such table" in text or "does not exist" in text:
            return f"the database at {where} is not migrated; run: slotlink migrate"
        return f"the database at {where} refused: {text}"
    if isinstance(error, DBConnectionError):
        return f"cannot open the database at {where} ({text})"
    return None


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return url.replace(f":{parts.password}@", ":***@", 1)
