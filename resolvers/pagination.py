"""Keyset cursors: opaque to clients, an id underneath."""

from __future__ import annotations

import base64
import binascii

from models.errors import InvalidInputError
from resolvers.ids import parse_pk

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
_PREFIX = "cursor:"


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
