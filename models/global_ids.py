"""The public ids of objects, as the API shows them (Relay global IDs), for messages sent
outside a GraphQL response."""

from __future__ import annotations

import base64


def global_id(type_name: str, pk: int) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode("ascii")
