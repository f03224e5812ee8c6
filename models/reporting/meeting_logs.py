"""The meeting log: every booking in the caller's scope, filtered, ordered and paged by keyset.

Keyset cursors (the sort value and the id of the last row seen) keep pages stable while new
bookings arrive: no row is shown twice and none is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

from models.accounts.viewer import Viewer
from models.db.tables import Booking, BookingHost, BookingStatus, RefusedAttempt


class LogOrder(StrEnum):
    START_AT_ASC = "START_AT_ASC"
    START_AT_DESC = "START_AT_DESC"
    BOOKED_AT_ASC = "BOOKED_AT_ASC"
    BOOKED_AT_DESC = "BOOKED_AT_DESC"

    @property
    def column(self) -> str:
        return "start_at" if self.name.startswith("START_AT") else "created_at"

    @property
    def descending(self) -> bool:
        return self.name.endswith("DESC")


@dataclass(frozen=True, slots=True)
class LogFilter:
    hide_single_use: bool = False
    single_use: bool | None = None
    status: BookingStatus | None = None
    host_id: int | None = None
    owner_id: int | None = None
    link_id: int | None = None
    single_use_link_id: int | None = None
    start_from: datetime | None = None
    start_to: datetime | None = None
    booked_from: datetime | None = None
    booked_to: datetime | None = None
    invitee_email: str | None = None


@dataclass(frozen=True, slots=True)
class Position:
    """Where the previous page ended: its last row's sort value and id."""

    value: datetime
    row_id: int


def _hosted_by(user_id: int) -> Subquery:
    return Subquery(BookingHost.filter(user_id=user_id).values("booking_id"))


def bookings_in_scope(viewer: Viewer) -> QuerySet[Booking]:
    """Admins: the organization's bookings. Members: those of links they own or that they host."""
    query = Booking.filter(organization_id=viewer.organization_id)
    if viewer.is_admin:
        return query
    return query.filter(Q(link__owner_id=viewer.user_id) | Q(id__in=_hosted_by(viewer.user_id)))


def filtered(query: QuerySet[Booking], log_filter: LogFilter) -> QuerySet[Booking]:
    f = log_filter
    if f.hide_single_use or f.single_use is False:
        query = query.filter(single_use_link_id__isnull=True)
    if f.single_use is True:
        query = query.filter(single_use_link_id__isnull=False)
    if f.status is not None:
        query = query.filter(status=f.status)
    if f.host_id is not None:
        query = query.filter(id__in=_hosted_by(f.host_id))
    if f.owner_id is not None:
        query = query.filter(link__owner_id=f.owner_id)
    if f.link_id is not None:
        query = query.filter(link_id=f.link_id)
    if f.single_use_link_id is not None:
        query = query.filter(single_use_link_id=f.single_use_link_id)
    if f.start_from is not None:
        query = query.filter(start_at__gte=f.start_from)
    if f.start_to is not None:
        query = query.filter(start_at__lt=f.start_to)
    if f.booked_from is not None:
        query = query.filter(created_at__gte=f.booked_from)
    if f.booked_to is not None:
        query = query.filter(created_at__lt=f.booked_to)
    if f.invitee_email:
        query = query.filter(invitee_email__icontains=f.invitee_email.strip().lower())
    return query


async def in_log(viewer: Viewer, log_filter: LogFilter, booking_id: int) -> bool:
    """Whether the viewer's meeting log, so filtered, holds this booking."""
    return await filtered(bookings_in_scope(viewer), log_filter).filter(id=booking_id).exists()


def after(
    query: QuerySet[Booking], order: LogOrder, position: Position | None
) -> QuerySet[Booking]:
    if position is None:
        return query
    column = order.column
    beyond = "lt" if order.descending else "gt"
    past_value: dict[str, Any] = {f"{column}__{beyond}": position.value}
    same_value_past_id: dict[str, Any] = {column: position.value, f"id__{beyond}": position.row_id}
    return query.filter(Q(**past_value) | Q(**same_value_past_id))


def ordered(query: QuerySet[Booking], order: LogOrder) -> QuerySet[Booking]:
    sign = "-" if order.descending else ""
    return query.order_by(f"{sign}{order.column}", f"{sign}id")


def refused_attempts_in_scope(viewer: Viewer) -> QuerySet[RefusedAttempt]:
    """Admins: the organization's. Members: those on links they own."""
    query = RefusedAttempt.filter(organization_id=viewer.organization_id)
    if viewer.is_admin:
        return query
    return query.filter(link__owner_id=viewer.user_id)
