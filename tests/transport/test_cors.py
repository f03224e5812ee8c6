"""Browser apps on other origins: the origins in SLOTLINK_CORS_ORIGINS get preflights answered
and every answer (errors included) readable; others get no CORS headers at all. (The browser's
side of it runs in headless Chromium: web/e2e/cors.spec.ts.)"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import pytest

from config import ConfigError, Environment, Settings, load_settings
from tests.conftest import GraphQLClient, app_client
from tests.support.databases import Backend

APP = "http://localhost:5173"
PREFLIGHT = {
    "Origin": APP,
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "authorization, content-type",
}


@pytest.fixture
async def cors_client(db: Backend, settings: Settings) -> AsyncIterator[GraphQLClient]:
    async with app_client(replace(settings, cors_origins=(APP,))) as client:
        yield client


async def test_a_preflight_from_an_allowed_origin_is_answered(cors_client: GraphQLClient) -> None:
    response = await cors_client.http.options("/graphql", headers=PREFLIGHT)

    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == APP
    assert "POST" in response.headers["access-control-allow-methods"]
    allowed_headers = response.headers["access-control-allow-headers"].lower()
    assert "authorization" in allowed_headers
    assert "content-type" in allowed_headers
    assert "x-request-id" in allowed_headers
    assert "apollo-require-preflight" in allowed_headers
    assert response.headers["access-control-max-age"] == "600"
    assert "access-control-allow-credentials" not in response.headers


async def test_answers_to_an_allowed_origin_are_readable_errors_included(
    cors_client: GraphQLClient,
) -> None:
    ok = await cors_client.http.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"Origin": APP}
    )
    refused = await cors_client.http.post(
        "/graphql",
        json={"query": "{ viewer { id } }"},
        headers={"Origin": APP, "Authorization": "Bearer sl_wrong"},
    )

    for response in (ok, refused):
        assert response.headers["access-control-allow-origin"] == APP
        assert "x-request-id" in response.headers["access-control-expose-headers"].lower()
        assert "origin" in response.headers["vary"].lower()
    assert refused.status_code == 401


async def test_another_origin_gets_no_cors_headers(cors_client: GraphQLClient) -> None:
    preflight = await cors_client.http.options(
        "/graphql", headers={**PREFLIGHT, "Origin": "http://localhost:5174"}
    )
    answer = await cors_client.http.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"Origin": "http://localhost:5174"}
    )

    assert preflight.status_code == 400
    assert "access-control-allow-origin" not in preflight.headers
    assert "access-control-allow-origin" not in answer.headers


async def test_without_origins_configured_there_is_no_cors(client: GraphQLClient) -> None:
    answer = await client.http.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"Origin": APP}
    )

    assert "access-control-allow-origin" not in answer.headers


def test_origins_are_read_and_normalized() -> None:
    settings = load_settings(
        {"SLOTLINK_CORS_ORIGINS": " https://App.Example.com , http://localhost:5173 "}
    )

    assert settings.cors_origins == ("https://app.example.com", "http://localhost:5173")


@pytest.mark.parametrize(
    "raw",
    ["app.example.com", "https://app.example.com/path", "ftp://app.example.com", "https://"],
)
def test_a_value_that_is_not_an_origin_is_a_config_error_naming_it(raw: str) -> None:
    with pytest.raises(ConfigError, match="SLOTLINK_CORS_ORIGINS"):
        load_settings({"SLOTLINK_CORS_ORIGINS": raw})


def test_any_origin_is_for_development_only() -> None:
    assert load_settings({"SLOTLINK_CORS_ORIGINS": "*"}).cors_origins == ("*",)
    with pytest.raises(ConfigError, match="exact origins"):
        load_settings(
            {
                "SLOTLINK_CORS_ORIGINS": "*",
                "SLOTLINK_ENV": Environment.PRODUCTION.value,
                "SLOTLINK_SECRET_KEY": "q8XzK1v0Yb3nW2mR5tP7sD9fG4hJ6kL0",
            }
        )
