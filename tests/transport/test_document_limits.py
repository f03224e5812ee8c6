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
from graphql import GraphQLError, parse, validate
from graphql.validation import specified_rules

from config import Limits, Settings
from resolvers.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from schema import schema
from schema.document_measure import DocumentMeasurer, Measure, PageSizes
from schema.limits import connection_fields, limit_rules, validation_deadline
from server import create_app
from tests.conftest import GraphQLClient

GRAPHQL_SCHEMA = schema._schema
PAGE_SIZES = PageSizes(DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, connection_fields(GRAPHQL_SCHEMA))
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
    rules = (*specified_rules, *limit_rules(limits or Limits(), GRAPHQL_SCHEMA))
    return validate(GRAPHQL_SCHEMA, parse(document), rules)


# --- linear cost -------------------------------------------------------------------------


@pytest.mark.parametrize("breadth", [2, 5, 10])
@pytest.mark.parametrize("depth", [1, 3, 6, 9])
def test_measuring_visits_each_selection_of_the_document_once(depth: int, breadth: int) -> None:
    # given a document whose expansion is breadth**depth fields
    document = fan_out(depth, breadth)
    measurer = DocumentMeasurer(parse(document), PAGE_SIZES)

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
        return calls_made(lambda: validation_errors(document)) / selections_in(document)

    # when the whole validation (the specified rules and ours) runs on each
    shallow, deep = work_per_selection(2), work_per_selection(7)

    # then the work per selection of text stays the same (it was 10**5 times larger before)
    assert deep < 2 * shallow


def test_a_fan_out_document_is_refused_for_its_cost() -> None:
    errors = validation_errors(fan_out(9, 10))

    assert [error.message for error in errors] == [
        "The query may resolve 1000000000 fields; at most 10000 are allowed. "
        "Ask for smaller pages (first/last) or fewer fields."
    ]
    assert errors[0].extensions == {"code": TOO_COMPLEX}


def test_validation_stops_once_its_time_budget_is_spent() -> None:
    token = validation_deadline.set(0.0)  # a deadline long past
    try:
        errors = validation_errors("{ viewer { id } }")
    finally:
        validation_deadline.reset(token)

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
    errors = validation_errors(NESTED_PAGES)

    assert [error.message for error in errors] == [
        "The query may resolve 30301 fields; at most 10000 are allowed. "
        "Ask for smaller pages (first/last) or fewer fields."
    ]


def test_a_page_size_from_a_variable_counts_as_the_largest_page() -> None:
    # 1 + 10 x (3 + 100 x 3): allowed at 3031, though the variable may ask for less
    assert validation_errors(NESTED_PAGES_BY_VARIABLE, Limits(max_cost=3031)) == []
    assert len(validation_errors(NESTED_PAGES_BY_VARIABLE, Limits(max_cost=3030))) == 1


def test_a_connection_without_first_counts_its_default_page() -> None:
    # 1 + 20 x (3 + 20 x 5)
    assert validation_errors(DEFAULT_PAGES, Limits(max_cost=2061)) == []
    assert len(validation_errors(DEFAULT_PAGES, Limits(max_cost=2060))) == 1


# --- over HTTP ---------------------------------------------------------------------------


@pytest.fixture
async def anonymous(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(
        dataclasses.replace(settings, limits=Limits(failed_lookups_per_minute=10**6)),
        manage_database=False,
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


async def test_an_anonymous_fan_out_document_is_refused_before_it_runs(
    db: object, anonymous: httpx.AsyncClient
) -> None:
    result = await GraphQLClient(anonymous).execute(fan_out(9, 10))

    assert result["data"] is None
    assert result["errors"] == [
        {
            "message": "The query may resolve 1000000000 fields; at most 10000 are allowed. "
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
