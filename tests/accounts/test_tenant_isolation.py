from __future__ import annotations

import pytest
from strawberry.relay import to_base64

from models.db.tables import ApiKey, User
from tests.conftest import GraphQLClient
from tests.support.factories import Tenant, add_account, create_tenant

NODE = """
query ($id: ID!) {
  node(id: $id) {
    __typename
    id
    ... on User { email }
    ... on ApiKey { label }
    ... on Organization { name }
  }
}
"""
USERS = "{ users { email } }"
UPDATE_USER = """
mutation ($input: UpdateUserInput!) {
  updateUser(input: $input) { __typename ... on NotFound { message } }
}
"""
REVOKE_API_KEY = """
mutation ($id: ID!) {
  revokeApiKey(input: {id: $id}) { __typename ... on NotFound { message } }
}
"""
CREATE_API_KEY = """
mutation ($input: CreateApiKeyInput!) {
  createApiKey(input: $input) { __typename ... on NotFound { message } }
}
"""
NONEXISTENT_ID = 999_999
NO_SUCH_USER = {"__typename": "NotFound", "message": "No such user."}
NO_SUCH_API_KEY = {"__typename": "NotFound", "message": "No such API key."}


@pytest.fixture
async def acme(client: GraphQLClient) -> Tenant:
    return await create_tenant("Acme", domain="acme.test")


@pytest.fixture
async def globex(acme: Tenant) -> Tenant:
    return await create_tenant("Globex", domain="globex.test")


def _foreign_node_ids(globex: Tenant) -> list[str]:
    return [
        globex.admin.global_id,
        globex.member.global_id,
        globex.admin.api_key_global_id,
        globex.member.api_key_global_id,
        globex.global_id,
    ]


@pytest.mark.parametrize("who", ["admin", "member"])
async def test_node_of_another_organization_is_null(
    client: GraphQLClient, acme: Tenant, globex: Tenant, who: str
) -> None:
    key = acme.admin.key if who == "admin" else acme.member.key

    for node_id in _foreign_node_ids(globex):
        result = await client.execute(NODE, {"id": node_id}, key=key)

        assert result == {"data": {"node": None}}, node_id


async def test_node_of_own_organization_is_visible_to_its_admin(
    client: GraphQLClient, acme: Tenant, globex: Tenant
) -> None:
    # the contrast to the test above: the same queries do find rows of one's own tenant
    member = await client.execute(NODE, {"id": acme.member.global_id}, key=acme.admin.key)
    api_key = await client.execute(NODE, {"id": acme.member.api_key_global_id}, key=acme.admin.key)
    organization = await client.execute(NODE, {"id": acme.global_id}, key=acme.admin.key)

    assert member == {
        "data": {
            "node": {"__typename": "User", "id": acme.member.global_id, "email": "max@acme.test"}
        }
    }
    assert api_key == {
        "data": {
            "node": {"__typename": "ApiKey", "id": acme.member.api_key_global_id, "label": "tests"}
        }
    }
    assert organization == {
        "data": {"node": {"__typename": "Organization", "id": acme.global_id, "name": "Acme"}}
    }


async def test_anonymous_node_is_null(client: GraphQLClient, acme: Tenant) -> None:
    for node_id in (acme.admin.global_id, acme.admin.api_key_global_id, acme.global_id):
        assert await client.execute(NODE, {"id": node_id}) == {"data": {"node": None}}


async def test_users_never_lists_another_organization(
    client: GraphQLClient, acme: Tenant, globex: Tenant
) -> None:
    result = await client.execute(USERS, key=acme.admin.key)

    assert result == {"data": {"users": [{"email": "ada@acme.test"}, {"email": "max@acme.test"}]}}


async def test_update_user_of_another_organization_is_not_found(
    client: GraphQLClient, acme: Tenant, globex: Tenant
) -> None:
    # given
    nonexistent = to_base64("User", NONEXISTENT_ID)

    # when
    foreign = await client.execute(
        UPDATE_USER,
        {"input": {"id": globex.member.global_id, "name": "Hacked"}},
        key=acme.admin.key,
    )
    missing = await client.execute(
        UPDATE_USER, {"input": {"id": nonexistent, "name": "Hacked"}}, key=acme.admin.key
    )

    # then
    assert foreign == missing == {"data": {"updateUser": NO_SUCH_USER}}
    assert (await User.get(id=globex.member.user_id)).name == "Max Member"


