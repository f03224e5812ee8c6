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
# How long /readyz reports a write refused for one of these reasons, unless a write succeeds.
_REMEMBERED_SECONDS = {Outage.STORAGE_FULL: 60.0, Outage.BUSY: 10.0}
_refused_writes: dict[Outage, float] = {}


class WriterBusy(Exception):
    """This process's one SQLite write connection stayed taken for longer than a write may
    wait for it: the other writes ahead are themselves waiting for another process's lock."""


def outage_of(error: BaseException) -> Outage | None:
    """The outage ``error`` shows, or None. Anything else (a bad statement, a constraint)
    stays an unexpected error. A full storage or a locked database is remembered for
    ``/readyz``."""
    for cause in _chain(error):
        if isinstance(cause, asyncpg.DiskFullError) or (
            isinstance(cause, OSError) and cause.errno == errno.ENOSPC
        ):
            return _remembered(Outage.STORAGE_FULL)
        if isinstance(cause, WriterBusy):
            return _remembered(Outage.BUSY)
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
                    return _remembered(outage)
    return None


def is_outage(error: BaseException) -> bool:
    return outage_of(error) is not None


def unwritable_recently() -> Outage | None:
    """Why a write failed lately (storage full within the last minute, the database locked
    within the last 10 s), if none has succeeded since."""
    now = time.monotonic()
    for outage, seen_at in _refused_writes.items():
        if now - seen_at < _REMEMBERED_SECONDS[outage]:
            return outage
    return None


def note_write_succeeded() -> None:
    _refused_writes.clear()


def _remembered(outage: Outage) -> Outage:
    if outage in _REMEMBERED_SECONDS:
        _refused_writes[outage] = time.monotonic()
    return outage


def _chain(error: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    return chain


def _problem(error: BaseException, database_url: str) -> str | None:
    where = _without_password(database_url)
    text = str(error).strip() or type(error).__name__
    if isinstance(error, WriterBusy):
        return f"the database at {where} is locked by another process; writes are refused"
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
