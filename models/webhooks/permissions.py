"""Who may see and change webhook endpoints and their deliveries. Every API layer asks here;
none decides itself.

Admins' endpoints hear the whole organization and are every admin's to manage; a member's
endpoints hear only the links they own and are theirs alone."""

from __future__ import annotations

from models.accounts.viewer import Viewer


def may_see_endpoint(viewer: Viewer, endpoint_owner_id: int | None) -> bool:
    """``endpoint_owner_id`` None: an organization-wide endpoint, made by an admin."""
    return viewer.is_admin or endpoint_owner_id == viewer.user_id
