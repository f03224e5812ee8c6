from __future__ import annotations

import json
from collections.abc import AsyncIterator

import httpx
import pytest

from config import Environment, Settings
from models.accounts.api_keys import revoke_api_key
from models.db.tables import User
from server import create_app
from tests.conftest import GraphQLClient
from tests.support.databases import Backend
from tests.support.factories import create_tenant
from tests.support.problems import graphql_problem

VIEWER = "{ viewer { email } }"
SCHEMA_TYPES = "{ __schema { types { name } } }"
TYPE_BY_NAME = '{ __type(name: "User") { name } }'
REVOKE_API_KEY = """
mutation ($id: ID!) {
  revokeApiKey(input: {id: $id}) { __typename }
}
"""
INTROSPECTION_REFUSED = "Introspection is disabled for anonymous callers."
UNAUTHORIZED_BODY = graphql_problem(
    "UNAUTHENTICATED",
    "The API key is unknown or revoked. "
    "Send 'Authorization: Bearer <api key>' or no header at all.",
)


@pytest.fixture
async def production_client(db: Backend) -> AsyncIterator[GraphQLClient]:
    settings = Settings(
        database_url=db.url,
        public_url="https://slotlink.test",
        environment=Environment.PRODUCTION,
    )
    transport = httpx.ASGITransport(app=create_app(settings, manage_database=False))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield GraphQLClient(http)


async def test_no_authorization_header_is_anonymous(client: GraphQLClient) -> None:
    await create_tenant()

    result = await client.execute(VIEWER)

    assert result == {"data": {"viewer": None}}


async def test_valid_key_identifies_the_viewer(client: GraphQLClient) -> None:
    tenant = await create_tenant()

    result = await client.execute(VIEWER, key=tenant.member.key)

    assert result == {"data": {"viewer": {"email": "max@acme.test"}}}


async def test_unknown_key_is_401_not_anonymous(client: GraphQLClient) -> None:
    await create_tenant()

    response = await client.post(VIEWER, key="sl_" + "x" * 43)

    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED_BODY
    assert response.headers["www-authenticate"] == 'Bearer realm="slotlink"'


@pytest.mark.parametrize(
    "authorization",
    [
        pytest.param("Bearer", id="no-credentials"),
        pytest.param("Bearer   ", id="blank-credentials"),
        pytest.param("Basic YWRhOnNlY3JldA==", id="basic-scheme"),
        pytest.param("sl_abc", id="no-scheme"),
    ],
)
async def test_malformed_authorization_header_is_401(
    client: GraphQLClient, authorization: str
) -> None:
    response = await client.http.post(
        "/graphql", json={"query": VIEWER}, headers={"Authorization": authorization}
    )

    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED_BODY


async def test_lowercase_bearer_scheme_is_accepted(client: GraphQLClient) -> None:
    tenant = await create_tenant()

    response = await client.http.post(
        "/graphql", json={"query": VIEWER}, headers={"Authorization": f"bearer {tenant.admin.key}"}
    )

    assert response.status_code == 200
    assert response.json() == {"data": {"viewer": {"email": "ada@acme.test"}}}


async def test_revoked_key_is_401(client: GraphQLClient) -> None:
    # given
    tenant = await create_tenant()
    admin = await User.get(id=tenant.admin.user_id)
    await revoke_api_key(tenant.organization_id, tenant.member.api_key_id, acting_user=admin)

    # when
    response = await client.post(VIEWER, key=tenant.member.key)

    # then
    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED_BODY


async def test_healthz_answers_ok(client: GraphQLClient) -> None:
    response = await client.http.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_readyz_answers_ok_with_the_database(client: GraphQLClient) -> None:
    response = await client.http.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


async def test_query_via_get_is_served(client: GraphQLClient) -> None:
    tenant = await create_tenant()

    response = await client.http.get(
        "/graphql",
        params={"query": VIEWER},
        headers={"Authorization": f"Bearer {tenant.admin.key}"},
    )

    assert response.status_code == 200
    assert response.json() == {"data": {"viewer": {"email": "ada@acme.test"}}}


async def test_mutation_via_get_is_refused_and_changes_nothing(client: GraphQLClient) -> None:
    # given
    tenant = await create_tenant()
    variables = json.dumps({"id": tenant.member.api_key_global_id})

    # when
    response = await client.http.get(
        "/graphql",
        params={"query": REVOKE_API_KEY, "variables": variables},
        headers={"Authorization": f"Bearer {tenant.admin.key}"},
    )

    # then
    assert response.status_code == 405
    assert response.headers["Allow"] == "POST"
    assert response.json()["errors"][0]["message"] == "Send mutations with POST."
    assert (await client.post(VIEWER, key=tenant.member.key)).status_code == 200


async def test_production_refuses_anonymous_schema_introspection(
    production_client: GraphQLClient,
) -> None:
    result = await production_client.execute(SCHEMA_TYPES)

    assert result == {
        "data": None,
        "errors": [{"message": INTROSPECTION_REFUSED}],
    }


async def test_production_refuses_anonymous_type_introspection(
    production_client: GraphQLClient,
) -> None:
    result = await production_client.execute(TYPE_BY_NAME)

    assert result == {
        "data": None,
        "errors": [{"message": INTROSPECTION_REFUSED}],
    }


async def test_production_refusal_is_not_cached_for_authenticated_callers(
    production_client: GraphQLClient,
) -> None:
    # given: the same document was refused to an anonymous caller
    tenant = await create_tenant()
    await production_client.execute(SCHEMA_TYPES)

    # when
    result = await production_client.execute(SCHEMA_TYPES, key=tenant.member.key)

    # then
    assert "errors" not in result
    names = {t["name"] for t in result["data"]["__schema"]["types"]}  # type: ignore[index]
    assert {"Query", "Mutation", "User", "ApiKey", "Organization"} <= names


async def test_production_lets_anonymous_callers_use_typename(
    production_client: GraphQLClient,
) -> None:
    result = await production_client.execute("{ __typename viewer { id } }")

    assert result == {"data": {"__typename": "Query", "viewer": None}}


async def test_development_allows_anonymous_introspection(client: GraphQLClient) -> None:
    result = await client.execute(TYPE_BY_NAME)

    assert result == {"data": {"__type": {"name": "User"}}}
