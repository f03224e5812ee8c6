"""Depth, alias and cost limits are checked in time linear in the document, however its
fragments spread one another, and refuse what is too deep, too aliased or too costly."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import AsyncIterator, Callable
from types import FrameType
from typing import Any

import httpx
import pytest
from graphql import GraphQLError, OperationDefinitionNode, parse, validate
from graphql.validation import specified_rules

from config import Limits, Settings
from schema import schema
from schema.document_measure import DocumentMeasurer, Measure
from schema.limits import cost_model, cost_problems, limit_rules
from tests.conftest import GraphQLClient, app_client

GRAPHQL_SCHEMA = schema._schema
COST_MODEL = cost_model(GRAPHQL_SCHEMA)
TOO_COMPLEX = "DOCUMENT_TOO_COMPLEX"


def fan_out(depth: int, breadth: int) -> str:
    """Fragment k spreads fragment k+1 ``breadth`` times: the expansion has breadth**depth
    fields while the text grows linearly."""
    fragments = [
        f"fragment F{level} on Query {{ {' '.join([f'...F{level + 1}'] * breadth)} }}"
        for level in range(depth)
    ]
    fragments.append(f"fragment F{depth} on Query {{ __typename }}")
    return "query Attack { ...F0 }\n" + "\n".join(fragments)


def selections_in(document: str) -> int:
    count = 0

    def walk(node: Any) -> None:
        nonlocal count
        selection_set = getattr(node, "selection_set", None)
        if selection_set is None:
            return
        for selection in selection_set.selections:
            count += 1
            walk(selection)

    for definition in parse(document).definitions:
        walk(definition)
    return count


def calls_made(work: Callable[[], object]) -> int:
    """Python function calls made by ``work``: a measure of work that does not depend on the
    machine's speed or load."""
    calls = 0

    def count(_frame: FrameType, event: str, _arg: object) -> None:
        nonlocal calls
        if event == "call":
            calls += 1

    sys.setprofile(count)
    try:
        work()
    finally:
        sys.setprofile(None)
    return calls


def validation_errors(document: str, limits: Limits | None = None) -> list[GraphQLError]:
    rules = (*specified_rules, *limit_rules(limits or Limits(), COST_MODEL))
    return validate(GRAPHQL_SCHEMA, parse(document), rules)


def problems(
    document: str, limits: Limits | None = None, variables: dict[str, Any] | None = None
) -> list[str]:
    """What a request is refused for before it runs: validation, then the operation's cost
    at the page sizes its variables ask for."""
    limits = limits or Limits()
    parsed = parse(document)
    found = [error.message for error in validation_errors(document, limits)]
    operation = parsed.definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    measure = DocumentMeasurer(parsed, COST_MODEL, variables or {}).selection_set(
        operation.selection_set
    )
    return found + list(cost_problems(measure, limits))


# --- linear cost -------------------------------------------------------------------------


@pytest.mark.parametrize("breadth", [2, 5, 10])
@pytest.mark.parametrize("depth", [1, 3, 6, 9])
def test_measuring_visits_each_selection_of_the_document_once(depth: int, breadth: int) -> None:
    # given a document whose expansion is breadth**depth fields
    document = fan_out(depth, breadth)
    measurer = DocumentMeasurer(parse(document), COST_MODEL)

    # when its operation is measured
    operation = parse(document).definitions[0]
    measure = measurer.selection_set(operation.selection_set)  # type: ignore[attr-defined]

    # then every selection was looked at once, and the expansion was still counted in full
    assert measurer.visits == selections_in(document)
    assert measure == Measure(depth=0, aliases=0, cost=breadth**depth)


def test_validation_work_grows_with_the_text_not_with_the_expansion() -> None:
    # given fan-out documents whose expansion grows ten-fold a level
    def work_per_selection(depth: int) -> float:
        document = fan_out(depth, 10)
        return calls_made(lambda: problems(document)) / selections_in(document)

    # when the whole check (the specified rules, ours and the cost) runs on each
    shallow, deep = work_per_selection(2), work_per_selection(7)

    # then the work per selection of text stays the same (it was 10**5 times larger before)
    assert deep < 2 * shallow


def test_a_fan_out_document_is_refused_for_its_cost() -> None:
    assert problems(fan_out(9, 10)) == [
        "The query may resolve 1000000000 fields; at most 25000 are allowed. "
        "Ask for smaller pages (first/last) or fewer fields."
    ]


def test_validation_stops_once_its_time_budget_is_spent() -> None:
    errors = validation_errors("{ viewer { id } }", Limits(validation_budget_ms=0))

    assert [error.message for error in errors] == [
        "The document took too long to validate; send a simpler one."
    ]


# --- the limits --------------------------------------------------------------------------

