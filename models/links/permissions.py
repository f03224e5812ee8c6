"""Who may see and change links, mint from them and manage meeting types. Every API layer
asks here; none decides itself.

Admins do everything in their organization; a link's owner changes it (unless an admin manages
it for them) and mints from it; its hosts may see it."""

from __future__ import annotations

from collections.abc import Collection

from models.accounts.viewer import Viewer
from models.db.tables import Link


def may_see_link(
    viewer: Viewer, organization_id: int, owner_id: int, host_ids: Collection[int]
) -> bool:
    if organization_id != viewer.organization_id:
        return False
    return viewer.is_admin or owner_id == viewer.user_id or viewer.user_id in host_ids


def may_change_link(viewer: Viewer, link: Link) -> bool:
    """Managed links are the admins' to change; their owner may still mint from them."""
    return viewer.is_admin or (link.owner_id == viewer.user_id and not link.managed)


def may_mint(viewer: Viewer, link: Link) -> bool:
    """Minting and revoking single-use links."""
    return viewer.is_admin or link.owner_id == viewer.user_id


def may_manage_meeting_types(viewer: Viewer) -> bool:
    return viewer.is_admin


def may_create_link_for(viewer: Viewer, owner_id: int) -> bool:
    """A link for someone else is a managed link: admins only."""
    return viewer.is_admin or owner_id == viewer.user_id
