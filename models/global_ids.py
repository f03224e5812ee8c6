"""The public ids of objects, as the API shows them (Relay global IDs), for messages sent
outside a GraphQL response."""

from __future__ import annotations

import base64


def global_id(type_name: str, pk: int) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode("ascii")


def pk_at(data: object, *path: str) -> int | None:
    """The primary key behind a global ID found at ``path`` in a JSON object, e.g. an event's
    ``("booking", "id")``; None when there is none."""
    value = data
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    if not isinstance(value, str):
        return None
    try:
        _, _, pk = base64.b64decode(value).decode().partition(":")
    except ValueError:
        return None
    return int(pk) if pk.isdigit() else None
