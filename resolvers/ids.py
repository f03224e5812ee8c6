"""Relay global IDs from input, decoded to primary keys of an expected type."""

from __future__ import annotations

from strawberry import relay

from models.errors import NotFoundError

_MAX_PK = 2**63 - 1


def decode_id(global_id: relay.GlobalID, expected_type: str) -> int:
    """A malformed ID or one of another type is simply not found: it reveals nothing."""
    raw = global_id.node_id
    if global_id.type_name != expected_type or not raw.isdigit() or int(raw) > _MAX_PK:
        raise NotFoundError(f"No such {expected_type.lower()}.")
    return int(raw)
