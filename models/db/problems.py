"""What went wrong with the database, in one line a person can act on: the CLI and the server's
start say this instead of a traceback."""

from __future__ import annotations

import errno
import socket
import sqlite3
import time
from enum import StrEnum
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


class Outage(StrEnum):
    """Why the database cannot serve a request right now (worth a retry, not a bug)."""

    UNREACHABLE = "UNREACHABLE"
    BUSY = "BUSY"
    STORAGE_FULL = "STORAGE_FULL"


OUTAGE_MESSAGES = {
    Outage.UNREACHABLE: "The service is temporarily unavailable. Try again shortly.",
    Outage.BUSY: "The service is temporarily unavailable. Try again shortly.",
    Outage.STORAGE_FULL: (
        "The service cannot save anything right now: its storage is full. Try again later."
    ),
}

_SQLITE_OUTAGES = {
    "database is locked": Outage.BUSY,
    "database or disk is full": Outage.STORAGE_FULL,
    "disk i/o error": Outage.UNREACHABLE,
    "unable to open": Outage.UNREACHABLE,
}
# How long after the last "storage full" /readyz keeps saying so, unless a write succeeds.
STORAGE_FULL_MEMORY_SECONDS = 60.0
_storage_full_at: float | None = None


def outage_of(error: BaseException) -> Outage | None:
    """The outage ``error`` shows, or None. Anything else (a bad statement, a constraint)
    stays an unexpected error. Seeing storage full is remembered for ``/readyz``."""
    for cause in _chain(error):
        if isinstance(cause, asyncpg.DiskFullError) or (
            isinstance(cause, OSError) and cause.errno == errno.ENOSPC
        ):
            return _storage_full()
        if isinstance(cause, OSError | DBConnectionError):
            return Outage.UNREACHABLE
        if isinstance(
            cause,
            asyncpg.PostgresConnectionError
            | asyncpg.CannotConnectNowError
            | asyncpg.InterfaceError
            | asyncpg.InvalidCatalogNameError
            # The server ended the session (shutdown, restart, pg_terminate_backend).
            | asyncpg.OperatorInterventionError
            # The driver's state after its connection died under a statement.
            | asyncpg.InternalClientError,
        ):
            return Outage.UNREACHABLE
        if isinstance(cause, sqlite3.OperationalError | OperationalError):
            text = str(cause).lower()
            for sign, outage in _SQLITE_OUTAGES.items():
                if sign in text:
                    return _storage_full() if outage is Outage.STORAGE_FULL else outage
    return None


def is_outage(error: BaseException) -> bool:
    return outage_of(error) is not None


def storage_full_recently() -> bool:
    """Whether a write failed for want of space within the last minute and none has
    succeeded since."""
    return (
        _storage_full_at is not None
        and time.monotonic() - _storage_full_at < STORAGE_FULL_MEMORY_SECONDS
    )


def note_write_succeeded() -> None:
    global _storage_full_at
    _storage_full_at = None


def _storage_full() -> Outage:
    global _storage_full_at
    _storage_full_at = time.monotonic()
    return Outage.STORAGE_FULL


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
