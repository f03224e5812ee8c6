"""GraphQL answers are per caller and per moment (slots, statuses): no cache may keep them."""

from __future__ import annotations

from tests.conftest import GraphQLClient
from tests.support.factories import create_tenant


async def test_no_cache_keeps_an_answer(client: GraphQLClient) -> None:
    tenant = await create_tenant("Acme", domain="acme.test")

    anonymous = await client.post("{ __typename }")
    signed_in = await client.post("{ viewer { id } }", key=tenant.admin.key)
    by_get = await client.http.get("/graphql", params={"query": "{ __typename }"})

    assert anonymous.headers["cache-control"] == "no-store"
    assert by_get.headers["cache-control"] == "no-store"
    assert signed_in.headers["cache-control"] == "private, no-store"
