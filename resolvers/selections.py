"""What a query asks of the nodes of a connection, read from its selection set."""

from __future__ import annotations

from collections.abc import Iterable

from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection


def fields(selections: Iterable[Selection]) -> list[SelectedField]:
    """The fields of a selection set, through fragments."""
    found: list[SelectedField] = []
    for selection in selections:
        if isinstance(selection, FragmentSpread | InlineFragment):
            found += fields(selection.selections)
        else:
            found.append(selection)
    return found


def node_fields(connections: Iterable[Selection]) -> list[SelectedField]:
    """The fields asked of each node of these connections (``edges { node { … } }``)."""
    return [
        field
        for connection in fields(connections)
        for edges in fields(connection.selections)
        if edges.name == "edges"
        for node in fields(edges.selections)
        if node.name == "node"
        for field in fields(node.selections)
    ]
