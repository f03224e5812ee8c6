"""Relay global IDs from input, decoded to primary keys of an expected type."""

from __future__ import annotations

from strawberry import relay

from models.errors import NotFoundError

# Primary keys are IntFields: 32-bit on PostgreSQL, where a larger parameter is a DataError.
MAX_PK = 2**31 - 1


def parse_pk(raw: str) -> int | None:
    """ASCII digits only, without leading zeros: ``str.isdigit`` also accepts superscripts
    (which ``int`` refuses) and other scripts' digits (which ``int`` reads), and ``05`` would
    be a second ID of row 5."""
    if not (raw.isascii() and raw.isdigit()) or raw.startswith("0") or int(raw) > MAX_PK:
        return None
    return int(raw)


def decode_id(global_id: relay.GlobalID, expected_type: str) -> int:
    """A malformed ID or one of another type is simply not found: it reveals nothing."""
    pk = parse_pk(global_id.node_id)
    if global_id.type_name != expected_type or pk is None:
        raise NotFoundError(f"No such {expected_type.lower()}.")
    return pk
