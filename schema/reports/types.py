"""Admin reports."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Annotated

import strawberry

from models.reporting import reports
from resolvers.context import Info
from resolvers.reports import booking_rows, single_use_link_rows
from schema.errors import Forbidden


@strawberry.enum
class ReportGrouping(Enum):
    OWNER = "OWNER"
    LINK = "LINK"
    DAY = "DAY"
    WEEK = "WEEK"


@strawberry.input(description="[from, to): at most 366 days.")
class ReportRange:
    from_: datetime = strawberry.field(name="from")
    to: datetime


@strawberry.type
class SingleUseLinkReportRow:
    key: str = strawberry.field(description="Owner or link global ID, or a UTC date (YYYY-MM-DD).")
    label: str
    minted: int
    used: int = strawberry.field(description="Booked at least once.")
    expired_unused: int
    revoked: int
    active: int = strawberry.field(description="Still bookable now.")
    conversion_rate: float = strawberry.field(description="used / minted.")
    median_minutes_to_booking: float | None = strawberry.field(
        description="From minting to the first booking, over the links that were used."
    )
    refused_attempts: int = strawberry.field(
        description="Reuse attempts blocked: unauthorized follow-ups that did not happen."
    )


@strawberry.type
class BookingReportRow:
    key: str
    label: str
    total: int
    standard: int = strawberry.field(description="Booked through standard links.")
    single_use: int = strawberry.field(description="Booked through single-use links.")
    rescheduled: int = strawberry.field(description="Bookings moved at least once.")
    reschedules: int = strawberry.field(description="Moves in all.")
    cancelled: int


@strawberry.type(description="Aggregates over the organization; admins only.")
class Reports:
    organization_id: strawberry.Private[int]

    @strawberry.field(description="Single-use links minted in the range, grouped.")
    async def single_use_links(
        self, info: Info, range: ReportRange, group_by: ReportGrouping
    ) -> list[SingleUseLinkReportRow]:
        rows = await single_use_link_rows(
            self.organization_id, range.from_, range.to, reports.Grouping(group_by.value)
        )
        return [
            SingleUseLinkReportRow(
                key=r.key,
                label=r.label,
                minted=r.minted,
                used=r.used,
                expired_unused=r.expired_unused,
                revoked=r.revoked,
                active=r.active,
                conversion_rate=r.conversion_rate,
                median_minutes_to_booking=r.median_minutes_to_booking,
                refused_attempts=r.refused_attempts,
            )
            for r in rows
        ]

    @strawberry.field(description="Bookings made (booked at) in the range, grouped.")
    async def bookings(
        self, info: Info, range: ReportRange, group_by: ReportGrouping
    ) -> list[BookingReportRow]:
        rows = await booking_rows(
            self.organization_id, range.from_, range.to, reports.Grouping(group_by.value)
        )
        return [
            BookingReportRow(
                key=r.key,
                label=r.label,
                total=r.total,
                standard=r.standard,
                single_use=r.single_use,
                rescheduled=r.rescheduled,
                reschedules=r.reschedules,
                cancelled=r.cancelled,
            )
            for r in rows
        ]


ReportsResult = Annotated[Reports | Forbidden, strawberry.union("ReportsResult")]
