"""Keyset cursors: opaque to clients, an id underneath."""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime

from models.errors import InvalidInputError
from models.reporting.meeting_logs import Position
from resolvers.ids import parse_pk

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
_PREFIX = "cursor:"
_LOG_PREFIX = "log:"


def encode_cursor(row_id: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{row_id}".encode()).decode()


def decode_cursor(cursor: str | None, field: str = "after") -> int | None:
    if cursor is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor.encode()).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raw = ""
    row_id = parse_pk(raw[len(_PREFIX) :]) if raw.startswith(_PREFIX) else None
    if row_id is None:
        raise InvalidInputError.single(field, "is not a cursor returned by this connection")
    return row_id


def page_size(first: int | None, field: str = "first") -> int:
    if first is None:
        return DEFAULT_PAGE_SIZE
    if not 0 <= first <= MAX_PAGE_SIZE:
        raise InvalidInputError.single(field, f"must be between 0 and {MAX_PAGE_SIZE}")
    return first


def encode_position(value: datetime, row_id: int) -> str:
    return base64.urlsafe_b64encode(f"{_LOG_PREFIX}{value.isoformat()}|{row_id}".encode()).decode()


def decode_position(cursor: str | None, field: str = "after") -> Position | None:
    """A keyset position: the sort value and id of the last row of the previous page."""
    if cursor is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor.encode()).decode()
        value, _, raw_id = raw.removeprefix(_LOG_PREFIX).partition("|")
        parsed = datetime.fromisoformat(value)
        # In UTC, as the database compares it; an instant with no UTC equivalent is no cursor.
        moment = parsed.astimezone(UTC) if parsed.tzinfo else None
    except (binascii.Error, UnicodeDecodeError, ValueError, OverflowError):
        raw, raw_id, moment = "", "", None
    row_id = parse_pk(raw_id)
    if not raw.startswith(_LOG_PREFIX) or row_id is None or moment is None:
        raise InvalidInputError.single(field, "is not a cursor returned by this connection")
    return Position(value=moment, row_id=row_id)