async def test_revoke_api_key_of_another_organization_is_not_found(
    client: GraphQLClient, acme: Tenant, globex: Tenant
) -> None:
    # given
    nonexistent = to_base64("ApiKey", NONEXISTENT_ID)

    # when
    foreign = await client.execute(
        REVOKE_API_KEY, {"id": globex.member.api_key_global_id}, key=acme.admin.key
    )
    missing = await client.execute(REVOKE_API_KEY, {"id": nonexistent}, key=acme.admin.key)

    # then
    assert foreign == missing == {"data": {"revokeApiKey": NO_SUCH_API_KEY}}
    assert (await ApiKey.get(id=globex.member.api_key_id)).revoked_at is None
    assert (await client.post(USERS, key=globex.member.key)).status_code == 200


async def test_create_api_key_for_a_user_of_another_organization_is_not_found(
    client: GraphQLClient, acme: Tenant, globex: Tenant
) -> None:
    # given
    nonexistent = to_base64("User", NONEXISTENT_ID)

    # when
    foreign = await client.execute(
        CREATE_API_KEY,
        {"input": {"label": "backdoor", "userId": globex.member.global_id}},
        key=acme.admin.key,
    )
    missing = await client.execute(
        CREATE_API_KEY, {"input": {"label": "backdoor", "userId": nonexistent}}, key=acme.admin.key
    )

    # then
    assert foreign == missing == {"data": {"createApiKey": NO_SUCH_USER}}
    assert await ApiKey.filter(user_id=globex.member.user_id).count() == 1


@pytest.mark.parametrize(
    ("type_name", "raw_id"),
    [
        pytest.param("User", "abc", id="not-a-number"),
        pytest.param("User", "-1", id="negative"),
        pytest.param("User", "99999999999999999999999", id="huge"),
        pytest.param("User", "3000000000", id="beyond-int32"),
        pytest.param("User", "\u00b2", id="superscript-digit"),
        pytest.param("User", "\u0661", id="arabic-indic-digit"),
        pytest.param("ApiKey", "1", id="wrong-type"),
    ],
)
async def test_malformed_user_id_is_not_found_like_any_other(
    client: GraphQLClient, acme: Tenant, type_name: str, raw_id: str
) -> None:
    result = await client.execute(
        UPDATE_USER,
        {"input": {"id": to_base64(type_name, raw_id), "name": "Hacked"}},
        key=acme.admin.key,
    )

    assert result == {"data": {"updateUser": NO_SUCH_USER}}
    assert (await User.get(id=acme.admin.user_id)).name == "Ada Admin"


@pytest.mark.parametrize(
    "raw_id",
    [
        pytest.param("abc", id="not-a-number"),
        pytest.param("99999999999999999999999", id="huge"),
        pytest.param("3000000000", id="beyond-int32"),
        pytest.param("\u00b2", id="superscript-digit"),
        pytest.param("\u0661", id="arabic-indic-digit"),
    ],
)
async def test_malformed_node_id_is_null(client: GraphQLClient, acme: Tenant, raw_id: str) -> None:
    for type_name in ("User", "ApiKey", "Organization"):
        result = await client.execute(
            NODE, {"id": to_base64(type_name, raw_id)}, key=acme.admin.key
        )

        assert result == {"data": {"node": None}}, type_name


async def test_member_cannot_see_another_member_through_node(
    client: GraphQLClient, acme: Tenant
) -> None:
    # given
    colleague = await add_account(acme.organization_id, "bea@acme.test", "Bea Berger")

    # when
    user = await client.execute(NODE, {"id": colleague.global_id}, key=acme.member.key)
    api_key = await client.execute(NODE, {"id": colleague.api_key_global_id}, key=acme.member.key)
    admin = await client.execute(NODE, {"id": acme.admin.global_id}, key=acme.member.key)

    # then
    assert user == api_key == admin == {"data": {"node": None}}


async def test_member_sees_themselves_and_their_key_through_node(
    client: GraphQLClient, acme: Tenant
) -> None:
    user = await client.execute(NODE, {"id": acme.member.global_id}, key=acme.member.key)
    api_key = await client.execute(NODE, {"id": acme.member.api_key_global_id}, key=acme.member.key)

    assert user == {
        "data": {
            "node": {"__typename": "User", "id": acme.member.global_id, "email": "max@acme.test"}
        }
    }
    assert api_key == {
        "data": {
            "node": {"__typename": "ApiKey", "id": acme.member.api_key_global_id, "label": "tests"}
        }
    }
