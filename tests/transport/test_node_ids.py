"""Any ID a caller makes up gives null (or a named input error), never an unexpected error."""

from __future__ import annotations

import base64

import pytest
from strawberry.relay import to_base64

from tests.conftest import GraphQLClient
from tests.support.factories import create_tenant

NODE = """
query Node($id: ID!) {
  node(id: $id) { __typename }
}
"""

LINKS_AFTER = """
query Links($after: String!) {
  links(first: 5, after: $after) { totalCount }
}
"""


def _raw_id(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


@pytest.mark.parametrize(
    "made_up_id",
    [
        "not base64 at all!",
        _raw_id("Nope:1"),
        _raw_id("Query:1"),
        _raw_id("InvalidInput:1"),
        _raw_id("User:²"),
        _raw_id("User:١"),  # noqa: RUF001 - an Arabic-Indic digit, on purpose
        _raw_id("User:99999999999999999999"),
        to_base64("User", 2**31),
    ],
)
async def test_a_made_up_id_is_simply_not_found(client: GraphQLClient, made_up_id: str) -> None:
    # Given a signed-in admin
    tenant = await create_tenant()
    # When they ask for a node by an ID no object of theirs has
    result = await client.execute(NODE, {"id": made_up_id}, key=tenant.admin.key)
    # Then the answer is null, not an error
    assert result == {"data": {"node": None}}


async def test_their_own_user_id_resolves(client: GraphQLClient) -> None:
    tenant = await create_tenant()
    result = await client.execute(NODE, {"id": tenant.admin.global_id}, key=tenant.admin.key)
    assert result == {"data": {"node": {"__typename": "User"}}}


@pytest.mark.parametrize(
    "cursor",
    [_raw_id("cursor:١"), _raw_id("cursor:-1"), "%%%"],  # noqa: RUF001 - on purpose
)
async def test_a_made_up_cursor_is_a_named_input_error(client: GraphQLClient, cursor: str) -> None:
    tenant = await create_tenant()
    result = await client.execute(LINKS_AFTER, {"after": cursor}, key=tenant.admin.key)
    assert result["data"] is None
    assert result["errors"][0]["message"] == (  # type: ignore[index]
        "after: is not a cursor returned by this connection"
    )