DEEP_THROUGH_FRAGMENTS = """
query { viewer { ...A } }
fragment A on User { organization { id } }
"""
ALIASES_THROUGH_FRAGMENTS = """
query { ...Four ...Four }
fragment Four on Query { a: __typename b: __typename c: __typename d: __typename }
"""
NESTED_PAGES = """
query {
  links(first: 100) { edges { node { singleUseLinks(first: 100) { edges { node { id } } } } } }
}
"""
NESTED_PAGES_BY_VARIABLE = """
query ($first: Int) {
  links(first: 10) { edges { node { singleUseLinks(first: $first) { edges { node { id } } } } } }
}
"""
DEFAULT_PAGES = """
query { links { edges { node { singleUseLinks { edges { node { id label status } } } } } } }
"""


def test_depth_counts_the_fields_inside_fragments() -> None:
    errors = validation_errors(DEEP_THROUGH_FRAGMENTS, Limits(max_depth=2))

    assert [error.message for error in errors] == [
        "The query is 3 fields deep; at most 2 are allowed."
    ]
    assert validation_errors(DEEP_THROUGH_FRAGMENTS, Limits(max_depth=3)) == []


def test_aliases_count_every_spread_of_a_fragment() -> None:
    errors = validation_errors(ALIASES_THROUGH_FRAGMENTS, Limits(max_aliases=7))

    assert [error.message for error in errors] == [
        "The query has 8 aliases once its fragments are expanded; at most 7 are allowed."
    ]
    assert validation_errors(ALIASES_THROUGH_FRAGMENTS, Limits(max_aliases=8)) == []


def test_nested_pages_multiply_their_sizes() -> None:
    # links 1 + 100 x (edges 1 + node 1 + singleUseLinks 1 + 100 x (edges 1 + node 1 + id 1))
    assert problems(NESTED_PAGES, Limits(max_cost=10_000)) == [
        "The query may resolve 30301 fields; at most 10000 are allowed. "
        "Ask for smaller pages (first/last) or fewer fields."
    ]


def test_a_page_size_from_a_variable_counts_at_the_size_it_asks_for() -> None:
    # 1 + 10 x (3 + first x 3), and the default page (20) when the variable is null
    assert problems(NESTED_PAGES_BY_VARIABLE, Limits(max_cost=181), {"first": 5}) == []
    assert len(problems(NESTED_PAGES_BY_VARIABLE, Limits(max_cost=180), {"first": 5})) == 1
    assert problems(NESTED_PAGES_BY_VARIABLE, Limits(max_cost=631), {"first": None}) == []
    assert len(problems(NESTED_PAGES_BY_VARIABLE, Limits(max_cost=3030), {"first": 10**6})) == 1


def test_a_connection_without_first_counts_its_default_page() -> None:
    # 1 + 20 x (3 + 20 x 5)
    assert problems(DEFAULT_PAGES, Limits(max_cost=2061)) == []
    assert len(problems(DEFAULT_PAGES, Limits(max_cost=2060))) == 1


SLOTS = "availableSlots(from: $from, to: $to) { __typename }"
THREE_SLOT_QUERIES = f"""
query ($key: String!, $from: DateTime!, $to: DateTime!) {{
  publicLink(key: $key) {{ ... on PublicLink {{ a: {SLOTS} b: {SLOTS} c: {SLOTS} }} }}
}}
"""
SLOTS_OF_A_PAGE_OF_LINKS = f"""
query ($from: DateTime!, $to: DateTime!) {{
  links(first: 2) {{ edges {{ node {{ {SLOTS} }} }} }}
}}
"""


def test_slot_queries_are_counted_with_their_aliases() -> None:
    assert problems(THREE_SLOT_QUERIES) == [
        "The query asks for availableSlots 3 times (pages multiplied); at most 2 are allowed."
    ]


def test_slot_queries_inside_a_page_count_once_per_item() -> None:
    assert problems(SLOTS_OF_A_PAGE_OF_LINKS) == []
    assert problems(SLOTS_OF_A_PAGE_OF_LINKS.replace("first: 2", "first: 3")) == [
        "The query asks for availableSlots 3 times (pages multiplied); at most 2 are allowed."
    ]


# --- over HTTP ---------------------------------------------------------------------------


@pytest.fixture
async def anonymous(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    limits = Limits(failed_lookups_per_minute=10**6)
    async with app_client(dataclasses.replace(settings, limits=limits)) as client:
        yield client.http


async def test_an_anonymous_fan_out_document_is_refused_before_it_runs(
    db: object, anonymous: httpx.AsyncClient
) -> None:
    result = await GraphQLClient(anonymous).execute(fan_out(9, 10))

    assert result["data"] is None
    assert result["errors"] == [
        {
            "message": "The query may resolve 1000000000 fields; at most 25000 are allowed. "
            "Ask for smaller pages (first/last) or fewer fields.",
            "locations": [{"line": 1, "column": 1}],
            "extensions": {"code": TOO_COMPLEX},
        }
    ]


async def test_the_same_document_by_get_is_refused_too(
    db: object, anonymous: httpx.AsyncClient
) -> None:
    response = await anonymous.get("/graphql", params={"query": fan_out(9, 10)})

    assert response.status_code == 200
    assert response.json()["errors"][0]["extensions"] == {"code": TOO_COMPLEX}
