"""Opening the reports, for whom ``models.reporting.permissions`` allows."""

from __future__ import annotations

from models.accounts.permissions import require
from models.reporting.permissions import may_read_reports
from resolvers.context import Info
from schema.reports.types import Reports


async def open_reports(info: Info) -> Reports:
    viewer = info.context.require_viewer()
    require(may_read_reports(viewer))
    return Reports(organization_id=viewer.organization_id)
