"""While the database cannot be reached, requests get 503 with Retry-After and a GraphQL-shaped
body naming the request, and requests that need no database still answer."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from tortoise import Tortoise

from config import Environment, Settings
from models.db.database import tortoise_config
from server import create_app

# A port nothing listens on: a real refused connection, not a stand-in.
UNREACHABLE = "postgres://postgres@127.0.0.1:1/slotlink"


@pytest.fixture
async def outage() -> AsyncIterator[httpx.AsyncClient]:
    await Tortoise.init(config=tortoise_config(UNREACHABLE), _enable_global_fallback=True)
    settings = Settings(
        database_url=UNREACHABLE,
        public_url="https://slotlink.test",
        environment=Environment.DEVELOPMENT,
    )
    app = create_app(settings, manage_database=False)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield http
    finally:
        await Tortoise.close_connections()


async def test_a_request_refused_before_graphql_is_a_503_to_retry(
    outage: httpx.AsyncClient,
) -> None:
    # The API key lookup runs before the GraphQL layer.
    headers = {"Authorization": "Bearer sl_" + "k" * 43}

    response = await outage.post("/graphql", json={"query": "{ viewer { id } }"}, headers=headers)

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    request_id = response.headers["X-Request-Id"]
    assert response.json() == {
        "errors": [
            {
                "message": "The service is temporarily unavailable. Try again shortly.",
                "extensions": {
                    "code": "UNAVAILABLE",
                    "reason": "UNREACHABLE",
                    "requestId": request_id,
                    "retryAfterSeconds": 5,
                },
            }
        ],
    }


async def test_a_field_that_needs_the_database_says_unavailable(
    outage: httpx.AsyncClient,
) -> None:
    response = await outage.post(
        "/graphql", json={"query": '{ publicLink(key: "acme/intro") { __typename } }'}
    )

    # Nothing but the outage in the answer: HTTP says so too.
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    [error] = response.json()["errors"]
    assert error["message"] == "The service is temporarily unavailable. Try again shortly."
    assert error["extensions"] == {
        "code": "UNAVAILABLE",
        "reason": "UNREACHABLE",
        "requestId": response.headers["X-Request-Id"],
    }


async def test_what_needs_no_database_still_answers(outage: httpx.AsyncClient) -> None:
    typename = await outage.post("/graphql", json={"query": "{ __typename }"})
    health = await outage.get("/healthz")
    ready = await outage.get("/readyz")

    assert (typename.status_code, typename.json()) == (200, {"data": {"__typename": "Query"}})
    assert (health.status_code, ready.status_code) == (200, 503)
