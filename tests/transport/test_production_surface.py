"""What an anonymous caller can learn about a production deployment: no introspection, no
"Did you mean" suggestions and no GraphiQL. Signed-in callers and development keep them."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator

import pytest

from config import Environment, Settings
from tests.conftest import GraphQLClient, app_client
from tests.support.databases import Backend
from tests.support.factories import Tenant, create_tenant

SCHEMA_TYPES = "{ __schema { types { name } } }"
QUERY_TYPE = '{ __type(name: "Query") { name } }'
QUERY_TYPE_IN_A_FRAGMENT = """
query { ...Explore }
fragment Explore on Query { __type(name: "Booking") { fields { name } } }
"""
SCHEMA_ROOT = "{ __schema { queryType { name } } }"
TYPENAME = "{ __typename }"
MISSPELLED_FIELD = "{ viewr { id } }"
MISSPELLED_ENUM_VALUE = "{ meetingLogs(orderBy: START_ASC) { totalCount } }"
INTROSPECTION_DISABLED = {
    "data": None,
    "errors": [{"message": "Introspection is disabled for anonymous callers."}],
}
NO_SUCH_FIELD = "Cannot query field 'viewr' on type 'Query'."
SUGGESTION = " Did you mean 'viewer'?"
BAD_ENUM_VALUE = "Value 'START_ASC' does not exist in 'MeetingLogOrder' enum."
ENUM_SUGGESTION = " Did you mean the enum value 'START_AT_ASC' or 'START_AT_DESC'?"


@pytest.fixture
async def production(db: Backend, settings: Settings) -> AsyncIterator[GraphQLClient]:
    async with app_client(dataclasses.replace(settings, environment=Environment.PRODUCTION)) as c:
        yield c


@pytest.fixture
async def tenant(db: Backend) -> Tenant:
    return await create_tenant()


def messages(result: dict[str, object]) -> list[str]:
    errors = result["errors"]
    assert isinstance(errors, list)
    return [error["message"] for error in errors]


# --- introspection -------------------------------------------------------------------------


@pytest.mark.parametrize("document", [SCHEMA_TYPES, QUERY_TYPE, QUERY_TYPE_IN_A_FRAGMENT])
async def test_anonymous_introspection_is_refused_in_production(
    production: GraphQLClient, document: str
) -> None:
    result = await production.execute(document)

    assert result == INTROSPECTION_DISABLED


async def test_anonymous_introspection_by_get_is_refused_in_production(
    production: GraphQLClient,
) -> None:
    response = await production.http.get("/graphql", params={"query": SCHEMA_TYPES})

    assert response.json() == INTROSPECTION_DISABLED


async def test_anonymous_typename_is_still_answered_in_production(
    production: GraphQLClient,
) -> None:
    result = await production.execute(TYPENAME)

    assert result == {"data": {"__typename": "Query"}}


async def test_a_signed_in_caller_may_introspect_in_production(
    production: GraphQLClient, tenant: Tenant
) -> None:
    result = await production.execute(SCHEMA_ROOT, key=tenant.member.key)

    assert result == {"data": {"__schema": {"queryType": {"name": "Query"}}}}


async def test_refusing_an_anonymous_caller_is_not_remembered_for_the_next_caller(
    production: GraphQLClient, tenant: Tenant
) -> None:
    # given: the document was validated (and cached) for an anonymous caller first
    assert await production.execute(QUERY_TYPE) == INTROSPECTION_DISABLED

    # when
    result = await production.execute(QUERY_TYPE, key=tenant.admin.key)

    # then
    assert result == {"data": {"__type": {"name": "Query"}}}


async def test_anonymous_introspection_is_allowed_in_development(client: GraphQLClient) -> None:
    result = await client.execute(SCHEMA_ROOT)

    assert result == {"data": {"__schema": {"queryType": {"name": "Query"}}}}


# --- suggestions ---------------------------------------------------------------------------


async def test_an_anonymous_caller_in_production_gets_no_suggestion(
    production: GraphQLClient,
) -> None:
    result = await production.execute(MISSPELLED_FIELD)

    assert messages(result) == [NO_SUCH_FIELD]


BOOK_BY_VARIABLE = "mutation ($i: BookMeetingInput!) { bookMeeting(input: $i) { __typename } }"
MISSPELLED_INPUT_FIELD = {
    "i": {"key": "a/b", "start": "2030-01-01T09:00:00Z", "invitee": {"name": "A", "emial": "a@b.c"}}
}
MISSPELLED_INLINE_INPUT_FIELD = """
mutation { bookMeeting(input: {keyy: "a/b", start: "2030-01-01T09:00:00Z",
                                invitee: {name: "A", email: "a@b.c"}}) { __typename } }
"""


@pytest.mark.parametrize(
    ("document", "variables"),
    [(BOOK_BY_VARIABLE, MISSPELLED_INPUT_FIELD), (MISSPELLED_INLINE_INPUT_FIELD, None)],
    ids=["variable", "inline"],
)
async def test_an_anonymous_caller_in_production_gets_no_input_field_suggestion(
    production: GraphQLClient, document: str, variables: dict[str, object] | None
) -> None:
    result = await production.execute(document, variables)

    found = messages(result)
    assert len(found) == 2
    assert not any("Did you mean" in message for message in found)
    assert any("unknown field" in message for message in found)


async def test_an_anonymous_caller_in_production_gets_no_enum_value_suggestion(
    production: GraphQLClient,
) -> None:
    result = await production.execute(MISSPELLED_ENUM_VALUE)

    assert messages(result) == [BAD_ENUM_VALUE]


async def test_a_signed_in_caller_in_production_gets_the_suggestion(
    production: GraphQLClient, tenant: Tenant
) -> None:
    result = await production.execute(MISSPELLED_FIELD, key=tenant.member.key)

    assert messages(result) == [NO_SUCH_FIELD + SUGGESTION]


async def test_a_signed_in_caller_in_production_gets_the_enum_value_suggestion(
    production: GraphQLClient, tenant: Tenant
) -> None:
    result = await production.execute(MISSPELLED_ENUM_VALUE, key=tenant.member.key)

    assert messages(result) == [BAD_ENUM_VALUE + ENUM_SUGGESTION]


async def test_an_anonymous_caller_in_development_gets_the_suggestion(
    client: GraphQLClient,
) -> None:
    result = await client.execute(MISSPELLED_FIELD)

    assert messages(result) == [NO_SUCH_FIELD + SUGGESTION]


@pytest.mark.parametrize("anonymous_first", [True, False])
async def test_a_suggestion_removed_for_one_caller_stays_for_the_next(
    production: GraphQLClient, tenant: Tenant, anonymous_first: bool
) -> None:
    # Validation results are cached per document and shared between requests.
    callers = [None, tenant.member.key] if anonymous_first else [tenant.member.key, None]

    results = [await production.execute(MISSPELLED_FIELD, key=key) for key in callers]

    expected = {None: NO_SUCH_FIELD, tenant.member.key: NO_SUCH_FIELD + SUGGESTION}
    assert [messages(result) for result in results] == [[expected[key]] for key in callers]


# --- GraphiQL ------------------------------------------------------------------------------


async def test_graphiql_is_not_served_in_production(production: GraphQLClient) -> None:
    response = await production.http.get("/graphql", headers={"Accept": "text/html"})

    assert response.status_code == 404
    assert "graphiql" not in response.text.lower()


async def test_graphiql_is_served_in_development(client: GraphQLClient) -> None:
    response = await client.http.get("/graphql", headers={"Accept": "text/html"})

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "graphiql" in response.text.lower()
