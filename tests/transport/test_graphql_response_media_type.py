"""GraphQL over HTTP's own media type: a client that accepts
``application/graphql-response+json`` gets it, and a request that failed before any field ran
(a document that does not parse or validate, variables that do not coerce) is a 400 without
``data``. Clients that accept only ``application/json`` keep the legacy 200."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.conftest import GraphQLClient
from tests.support.factories import create_tenant

MEDIA_TYPE = "application/graphql-response+json"
BOTH = f"{MEDIA_TYPE}, application/json;q=0.9"


async def _post(client: GraphQLClient, body: dict[str, Any], accept: str) -> httpx.Response:
    return await client.http.post("/graphql", json=body, headers={"Accept": accept})


async def test_a_query_answers_in_the_media_type_asked_for(client: GraphQLClient) -> None:
    response = await _post(client, {"query": "{ __typename }"}, BOTH)

    assert response.status_code == 200
    assert response.headers["content-type"] == f"{MEDIA_TYPE}; charset=utf-8"
    assert response.json() == {"data": {"__typename": "Query"}}


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"query": "{"}, id="does-not-parse"),
        pytest.param({"query": "{ noSuchField }"}, id="does-not-validate"),
        pytest.param(
            {
                "query": "query($n: Int) { links(first: $n) { totalCount } }",
                "variables": {"n": "x"},
            },
            id="variables-do-not-coerce",
        ),
    ],
)
async def test_a_request_that_fails_before_execution_is_a_400_without_data(
    client: GraphQLClient, body: dict[str, Any]
) -> None:
    response = await _post(client, body, BOTH)
    legacy = await _post(client, body, "application/json")

    assert response.status_code == 400
    assert response.headers["content-type"] == f"{MEDIA_TYPE}; charset=utf-8"
    assert "data" not in response.json()
    assert response.json()["errors"]
    assert legacy.status_code == 200
    assert legacy.headers["content-type"] == "application/json"
    assert legacy.json()["data"] is None


async def test_an_error_while_executing_is_still_a_200_with_data(client: GraphQLClient) -> None:
    """A field that fails ran: the answer is an execution result, not a bad request."""
    tenant = await create_tenant()
    too_long = "x" * 201

    response = await client.http.post(
        "/graphql",
        json={"query": f'{{ singleUseLinks(filter: {{label: "{too_long}"}}) {{ totalCount }} }}'},
        headers={"Accept": MEDIA_TYPE, "Authorization": f"Bearer {tenant.member.key}"},
    )

    body = response.json()
    assert response.status_code == 200
    assert "data" in body
    assert body["errors"][0]["path"] == ["singleUseLinks"]
