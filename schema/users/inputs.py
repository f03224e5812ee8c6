"""Inputs of the user and API key mutations."""

from __future__ import annotations

import strawberry
from strawberry import relay

from schema.links.bookable_by import BookableBy
from schema.users.types import Role


@strawberry.input
class CreateUserInput:
    email: str
    name: str
    time_zone: str = "UTC"
    role: Role = Role.MEMBER


@strawberry.input(description="Only the fields given are changed.")
class UpdateUserInput:
    id: relay.GlobalID
    email: str | None = None
    name: str | None = None
    time_zone: str | None = None
    role: Role | None = None


@strawberry.input
class CreateApiKeyInput:
    label: str
    user_id: relay.GlobalID | None = strawberry.field(
        default=None, description="Admins may issue a key for another user; default: yourself."
    )


@strawberry.input
class RevokeApiKeyInput:
    id: relay.GlobalID


@strawberry.input(description="Only the fields given are changed. Admins only.")
class UpdateOrganizationInput:
    default_bookable_by: BookableBy | None = None
