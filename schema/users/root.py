"""Root fields of the users domain."""

from __future__ import annotations

import strawberry

from resolvers import users as resolve
from schema.users.payloads import (
    CreateApiKeyResult,
    CreateUserResult,
    RevokeApiKeyResult,
    UpdateOrganizationResult,
    UpdateUserResult,
)
from schema.users.types import User


@strawberry.type
class UsersQuery:
    viewer: User | None = strawberry.field(
        resolver=resolve.viewer, description="The authenticated user; null when anonymous."
    )
    users: list[User] = strawberry.field(
        resolver=resolve.list_users,
        description="Admins: every user of the organization. Members: themselves.",
    )


@strawberry.type
class UsersMutation:
    create_user: CreateUserResult = strawberry.mutation(
        resolver=resolve.create_user, description="Admins add a member or admin."
    )
    update_user: UpdateUserResult = strawberry.mutation(resolver=resolve.update_user)
    create_api_key: CreateApiKeyResult = strawberry.mutation(
        resolver=resolve.create_api_key, description="Returns the plain key, once."
    )
    revoke_api_key: RevokeApiKeyResult = strawberry.mutation(resolver=resolve.revoke_api_key)
    update_organization: UpdateOrganizationResult = strawberry.mutation(
        resolver=resolve.update_organization,
        description="Admins change the organization's settings.",
    )
