"""Users and API keys: thin calls into the domain."""

from __future__ import annotations

from models.accounts import api_keys, organizations, users
from models.accounts.permissions import (
    may_issue_api_key,
    may_manage_users,
    may_see_user,
    require,
)
from models.db.tables import BookableBy as BookableByRow
from models.db.tables import Role as RoleRow
from models.db.tables import User as UserRow
from models.errors import NotFoundError
from resolvers.context import Info
from resolvers.ids import decode_id
from schema.users.inputs import (
    CreateApiKeyInput,
    CreateUserInput,
    RevokeApiKeyInput,
    UpdateOrganizationInput,
    UpdateUserInput,
)
from schema.users.payloads import (
    ApiKeyCreated,
    ApiKeyRevoked,
    OrganizationUpdated,
    UserCreated,
    UserUpdated,
)
from schema.users.types import ApiKey, Organization, User


def viewer(info: Info) -> User | None:
    current = info.context.viewer
    return User.from_row(current.user) if current is not None else None


async def list_users(info: Info) -> list[User]:
    current = info.context.require_viewer()
    rows = await UserRow.filter(organization_id=current.organization_id).order_by("name", "id")
    return [User.from_row(row) for row in rows if may_see_user(current, row.id)]


async def create_user(info: Info, input: CreateUserInput) -> UserCreated:
    current = info.context.require_viewer()
    require(may_manage_users(current))
    row = await users.create_user(
        current.organization_id,
        users.NewUser(email=input.email, name=input.name, time_zone=input.time_zone),
        role=RoleRow(input.role.value),
    )
    return UserCreated(user=User.from_row(row))


async def update_user(info: Info, input: UpdateUserInput) -> UserUpdated:
    current = info.context.require_viewer()
    require(may_manage_users(current))
    row = await users.update_user(
        current.organization_id,
        decode_id(input.id, "User"),
        users.UserChanges(
            name=input.name,
            email=input.email,
            time_zone=input.time_zone,
            role=RoleRow(input.role.value) if input.role is not None else None,
        ),
    )
    return UserUpdated(user=User.from_row(row))


async def create_api_key(info: Info, input: CreateApiKeyInput) -> ApiKeyCreated:
    current = info.context.require_viewer()
    owner = current.user
    if input.user_id is not None:
        owner_id = decode_id(input.user_id, "User")
        if owner_id != current.user_id:
            require(may_issue_api_key(current, owner_id))
            found = await UserRow.get_or_none(id=owner_id, organization_id=current.organization_id)
            if found is None:
                raise NotFoundError("No such user.")
            owner = found
    key, plain = await api_keys.issue_api_key(owner, label=input.label)
    return ApiKeyCreated(api_key=ApiKey.from_row(key), key=plain)


async def revoke_api_key(info: Info, input: RevokeApiKeyInput) -> ApiKeyRevoked:
    current = info.context.require_viewer()
    key = await api_keys.revoke_api_key(
        current.organization_id, decode_id(input.id, "ApiKey"), acting_user=current.user
    )
    return ApiKeyRevoked(api_key=ApiKey.from_row(key))


async def update_organization(info: Info, input: UpdateOrganizationInput) -> OrganizationUpdated:
    viewer = info.context.require_viewer()
    if input.default_bookable_by is None:
        row = await organizations.organization_of(viewer)
    else:
        row = await organizations.set_default_bookable_by(
            viewer, BookableByRow(input.default_bookable_by.value)
        )
    return OrganizationUpdated(organization=Organization.from_row(row))
