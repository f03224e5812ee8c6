"""Who may open the reports: the admins of the organization."""

from __future__ import annotations

from resolvers.context import Info
from schema.reports.types import Reports


async def open_reports(info: Info) -> Reports:
    viewer = info.context.require_viewer()
    viewer.require_admin()
    return Reports(organization_id=viewer.organization_id)
