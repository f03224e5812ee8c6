"""Who may read the reports and the refused attempts. Every API layer asks here; none decides
itself.

Reports are the admins'; the meeting log and refused attempts are scoped in its queries
(``models.reporting.meeting_logs``): admins everything, owners their links', hosts theirs."""

from __future__ import annotations

from models.accounts.viewer import Viewer

REPORTS_ARE_ADMINS = "Only an admin may read reports."


def may_read_reports(viewer: Viewer) -> bool:
    return viewer.is_admin


def may_see_refused_attempt(viewer: Viewer, link_owner_id: int) -> bool:
    return viewer.is_admin or link_owner_id == viewer.user_id
