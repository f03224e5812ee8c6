from __future__ import annotations

import pytest
from strawberry.relay import to_base64

from models.db.tables import ApiKey, Role, User
from tests.conftest import GraphQLClient
from tests.support.factories import add_account, create_tenant

VIEWER = """
{
  viewer {
    id email name timeZone role
    workingHours { weekday start end }
    organization { id name slug }
  }
}
"""
USERS = "{ users { name email role } }"
CREATE_USER = """
mutation ($input: CreateUserInput!) {
  createUser(input: $input) {
    __typename
    ... on UserCreated { user { email name timeZone role } }
    ... on InvalidInput { message fieldErrors { field message } }
    ... on Forbidden { message }
  }
}
"""
UPDATE_USER = """
mutation ($input: UpdateUserInput!) {
  updateUser(input: $input) {
    __typename
    ... on UserUpdated { user { id email name timeZone role } }
    ... on InvalidInput { message fieldErrors { field message } }
    ... on NotFound { message }
    ... on Forbidden { message }
  }
}
"""
CREATE_API_KEY = """
mutation ($input: CreateApiKeyInput!) {
  createApiKey(input: $input) {
    __typename
    ... on ApiKeyCreated { key apiKey { id label prefix revokedAt user { email } } }
    ... on InvalidInput { message fieldErrors { field message } }
    ... on NotFound { message }
    ... on Forbidden { message }
  }
}
"""
REVOKE_API_KEY = """
mutation ($id: ID!) {
  revokeApiKey(input: {id: $id}) {
    __typename
    ... on ApiKeyRevoked { apiKey { id } }
    ... on NotFound { message }
    ... on Forbidden { message }
  }
}
"""
API_KEY_NODE = """
query ($id: ID!) {
  node(id: $id) { ... on ApiKey { id label prefix createdAt lastUsedAt revokedAt } }
}
"""
WHO_AM_I = "{ viewer { email } }"

ADMIN_ONLY = "Only an admin of the organization may do this."
AUTHENTICATION_REQUIRED = "Authentication required: send an API key as a Bearer token."
INVALID = "The input is invalid."
OFFICE_HOURS = [{"weekday": day, "start": "09:00", "end": "17:00"} for day in range(1, 6)]


async def test_viewer_is_the_authenticated_user(client: GraphQLClient) -> None:
    tenant = await create_tenant()

    result = await client.execute(VIEWER, key=tenant.admin.key)

    assert result == {
        "data": {
            "viewer": {
                "id": tenant.admin.global_id,
                "email": "ada@acme.test",
                "name": "Ada Admin",
                "timeZone": "Europe/Berlin",
                "role": "ADMIN",
                "workingHours": OFFICE_HOURS,
                "organization": {"id": tenant.global_id, "name": "Acme", "slug": "acme"},
            }
        }
    }


async def test_users_for_an_admin_lists_the_organization_ordered_by_name(
    client: GraphQLClient,
) -> None:
    # given: a third user created after the member, whose name sorts before it
    tenant = await create_tenant()
    await add_account(tenant.organization_id, "bea@acme.test", "Bea Berger")

    # when
    result = await client.execute(USERS, key=tenant.admin.key)

    # then
    assert result == {
        "data": {
            "users": [
                {"name": "Ada Admin", "email": "ada@acme.test", "role": "ADMIN"},
                {"name": "Bea Berger", "email": "bea@acme.test", "role": "MEMBER"},
                {"name": "Max Member", "email": "max@acme.test", "role": "MEMBER"},
            ]
        }
    }


async def test_users_for_a_member_lists_only_themselves(client: GraphQLClient) -> None:
    tenant = await create_tenant()

    result = await client.execute(USERS, key=tenant.member.key)

    assert result == {
        "data": {"users": [{"name": "Max Member", "email": "max@acme.test", "role": "MEMBER"}]}
    }


async def test_users_for_an_anonymous_caller_is_an_error(client: GraphQLClient) -> None:
    await create_tenant()

    result = await client.execute(USERS)

    assert result == {
        "data": None,
        "errors": [
            {
                "message": AUTHENTICATION_REQUIRED,
                "locations": [{"line": 1, "column": 3}],
                "path": ["users"],
            }
        ],
    }


