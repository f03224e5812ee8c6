"""``node(id:)``: any object the caller may see, and null for everything else."""

from __future__ import annotations

import inspect

import strawberry
from strawberry import relay
from strawberry.types.base import StrawberryObjectDefinition

from resolvers.context import Info


async def resolve_node(info: Info, id: strawberry.ID) -> relay.Node | None:
    """Malformed IDs, unknown type names and other tenants' objects all give null: an ID
    never tells a caller more than "not yours"."""
    try:
        global_id = relay.GlobalID.from_id(id)
    except relay.GlobalIDValueError:
        return None
    definition = info.schema.get_type_by_name(global_id.type_name)
    if not isinstance(definition, StrawberryObjectDefinition) or definition.is_interface:
        return None
    origin = definition.origin
    if not (isinstance(origin, type) and issubclass(origin, relay.Node)):
        return None
    nodes = origin.resolve_nodes(info=info, node_ids=[global_id.node_id], required=False)
    if inspect.isawaitable(nodes):
        nodes = await nodes
    return next(iter(nodes), None)
