"""Admin reports."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Annotated

import strawberry

from models.reporting import reports
from resolvers.context import Info
from resolvers.reports import booking_rows, single_use_link_rows
from schema.errors import Forbidden, InvalidInput


@strawberry.enum
class ReportGrouping(Enum):
    OWNER = "OWNER"
    LINK = "LINK"
    DAY = "DAY"
    WEEK = "WEEK"
    HOST = strawberry.enum_value(
        "HOST",
        description="Meetings only: by who attends (for round robin, the host picked; a "
        "collective meeting counts once for each of its hosts).",
    )


@strawberry.input(description="[from, to): at most 366 days.")
class ReportRange:
    from_: datetime = strawberry.field(name="from")
    to: datetime


@strawberry.type(
    description=(
        "Each link minted is counted once by its status now: minted = active + used + expired "
        "+ revoked + disabled."
    )
)
class SingleUseLinkReportRow:
    key: str = strawberry.field(description="Owner or link global ID, or a UTC date (YYYY-MM-DD).")
    label: str
    minted: int
    active: int = strawberry.field(description="Still bookable now.")
    used: int = strawberry.field(description="Every use spent.")
    expired: int = strawberry.field(description="Past their expiry before every use was spent.")
    revoked: int = strawberry.field(description="Withdrawn by their owner.")
    disabled: int = strawberry.field(description="Their link is archived or switched off.")
    booked: int = strawberry.field(description="Booked through at least once, whatever now.")
    conversion_rate: float = strawberry.field(description="booked / minted.")
    median_minutes_to_booking: float | None = strawberry.field(
        description="From minting to the first booking, over the links that were booked."
    )
    refused_attempts: int = strawberry.field(
        description="Reuse attempts blocked: unauthorized follow-ups that did not happen."
    )


@strawberry.type
class SingleUseLinkReport:
    rows: list[SingleUseLinkReportRow]


@strawberry.type
class BookingReport:
    rows: list[BookingReportRow]


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


SingleUseLinkReportResult = Annotated[
    SingleUseLinkReport | InvalidInput, strawberry.union("SingleUseLinkReportResult")
]
BookingReportResult = Annotated[
    BookingReport | InvalidInput, strawberry.union("BookingReportResult")
]


@strawberry.type(description="Aggregates over the organization; admins only.")
class Reports:
    organization_id: strawberry.Private[int]

    @strawberry.field(description="Single-use links minted in the range, grouped.")
    async def single_use_links(
        self, info: Info, range: ReportRange, group_by: ReportGrouping
    ) -> SingleUseLinkReportResult:
        rows = await single_use_link_rows(
            self.organization_id, range.from_, range.to, reports.Grouping(group_by.value)
        )
        return SingleUseLinkReport(
            rows=[
                SingleUseLinkReportRow(
                    key=r.key,
                    label=r.label,
                    minted=r.minted,
                    used=r.used,
                    active=r.active,
                    expired=r.expired,
                    revoked=r.revoked,
                    disabled=r.disabled,
                    booked=r.booked,
                    conversion_rate=r.conversion_rate,
                    median_minutes_to_booking=r.median_minutes_to_booking,
                    refused_attempts=r.refused_attempts,
                )
                for r in rows
            ]
        )

    @strawberry.field(description="Bookings made (booked at) in the range, grouped.")
    async def bookings(
        self, info: Info, range: ReportRange, group_by: ReportGrouping
    ) -> BookingReportResult:
        rows = await booking_rows(
            self.organization_id, range.from_, range.to, reports.Grouping(group_by.value)
        )
        return BookingReport(
            rows=[
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
        )


ReportsResult = Annotated[Reports | Forbidden, strawberry.union("ReportsResult")]
