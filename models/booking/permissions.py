"""Who may see and change a booking as a signed-in user. Every API layer asks here; none
decides itself. (The invitee acts through the manage token instead.)

Admins see every booking of the organization; a link's owner its bookings; a host the
meetings they attend."""

from __future__ import annotations

from collections.abc import Collection

from models.accounts.viewer import Viewer


def may_see_booking(viewer: Viewer, link_owner_id: int, host_ids: Collection[int]) -> bool:
    return viewer.is_admin or link_owner_id == viewer.user_id or viewer.user_id in host_ids


def may_change_booking(viewer: Viewer, link_owner_id: int, host_ids: Collection[int]) -> bool:
    """Rescheduling and cancelling: whoever may see the booking."""
    return may_see_booking(viewer, link_owner_id, host_ids)
