"""Root field of the reports."""

from __future__ import annotations

import strawberry

from resolvers.report_access import open_reports
from schema.reports.types import ReportsResult


@strawberry.type
class ReportsQuery:
    reports: ReportsResult = strawberry.field(
        resolver=open_reports, description="Admins only; a member gets Forbidden."
    )
