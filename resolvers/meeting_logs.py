"""The meeting log and the refused attempts: a page query, a count, and loaders for the rest."""

from __future__ import annotations

from models.db.tables import BookingStatus as BookingStatusRow
from models.reporting import meeting_logs
from models.validation import FieldErrors, clean_instant
from resolvers.booking_relations import bookings_with_relations
from resolvers.context import Info
from resolvers.ids import decode_id
from resolvers.pagination import (
    decode_cursor,
    decode_position,
    encode_cursor,
    encode_position,
    page_size,
)
from schema.bookings.types import Booking
from schema.links.types import LinkType
from schema.logs.types import (
    MeetingLogFilter,
    MeetingLogOrder,
    RefusedAttempt,
    RefusedAttemptFilter,
)
from schema.pagination import Connection, connection_of


def log_filter_of(given: MeetingLogFilter | None) -> meeting_logs.LogFilter:
    if given is None:
        return meeting_logs.LogFilter()
    errors = FieldErrors()
    moments = {
        name: None if value is None else clean_instant(errors, f"filter.{name}", value)
        for name, value in (
            ("startFrom", given.start_from),
            ("startTo", given.start_to),
            ("bookedFrom", given.booked_from),
            ("bookedTo", given.booked_to),
        )
    }
    errors.raise_if_any()
    return meeting_logs.LogFilter(
        hide_single_use=given.hide_single_use,
        single_use=None if given.link_type is None else given.link_type is LinkType.SINGLE_USE,
        status=None if given.status is None else BookingStatusRow(given.status.value),
        host_id=None if given.host_id is None else decode_id(given.host_id, "User"),
        owner_id=None if given.owner_id is None else decode_id(given.owner_id, "User"),
        link_id=None if given.link_id is None else decode_id(given.link_id, "Link"),
        single_use_link_id=None
        if given.single_use_link_id is None
        else decode_id(given.single_use_link_id, "SingleUseLink"),
        start_from=moments["startFrom"],
        start_to=moments["startTo"],
        booked_from=moments["bookedFrom"],
        booked_to=moments["bookedTo"],
        invitee_email=given.invitee_email,
    )


async def meeting_logs_page(
    info: Info,
    filter: MeetingLogFilter | None = None,
    order_by: MeetingLogOrder = MeetingLogOrder.START_AT_DESC,
    first: int | None = None,
    after: str | None = None,
) -> Connection[Booking]:
    viewer = info.context.require_viewer()
    limit = page_size(first)
    order = meeting_logs.LogOrder(order_by.value)
    position = decode_position(after)
    query = meeting_logs.filtered(meeting_logs.bookings_in_scope(viewer), log_filter_of(filter))
    total = await query.count()
    rows = await meeting_logs.ordered(meeting_logs.after(query, order, position), order).limit(
        limit + 1
    )
    nodes = {
        booking.row.id: booking for booking in await bookings_with_relations(info, rows[:limit])
    }
    return connection_of(
        rows,
        limit=limit,
        cursor=lambda row: encode_position(getattr(row, order.column), row.id),
        node=lambda row: nodes[row.id],
        total=total,
        after_given=position is not None,
    )


async def refused_attempts_page(
    info: Info,
    filter: RefusedAttemptFilter | None = None,
    first: int | None = None,
    after: str | None = None,
) -> Connection[RefusedAttempt]:
    """Newest first."""
    viewer = info.context.require_viewer()
    limit = page_size(first)
    after_id = decode_cursor(after)
    query = meeting_logs.refused_attempts_in_scope(viewer)
    if filter is not None:
        errors = FieldErrors()
        if filter.reason is not None:
            query = query.filter(reason=filter.reason.value)
        if filter.link_id is not None:
            query = query.filter(link_id=decode_id(filter.link_id, "Link"))
        if filter.single_use_link_id is not None:
            query = query.filter(
                single_use_link_id=decode_id(filter.single_use_link_id, "SingleUseLink")
            )
        if filter.occurred_from is not None:
            query = query.filter(
                occurred_at__gte=clean_instant(errors, "filter.occurredFrom", filter.occurred_from)
            )
        if filter.occurred_to is not None:
            query = query.filter(
                occurred_at__lt=clean_instant(errors, "filter.occurredTo", filter.occurred_to)
            )
        errors.raise_if_any()
    total = await query.count()
    paged = query.filter(id__lt=after_id) if after_id is not None else query
    rows = await paged.order_by("-id").limit(limit + 1)
    return connection_of(
        rows,
        limit=limit,
        cursor=lambda row: encode_cursor(row.id),
        node=RefusedAttempt.from_row,
        total=total,
        after_given=after_id is not None,
    )
