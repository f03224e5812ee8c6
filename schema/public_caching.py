"""Which answers a shared cache may keep: anonymous reads of a standard link's public page,
for a short while, and its free times for a few seconds at most. Everything else is per caller
or per moment (a single-use link is one prospect's, and changes when used)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    StringValueNode,
    VariableNode,
)
from strawberry.extensions import SchemaExtension

CACHEABLE_ROOT_FIELDS = frozenset({"publicLink", "__typename"})
# Free times change with every booking: a cache may keep them this long at most.
SLOTS_SECONDS = 5


class PublicCaching(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        yield
        execution = self.execution_context
        context = execution.context
        settings = getattr(context, "settings", None)
        if settings is None or context.viewer is not None or settings.public_cache_seconds <= 0:
            return
        result = execution.result
        if result is None or result.errors or context.outcomes:
            return
        document = execution.graphql_document
        if document is None:
            return
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        if len(operations) != 1 or operations[0].operation is not OperationType.QUERY:
            return
        fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        roots = operations[0].selection_set.selections
        if not all(isinstance(root, FieldNode) for root in roots):
            return
        fields = [root for root in roots if isinstance(root, FieldNode)]
        variables = execution.variables or {}
        if not all(_public_page(field, variables) for field in fields) or not any(
            field.name.value == "publicLink" for field in fields
        ):
            return
        seconds = settings.public_cache_seconds
        if "availableSlots" in _field_names(operations[0].selection_set, fragments):
            seconds = min(seconds, SLOTS_SECONDS)
        context.shared_cache_seconds = seconds


def _public_page(field: FieldNode, variables: Mapping[str, Any]) -> bool:
    if field.name.value not in CACHEABLE_ROOT_FIELDS:
        return False
    if field.name.value == "__typename":
        return True
    key: object = None
    for argument in field.arguments or ():
        if argument.name.value != "key":
            continue
        if isinstance(argument.value, StringValueNode):
            key = argument.value.value
        elif isinstance(argument.value, VariableNode):
            key = variables.get(argument.value.name.value)
    # A standard link's address is organization/link; a single-use link's is a bare token.
    return isinstance(key, str) and "/" in key


def _field_names(
    selection_set: SelectionSetNode | None,
    fragments: Mapping[str, FragmentDefinitionNode],
    seen: frozenset[str] = frozenset(),
) -> set[str]:
    names: set[str] = set()
    for selection in selection_set.selections if selection_set else ():
        if isinstance(selection, FieldNode):
            names.add(selection.name.value)
            names |= _field_names(selection.selection_set, fragments, seen)
        elif isinstance(selection, InlineFragmentNode):
            names |= _field_names(selection.selection_set, fragments, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in fragments and name not in seen:
                names |= _field_names(fragments[name].selection_set, fragments, seen | {name})
    return names
