"""A document's shape, measured in time linear in its size.

Each fragment is measured once per document and its measure reused at every spread of it, so
a document whose fragments spread one another many times costs no more to measure than to
read, however large its expansion is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql.language import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    IntValueNode,
    SelectionSetNode,
    VariableNode,
)

PAGE_ARGUMENTS = ("first", "last")


@dataclass(frozen=True, slots=True)
class Measure:
    """``depth``: the deepest nesting of fields (introspection fields not counted);
    ``aliases``: aliased fields once fragments are expanded; ``cost``: the objects and values
    the document may resolve, each connection counted at the page size it asks for;"""

    depth: int = 0
    aliases: int = 0
    cost: int = 0
    expensive: int = 0
    """How many times the expensive fields may run, pages multiplied."""


@dataclass(frozen=True, slots=True)
class CostModel:
    default_page: int
    largest_page: int
    # Fields that page with first/last; without either they answer ``default_page`` items.
    connection_fields: frozenset[str]
    # Fields whose every run costs far more than a field (slot generation).
    expensive_fields: frozenset[str] = frozenset()


class DocumentMeasurer:
    def __init__(
        self,
        document: DocumentNode,
        model: CostModel,
        variables: Mapping[str, Any] | None = None,
    ) -> None:
        """``variables``: the request's, to count pages at the size they ask for; without
        them a page size set by a variable counts as the largest page."""
        self._fragments: Mapping[str, FragmentDefinitionNode] = {
            definition.name.value: definition
            for definition in document.definitions
            if isinstance(definition, FragmentDefinitionNode)
        }
        self._model = model
        self._variables = variables
        self._measured: dict[str, Measure] = {}
        self._in_progress: set[str] = set()
        self.visits = 0
        """Selections looked at so far: at most one per selection in the document."""

    def selection_set(self, node: SelectionSetNode | None) -> Measure:
        if node is None:
            return Measure()
        depth = aliases = cost = expensive = 0
        for selection in node.selections:
            self.visits += 1
            if isinstance(selection, FieldNode):
                inner = self.selection_set(selection.selection_set)
                name = selection.name.value
                if not name.startswith("__"):
                    depth = max(depth, 1 + inner.depth)
                aliases += inner.aliases + (1 if selection.alias else 0)
                items = self._items(selection) if inner.cost else 0
                cost += 1 + items * inner.cost
                expensive += (name in self._model.expensive_fields) + items * inner.expensive
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
            expensive += inner.expensive
        return Measure(depth, aliases, cost, expensive)

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
        """How many items a field may answer: the page it asks for, or one for a field that
        does not page."""
        model = self._model
        sizes = [
            self._page_size(argument.value)
            for argument in field.arguments or ()
            if argument.name.value in PAGE_ARGUMENTS
        ]
        asked = [size for size in sizes if size is not None]
        if not asked:
            return model.default_page if field.name.value in model.connection_fields else 1
        return max(1, *asked)

    def _page_size(self, value: object) -> int | None:
        """None: no size asked (null), so the field's default page."""
        largest = self._model.largest_page
        if isinstance(value, IntValueNode):
            return min(int(value.value), largest) if len(value.value) <= 6 else largest
        if isinstance(value, VariableNode):
            if self._variables is None:
                return largest
            given = self._variables.get(value.name.value)
            if given is None:
                return None
            return min(given, largest) if isinstance(given, int) else largest
        return None