async def test_admin_creates_a_user(client: GraphQLClient) -> None:
    # given
    tenant = await create_tenant()
    new_user = {
        "email": " Bea@Acme.TEST ",
        "name": " Bea Berger ",
        "timeZone": "America/New_York",
        "role": "ADMIN",
    }

    # when
    result = await client.execute(CREATE_USER, {"input": new_user}, key=tenant.admin.key)

    # then
    assert result == {
        "data": {
            "createUser": {
                "__typename": "UserCreated",
                "user": {
                    "email": "bea@acme.test",
                    "name": "Bea Berger",
                    "timeZone": "America/New_York",
                    "role": "ADMIN",
                },
            }
        }
    }
    row = await User.get(organization_id=tenant.organization_id, email="bea@acme.test")
    assert (row.name, row.time_zone, row.role) == ("Bea Berger", "America/New_York", Role.ADMIN)


async def test_created_user_defaults_to_member_in_utc(client: GraphQLClient) -> None:
    tenant = await create_tenant()

    result = await client.execute(
        CREATE_USER, {"input": {"email": "bea@acme.test", "name": "Bea"}}, key=tenant.admin.key
    )

    assert result["data"] == {
        "createUser": {
            "__typename": "UserCreated",
            "user": {"email": "bea@acme.test", "name": "Bea", "timeZone": "UTC", "role": "MEMBER"},
        }
    }


async def test_create_user_reports_every_bad_field_and_writes_nothing(
    client: GraphQLClient,
) -> None:
    # given
    tenant = await create_tenant()
    bad = {"email": "not-an-email", "name": "   ", "timeZone": "Mars/Olympus_Mons"}

    # when
    result = await client.execute(CREATE_USER, {"input": bad}, key=tenant.admin.key)

    # then
    assert result == {
        "data": {
            "createUser": {
                "__typename": "InvalidInput",
                "message": INVALID,
                "fieldErrors": [
                    {"field": "email", "message": "must be an email address"},
                    {"field": "name", "message": "must not be empty"},
                    {
                        "field": "timeZone",
                        "message": "'Mars/Olympus_Mons' is not an IANA time zone "
                        "(e.g. Europe/Berlin)",
                    },
                ],
            }
        }
    }
    assert await User.filter(organization_id=tenant.organization_id).count() == 2


async def test_create_user_with_a_taken_email_is_invalid_on_email(client: GraphQLClient) -> None:
    tenant = await create_tenant()

    result = await client.execute(
        CREATE_USER,
        {"input": {"email": "MAX@acme.test", "name": "Another Max"}},
        key=tenant.admin.key,
    )

    assert result["data"] == {
        "createUser": {
            "__typename": "InvalidInput",
            "message": INVALID,
            "fieldErrors": [
                {
                    "field": "email",
                    "message": "a user with this email already exists in the organization",
                }
            ],
        }
    }
    assert await User.filter(organization_id=tenant.organization_id).count() == 2


async def test_member_may_not_create_a_user(client: GraphQLClient) -> None:
    tenant = await create_tenant()

    result = await client.execute(
        CREATE_USER, {"input": {"email": "bea@acme.test", "name": "Bea"}}, key=tenant.member.key
    )

    assert result == {"data": {"createUser": {"__typename": "Forbidden", "message": ADMIN_ONLY}}}
    assert not await User.exists(email="bea@acme.test")


async def test_admin_updates_a_user(client: GraphQLClient) -> None:
    # given
    tenant = await create_tenant()
    changes = {
        "id": tenant.member.global_id,
        "email": "maxine@acme.test",
        "name": "Maxine Member",
        "timeZone": "Asia/Tokyo",
        "role": "ADMIN",
    }

    # when
    result = await client.execute(UPDATE_USER, {"input": changes}, key=tenant.admin.key)

    # then
    assert result == {
        "data": {
            "updateUser": {
                "__typename": "UserUpdated",
                "user": {
                    "id": tenant.member.global_id,
                    "email": "maxine@acme.test",
                    "name": "Maxine Member",
                    "timeZone": "Asia/Tokyo",
                    "role": "ADMIN",
                },
            }
        }
    }
    row = await User.get(id=tenant.member.user_id)
    assert (row.email, row.name, row.time_zone, row.role) == (
        "maxine@acme.test",
        "Maxine Member",
        "Asia/Tokyo",
        Role.ADMIN,
    )


