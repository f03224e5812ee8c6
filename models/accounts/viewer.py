"""Who is calling: an authenticated user of one organization."""

from __future__ import annotations

from dataclasses import dataclass

from models.db.tables import ApiKey, Organization, User
from models.errors import ForbiddenError


@dataclass(frozen=True, slots=True)
class Viewer:
    user: User
    organization: Organization
    api_key_id: int

    @classmethod
    def from_api_key(cls, key: ApiKey) -> Viewer:
        return cls(user=key.user, organization=key.user.organization, api_key_id=key.id)

    @property
    def user_id(self) -> int:
        return self.user.id

    @property
    def organization_id(self) -> int:
        return self.organization.id

    @property
    def is_admin(self) -> bool:
        return self.user.is_admin

    def require_admin(self) -> None:
        if not self.is_admin:
            raise ForbiddenError("Only an admin of the organization may do this.")


def require_viewer(viewer: Viewer | None) -> Viewer:
    if viewer is None:
        raise ForbiddenError("Authentication required: send an API key as a Bearer token.")
    return viewer
