"""Every malformed request gets HTTP 400 with a GraphQL-shaped body naming what is wrong and
the request id, never a 500 or an internal message."""

from __future__ import annotations

import pytest

from tests.conftest import GraphQLClient

JSON = {"Content-Type": "application/json"}
DEEP_JSON = b'{"query": "{ __typename }", "variables": {"v": ' + b"[" * 3000 + b"]" * 3000 + b"}}"
HUGE_INTEGER = b'{"query": "{ __typename }", "variables": {"v": ' + b"9" * 50_000 + b"}}"
DEEP_VARIABLES = (
    b'{"query": "query ($v: JSON) { __typename }", "variables": {"v": '
    + b'{"a": ' * 500
    + b"1"
    + b"}" * 500
    + b"}}"
)


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b'{"query": "\xff\xfe"}', "The request body is not valid UTF-8."),
        (DEEP_JSON, "The request's JSON is nested more than 32 levels deep."),
        (HUGE_INTEGER, "The request body holds a number too long to read."),
        (b'"{ __typename }"', "The request's JSON must be an object."),
        (b"null", "The request's JSON must be an object."),
        (b"[1, 2]", "The request's JSON must be an object."),
        (b"{nope", "The request body is not valid JSON."),
    ],
    ids=["utf8", "deep", "huge-int", "string", "null", "array", "syntax"],
)
async def test_a_malformed_body_is_a_400_with_a_graphql_error(
    client: GraphQLClient, body: bytes, problem: str
) -> None:
    response = await client.http.post("/graphql", content=body, headers=JSON)

    assert response.status_code == 400
    request_id = response.headers["X-Request-Id"]
    assert response.json() == {
        "errors": [
            {
                "message": problem,
                "extensions": {"code": "BAD_REQUEST", "requestId": request_id},
            }
        ],
    }


async def test_variables_nested_too_deep_are_refused_by_name(client: GraphQLClient) -> None:
    response = await client.http.post("/graphql", content=DEEP_VARIABLES, headers=JSON)

    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == (
        "The request's JSON is nested more than 32 levels deep."
    )


async def test_get_variables_that_are_no_object_are_a_400(client: GraphQLClient) -> None:
    response = await client.http.get(
        "/graphql", params={"query": "{ __typename }", "variables": "[1, 2]"}
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == "The request's JSON must be an object."
