"""Reports for GraphQL and CSV alike: validated ranges, owner and link keys as global IDs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from strawberry.relay import to_base64

from models.reporting import reports
from models.validation import FieldErrors, clean_instant

MAX_RANGE = timedelta(days=366)
Row = TypeVar("Row", reports.SingleUseLinkFigures, reports.BookingFigures)


def clean_range(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    errors = FieldErrors()
    start = clean_instant(errors, "range.from", start)
    end = clean_instant(errors, "range.to", end)
    if not errors.has("range.from") and not errors.has("range.to"):
        if end <= start:
            errors.add("range.to", "must be after range.from")
        elif end - start > MAX_RANGE:
            errors.add("range.to", f"the range may span at most {MAX_RANGE.days} days")
    errors.raise_if_any()
    return start, end


def _public_keys(rows: Sequence[Row], grouping: reports.Grouping) -> list[Row]:
    """Owner and link groups are keyed by the same global IDs the API uses elsewhere."""
    type_name = {
        reports.Grouping.OWNER: "User",
        reports.Grouping.HOST: "User",
        reports.Grouping.LINK: "Link",
    }.get(grouping)
    if type_name is None:
        return list(rows)
    return [replace(row, key=to_base64(type_name, row.key)) for row in rows]


async def single_use_link_rows(
    organization_id: int, start: datetime, end: datetime, grouping: reports.Grouping
) -> list[reports.SingleUseLinkFigures]:
    start, end = clean_range(start, end)
    rows = await reports.single_use_link_report(
        organization_id, start, end, grouping, datetime.now(UTC)
    )
    return _public_keys(rows, grouping)


async def booking_rows(
    organization_id: int, start: datetime, end: datetime, grouping: reports.Grouping
) -> list[reports.BookingFigures]:
    start, end = clean_range(start, end)
    return _public_keys(
        await reports.booking_report(organization_id, start, end, grouping), grouping
    )
