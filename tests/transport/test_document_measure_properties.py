"""Generated documents whose fragments spread one another (any DAG, any fan-out, nested
fields, aliases and page sizes): the measure equals a naive expansion of the document, and
measuring looks at each selection of the text once.

``SLOTLINK_FUZZ_EXAMPLES`` raises the number of documents (``make fuzz``)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from graphql import OperationDefinitionNode, parse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schema.document_measure import CostModel, DocumentMeasurer, Measure

EXAMPLES = int(os.environ.get("SLOTLINK_FUZZ_EXAMPLES", "50")) * 4
MODEL = CostModel(
    default_page=20,
    largest_page=100,
    connection_fields=frozenset({"page"}),
    expensive_fields=frozenset({"costly"}),
)


@dataclass(frozen=True)
class Field:
    name: str
    alias: bool
    first: int | None
    children: tuple[Item, ...]


@dataclass(frozen=True)
class Spread:
    fragment: int


Item = Field | Spread


def items(max_fragment: int, depth: int) -> st.SearchStrategy[tuple[Item, ...]]:
    """Selections of a fragment that may spread only fragments numbered above it."""
    leaf = st.builds(
        Field,
        name=st.sampled_from(["leaf", "costly"]),
        alias=st.booleans(),
        first=st.none(),
        children=st.just(()),
    )
    choices: list[st.SearchStrategy[Item]] = [leaf]
    if max_fragment > 0:
        choices.append(st.builds(Spread, st.integers(min_value=0, max_value=max_fragment - 1)))
    if depth > 0:
        choices.append(
            st.builds(
                Field,
                name=st.sampled_from(["page", "plain", "costly"]),
                alias=st.booleans(),
                first=st.one_of(st.none(), st.integers(min_value=-3, max_value=150)),
                children=st.deferred(lambda: items(max_fragment, depth - 1)),
            )
        )
    return st.lists(st.one_of(choices), min_size=1, max_size=4).map(tuple)


@st.composite
def documents(draw: st.DrawFn) -> tuple[tuple[Item, ...], list[tuple[Item, ...]]]:
    """The operation's selections and fragments F0..Fn-1, where Fi spreads only Fj, j < i
    (spreads are offsets below the current fragment, so no cycle can arise)."""
    count = draw(st.integers(min_value=0, max_value=6))
    fragments = [draw(items(number, 2)) for number in range(count)]
    operation = draw(items(count, 2))
    return operation, fragments


def text(selections: tuple[Item, ...]) -> str:
    parts = []
    for item in selections:
        if isinstance(item, Spread):
            parts.append(f"...F{item.fragment}")
            continue
        head = f"a{id(item) % 997}: {item.name}" if item.alias else item.name
        if item.first is not None:
            head += f"(first: {item.first})"
        if item.children:
            head += " { " + text(item.children) + " }"
        parts.append(head)
    return " ".join(parts)


def naive(selections: tuple[Item, ...], fragments: list[tuple[Item, ...]]) -> Measure:
    """The measure by expanding every spread again, as the old rules did."""
    depth = aliases = cost = expensive = 0
    for item in selections:
        if isinstance(item, Spread):
            inner = naive(fragments[item.fragment], fragments)
            depth, aliases = max(depth, inner.depth), aliases + inner.aliases
            cost, expensive = cost + inner.cost, expensive + inner.expensive
            continue
        inner = naive(item.children, fragments)
        pages = 0
        if inner.cost:
            if item.first is not None:
                pages = max(1, min(item.first, MODEL.largest_page))
            else:
                pages = MODEL.default_page if item.name == "page" else 1
        depth = max(depth, 1 + inner.depth)
        aliases += inner.aliases + item.alias
        cost += 1 + pages * inner.cost
        expensive += (item.name == "costly") + pages * inner.expensive
    return Measure(depth, aliases, cost, expensive)


def count_selections(selections: tuple[Item, ...]) -> int:
    return sum(
        1 + (count_selections(item.children) if isinstance(item, Field) else 0)
        for item in selections
    )


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_the_measure_is_the_naive_expansion_read_once(
    document: tuple[tuple[Item, ...], list[tuple[Item, ...]]],
) -> None:
    operation, fragments = document
    source = (
        "query { "
        + text(operation)
        + " }\n"
        + "\n".join(
            f"fragment F{number} on Query {{ {text(selections)} }}"
            for number, selections in enumerate(fragments)
        )
    )
    parsed = parse(source)
    measurer = DocumentMeasurer(parsed, MODEL)
    definition = parsed.definitions[0]
    assert isinstance(definition, OperationDefinitionNode)

    measure = measurer.selection_set(definition.selection_set)

    assert measure == naive(operation, fragments)
    reachable = count_selections(operation) + sum(map(count_selections, fragments))
    assert measurer.visits <= reachable
