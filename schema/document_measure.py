"""A document's shape, measured in time linear in its size.

Each fragment is measured once per document and its measure reused at every spread of it, so
a document whose fragments spread one another many times costs no more to measure than to
read, however large its expansion is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from graphql.language import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    IntValueNode,
    SelectionSetNode,
)

PAGE_ARGUMENTS = ("first", "last")


@dataclass(frozen=True, slots=True)
class Measure:
    """``depth``: the deepest nesting of fields (introspection fields not counted);
    ``aliases``: aliased fields once fragments are expanded; ``cost``: the objects and values
    the document may resolve, each connection counted at the page size it asks for."""

    depth: int = 0
    aliases: int = 0
    cost: int = 0


@dataclass(frozen=True, slots=True)
class PageSizes:
    default: int
    maximum: int
    # Fields that page with first/last; without either they answer ``default`` items.
    connection_fields: frozenset[str]


class DocumentMeasurer:
    def __init__(self, document: DocumentNode, page_sizes: PageSizes) -> None:
        self._fragments: Mapping[str, FragmentDefinitionNode] = {
            definition.name.value: definition
            for definition in document.definitions
            if isinstance(definition, FragmentDefinitionNode)
        }
        self._page_sizes = page_sizes
        self._measured: dict[str, Measure] = {}
        self._in_progress: set[str] = set()
        self.visits = 0
        """Selections looked at so far: at most one per selection in the document."""

    def selection_set(self, node: SelectionSetNode | None) -> Measure:
        if node is None:
            return Measure()
        depth = aliases = cost = 0
        for selection in node.selections:
            self.visits += 1
            if isinstance(selection, FieldNode):
                inner = self.selection_set(selection.selection_set)
                if not selection.name.value.startswith("__"):
                    depth = max(depth, 1 + inner.depth)
                aliases += inner.aliases + (1 if selection.alias else 0)
                if inner.cost:
                    cost += 1 + self._items(selection) * inner.cost
                else:
                    cost += 1
                continue
            if isinstance(selection, InlineFragmentNode):
                inner = self.selection_set(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                inner = self._fragment(selection.name.value)
            else:  # pragma: no cover - the three kinds of selection above are all there are
                continue
            depth = max(depth, inner.depth)
            aliases += inner.aliases
            cost += inner.cost
        return Measure(depth, aliases, cost)

    def _fragment(self, name: str) -> Measure:
        measured = self._measured.get(name)
        if measured is not None:
            return measured
        fragment = self._fragments.get(name)
        # Unknown fragments and cycles are reported by the specified rules.
        if fragment is None or name in self._in_progress:
            return Measure()
        self._in_progress.add(name)
        measured = self.selection_set(fragment.selection_set)
        self._in_progress.discard(name)
        self._measured[name] = measured
        return measured

    def _items(self, field: FieldNode) -> int:
        """How many items a field may answer: the page it asks for (the largest page when a
        variable sets it), or one for a field that does not page."""
        sizes = self._page_sizes
        asked = [
            argument for argument in field.arguments or () if argument.name.value in PAGE_ARGUMENTS
        ]
        if not asked:
            return sizes.default if field.name.value in sizes.connection_fields else 1
        largest = 0
        for argument in asked:
            value = argument.value
            if isinstance(value, IntValueNode) and len(value.value) <= 6:
                largest = max(largest, min(int(value.value), sizes.maximum))
            else:
                largest = sizes.maximum
        return max(largest, 1)