async def test_update_user_changes_only_the_fields_given(client: GraphQLClient) -> None:
    tenant = await create_tenant()

    await client.execute(
        UPDATE_USER, {"input": {"id": tenant.member.global_id, "name": "Max"}}, key=tenant.admin.key
    )

    row = await User.get(id=tenant.member.user_id)
    assert (row.email, row.name, row.time_zone, row.role) == (
        "max@acme.test",
        "Max",
        "UTC",
        Role.MEMBER,
    )


async def test_update_user_to_a_taken_email_is_invalid_on_email(client: GraphQLClient) -> None:
    tenant = await create_tenant()

    result = await client.execute(
        UPDATE_USER,
        {"input": {"id": tenant.member.global_id, "email": "ada@acme.test"}},
        key=tenant.admin.key,
    )

    assert result["data"] == {
        "updateUser": {
            "__typename": "InvalidInput",
            "message": INVALID,
            "fieldErrors": [
                {
                    "field": "email",
                    "message": "a user with this email already exists in the organization",
                }
            ],
        }
    }
    assert (await User.get(id=tenant.member.user_id)).email == "max@acme.test"


async def test_last_admin_cannot_be_demoted(client: GraphQLClient) -> None:
    tenant = await create_tenant()

    result = await client.execute(
        UPDATE_USER,
        {"input": {"id": tenant.admin.global_id, "role": "MEMBER"}},
        key=tenant.admin.key,
    )

    assert result["data"] == {
        "updateUser": {
            "__typename": "InvalidInput",
            "message": INVALID,
            "fieldErrors": [
                {"field": "role", "message": "an organization must keep at least one admin"}
            ],
        }
    }
    assert (await User.get(id=tenant.admin.user_id)).role is Role.ADMIN


async def test_an_admin_can_be_demoted_while_another_remains(client: GraphQLClient) -> None:
    # given
    tenant = await create_tenant()
    await add_account(tenant.organization_id, "bea@acme.test", "Bea Berger", role=Role.ADMIN)

    # when
    result = await client.execute(
        UPDATE_USER,
        {"input": {"id": tenant.admin.global_id, "role": "MEMBER"}},
        key=tenant.admin.key,
    )

    # then
    assert result["data"] == {
        "updateUser": {
            "__typename": "UserUpdated",
            "user": {
                "id": tenant.admin.global_id,
                "email": "ada@acme.test",
                "name": "Ada Admin",
                "timeZone": "Europe/Berlin",
                "role": "MEMBER",
            },
        }
    }
    assert (await User.get(id=tenant.admin.user_id)).role is Role.MEMBER


async def test_member_may_not_update_a_user(client: GraphQLClient) -> None:
    tenant = await create_tenant()

    result = await client.execute(
        UPDATE_USER,
        {"input": {"id": tenant.member.global_id, "role": "ADMIN"}},
        key=tenant.member.key,
    )

    assert result == {"data": {"updateUser": {"__typename": "Forbidden", "message": ADMIN_ONLY}}}
    assert (await User.get(id=tenant.member.user_id)).role is Role.MEMBER


async def test_created_api_key_is_shown_once_and_works_as_bearer(client: GraphQLClient) -> None:
    # given
    tenant = await create_tenant()

    # when
    result = await client.execute(
        CREATE_API_KEY, {"input": {"label": "laptop"}}, key=tenant.member.key
    )

    # then
    created = result["data"]["createApiKey"]  # type: ignore[index]
    key = created["key"]
    key_id = created["apiKey"]["id"]
    assert created == {
        "__typename": "ApiKeyCreated",
        "key": key,
        "apiKey": {
            "id": key_id,
            "label": "laptop",
            "prefix": key[:10],
            "revokedAt": None,
            "user": {"email": "max@acme.test"},
        },
    }
    assert await client.execute(WHO_AM_I, key=key) == {
        "data": {"viewer": {"email": "max@acme.test"}}
    }
    shown_later = await client.execute(API_KEY_NODE, {"id": key_id}, key=key)
    assert key[10:] not in str(shown_later)
    assert shown_later["data"]["node"]["prefix"] == key[:10]  # type: ignore[index]


