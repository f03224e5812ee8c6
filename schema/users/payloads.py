"""Results of the user and API key mutations."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.errors import Forbidden, InvalidInput, NotFound
from schema.users.types import ApiKey, Organization, User


@strawberry.type
class UserCreated:
    user: User


@strawberry.type
class UserUpdated:
    user: User


@strawberry.type
class OrganizationUpdated:
    organization: Organization


@strawberry.type
class ApiKeyCreated:
    api_key: ApiKey
    key: str = strawberry.field(description="The plain key. Shown this once; store it now.")


@strawberry.type
class ApiKeyRevoked:
    api_key: ApiKey


CreateUserResult = Annotated[
    UserCreated | InvalidInput | Forbidden, strawberry.union("CreateUserResult")
]
UpdateUserResult = Annotated[
    UserUpdated | InvalidInput | NotFound | Forbidden, strawberry.union("UpdateUserResult")
]
CreateApiKeyResult = Annotated[
    ApiKeyCreated | InvalidInput | NotFound | Forbidden, strawberry.union("CreateApiKeyResult")
]
RevokeApiKeyResult = Annotated[
    ApiKeyRevoked | NotFound | Forbidden, strawberry.union("RevokeApiKeyResult")
]
UpdateOrganizationResult = Annotated[
    OrganizationUpdated | Forbidden, strawberry.union("UpdateOrganizationResult")
]
