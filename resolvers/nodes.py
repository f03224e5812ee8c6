"""``node(id:)``: any object the caller may see, and null for everything else."""

from __future__ import annotations

import inspect
from collections import defaultdict

import strawberry
from strawberry import relay
from strawberry.types.base import StrawberryObjectDefinition

from models.errors import InvalidInputError
from resolvers.context import Info

MAX_IDS = 100


async def resolve_node(info: Info, id: strawberry.ID) -> relay.Node | None:
    """Malformed IDs, unknown type names and other tenants' objects all give null: an ID
    never tells a caller more than "not yours"."""
    return (await resolve_nodes(info, [id]))[0]


async def resolve_nodes(info: Info, ids: list[strawberry.ID]) -> list[relay.Node | None]:
    """In the order asked, null where ``node`` would be; one lookup per type however many
    ids."""
    if len(ids) > MAX_IDS:
        raise InvalidInputError.single("ids", f"at most {MAX_IDS} at a time")
    wanted: dict[type[relay.Node], list[tuple[int, str]]] = defaultdict(list)
    for position, raw in enumerate(ids):
        node_type, node_id = _parse(info, raw)
        if node_type is not None:
            wanted[node_type].append((position, node_id))
    found: list[relay.Node | None] = [None] * len(ids)
    for node_type, asked in wanted.items():
        nodes = node_type.resolve_nodes(
            info=info, node_ids=[node_id for _, node_id in asked], required=False
        )
        if inspect.isawaitable(nodes):
            nodes = await nodes
        for (position, _), node in zip(asked, nodes, strict=True):
            found[position] = node
    return found


def _parse(info: Info, raw: str) -> tuple[type[relay.Node] | None, str]:
    try:
        global_id = relay.GlobalID.from_id(raw)
    except relay.GlobalIDValueError:
        return None, ""
    definition = info.schema.get_type_by_name(global_id.type_name)
    if not isinstance(definition, StrawberryObjectDefinition) or definition.is_interface:
        return None, ""
    origin = definition.origin
    if not (isinstance(origin, type) and issubclass(origin, relay.Node)):
        return None, ""
    return origin, global_id.node_id