async def test_admin_creates_an_api_key_for_a_member(client: GraphQLClient) -> None:
    tenant = await create_tenant()

    result = await client.execute(
        CREATE_API_KEY,
        {"input": {"label": "for max", "userId": tenant.member.global_id}},
        key=tenant.admin.key,
    )

    key = result["data"]["createApiKey"]["key"]  # type: ignore[index]
    assert await client.execute(WHO_AM_I, key=key) == {
        "data": {"viewer": {"email": "max@acme.test"}}
    }


async def test_member_may_not_create_an_api_key_for_someone_else(client: GraphQLClient) -> None:
    tenant = await create_tenant()

    result = await client.execute(
        CREATE_API_KEY,
        {"input": {"label": "stolen", "userId": tenant.admin.global_id}},
        key=tenant.member.key,
    )

    assert result == {"data": {"createApiKey": {"__typename": "Forbidden", "message": ADMIN_ONLY}}}
    assert await ApiKey.filter(user_id=tenant.admin.user_id).count() == 1


async def test_revoked_api_key_is_refused_afterwards(client: GraphQLClient) -> None:
    # given
    tenant = await create_tenant()

    # when
    result = await client.execute(
        REVOKE_API_KEY, {"id": tenant.member.api_key_global_id}, key=tenant.admin.key
    )

    # then
    assert result == {
        "data": {
            "revokeApiKey": {
                "__typename": "ApiKeyRevoked",
                "apiKey": {"id": tenant.member.api_key_global_id},
            }
        }
    }
    assert (await client.post(WHO_AM_I, key=tenant.member.key)).status_code == 401
    assert (await client.post(WHO_AM_I, key=tenant.admin.key)).status_code == 200


async def test_member_may_revoke_their_own_key(client: GraphQLClient) -> None:
    tenant = await create_tenant()

    result = await client.execute(
        REVOKE_API_KEY, {"id": tenant.member.api_key_global_id}, key=tenant.member.key
    )

    assert result["data"] == {
        "revokeApiKey": {
            "__typename": "ApiKeyRevoked",
            "apiKey": {"id": tenant.member.api_key_global_id},
        }
    }
    assert (await client.post(WHO_AM_I, key=tenant.member.key)).status_code == 401


async def test_member_cannot_revoke_an_admins_key(client: GraphQLClient) -> None:
    tenant = await create_tenant()

    result = await client.execute(
        REVOKE_API_KEY, {"id": tenant.admin.api_key_global_id}, key=tenant.member.key
    )

    assert result == {
        "data": {"revokeApiKey": {"__typename": "NotFound", "message": "No such API key."}}
    }
    assert (await client.post(WHO_AM_I, key=tenant.admin.key)).status_code == 200


@pytest.mark.parametrize(
    ("document", "variables", "field"),
    [
        pytest.param(
            CREATE_USER, {"input": {"email": "x@acme.test", "name": "X"}}, "createUser", id="create"
        ),
        pytest.param(
            UPDATE_USER, {"input": {"id": to_base64("User", 1), "name": "X"}}, "updateUser", id="up"
        ),
        pytest.param(CREATE_API_KEY, {"input": {"label": "x"}}, "createApiKey", id="key"),
        pytest.param(REVOKE_API_KEY, {"id": to_base64("ApiKey", 1)}, "revokeApiKey", id="revoke"),
    ],
)
async def test_anonymous_mutation_is_forbidden(
    client: GraphQLClient, document: str, variables: dict[str, object], field: str
) -> None:
    # given
    tenant = await create_tenant()

    # when
    result = await client.execute(document, variables)

    # then
    assert result == {
        "data": {field: {"__typename": "Forbidden", "message": AUTHENTICATION_REQUIRED}}
    }
    assert await User.all().count() == 2
    assert await ApiKey.filter(revoked_at__isnull=True).count() == 2
    assert (await User.get(id=tenant.admin.user_id)).name == "Ada Admin"
