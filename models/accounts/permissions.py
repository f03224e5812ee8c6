"""Who may do what with users and API keys. Every API layer asks here; none decides itself.

Admins manage the organization's people and keys; a member sees and keys only themself."""

from __future__ import annotations

from models.accounts.viewer import Viewer
from models.errors import ForbiddenError


def may_see_user(viewer: Viewer, user_id: int) -> bool:
    return viewer.is_admin or user_id == viewer.user_id


def may_manage_users(viewer: Viewer) -> bool:
    return viewer.is_admin


def may_change_organization(viewer: Viewer) -> bool:
    """Its settings, such as what new links default to."""
    return viewer.is_admin


def may_change_hours_of(viewer: Viewer, user_id: int) -> bool:
    """Working hours and date overrides: one's own, or anyone's for an admin."""
    return viewer.is_admin or user_id == viewer.user_id


def may_see_api_key(viewer: Viewer, owner_id: int) -> bool:
    return viewer.is_admin or owner_id == viewer.user_id


def may_issue_api_key(viewer: Viewer, owner_id: int) -> bool:
    return viewer.is_admin or owner_id == viewer.user_id


def require(allowed: bool, message: str = "Only an admin of the organization may do this.") -> None:
    """Turns a refusal into the typed ``Forbidden``."""
    if not allowed:
        raise ForbiddenError(message)
