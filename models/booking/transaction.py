"""The booking transaction as one script of prepared statements (see ``models.db.sql_scripts``):
on SQLite it runs in one hop to the driver's thread, on PostgreSQL statement by statement.

Its first statement (after the single-use claim, when there is one) is a write, the hosts'
counters: on SQLite that takes the database lock before anything is read, on PostgreSQL it
locks the rows that serialize competing bookings.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson

from models.booking.statements import clash_step, lock_hosts_step
from models.db.prepared import Prepared, numbered
from models.db.sql_scripts import ConstraintViolation, Script, Step
from models.db.tables import Booking, WebhookEvent
from models.webhooks.events import outbox_step


class ClaimLost(Exception):
    """The single-use link was spent, or the link stopped being bookable, since it was read."""


class SlotTaken(Exception):
    pass


class IdempotencyKeyTaken(Exception):
    pass


@dataclass(frozen=True, slots=True)
class IdempotencyRow:
    scope_hash: str
    key_hash: str
    request_hash: str
    sealed_manage_token: str


@dataclass(frozen=True, slots=True)
class NewBooking:
    # Not saved yet: the script gives it its id.
    booking: Booking
    host_ids: Sequence[int]
    # The meeting widened by its buffers: no other meeting may overlap it.
    blocked: tuple[datetime, datetime]
    now: datetime
    # The outbox rows, made once the booking has its id.
    events: Callable[[Booking], list[WebhookEvent]]
    idempotency: IdempotencyRow | None = None


_INSERT_BOOKING = Prepared.of(
    """
    INSERT INTO bookings (
        organization_id, link_id, single_use_link_id, start_at, end_at, invitee_name,
        invitee_email, invitee_time_zone, notes, metadata, status, manage_token_hash,
        manage_token_prefix, reschedule_count, cancel_reason, created_at, updated_at
    ) VALUES (
        :organization_id, :link_id, :single_use_link_id, :start_at, :end_at, :invitee_name,
        :invitee_email, :invitee_time_zone, :notes, :metadata, :status, :manage_token_hash,
        :manage_token_prefix, 0, '', :now, :now
    )
    RETURNING id
    """
)
_HOST_ROWS = """
    INSERT INTO booking_hosts (
        booking_id, user_id, start_at, end_at, blocked_start, blocked_end, active
    ) VALUES {rows}
"""
_HOST_ROW = "(:booking_id, :host{n}, :start_at, :end_at, :blocked_start, :blocked_end, :yes)"
_INSERT_BOOKED_EVENT = Prepared.of(
    """
    INSERT INTO booking_events (booking_id, kind, actor_kind, occurred_at, reason)
    VALUES (:booking_id, 'BOOKED', 'INVITEE', :now, '')
    """
)
_INSERT_IDEMPOTENCY = Prepared.of(
    """
    INSERT INTO idempotency_records (
        scope_hash, key_hash, request_hash, booking_id, sealed_manage_token, created_at
    ) VALUES (:scope_hash, :key_hash, :request_hash, :booking_id, :sealed, :now)
    """
)


def book(new: NewBooking) -> Script[Booking]:
    """Everything after the single-use claim, which the caller makes first, in the same
    transaction."""
    booking = new.booking
    locked = yield lock_hosts_step(new.host_ids, bookable_link_id=booking.link_id, now=new.now)
    if locked != len(new.host_ids):
        raise ClaimLost
    if (yield clash_step(new.host_ids, new.blocked, (booking.start_at, booking.end_at), None)):
        raise SlotTaken
    inserted = yield Step(_INSERT_BOOKING, _booking_values(booking, new.now), returns_rows=True)
    assert isinstance(inserted, list)
    booking.id = int(inserted[0]["id"])
    booking._saved_in_db = True
    try:
        yield _host_rows(booking, new)
    except ConstraintViolation:
        # The database's own overlap guard: a race the check above did not see.
        raise SlotTaken from None
    yield Step(_INSERT_BOOKED_EVENT, {"booking_id": booking.id, "now": new.now})
    yield outbox_step(new.events(booking))
    if new.idempotency is not None:
        try:
            yield _idempotency_row(booking.id, new.idempotency, new.now)
        except ConstraintViolation:
            raise IdempotencyKeyTaken from None
    return booking


def _booking_values(booking: Booking, now: datetime) -> dict[str, Any]:
    return {
        "organization_id": booking.organization_id,
        "link_id": booking.link_id,
        "single_use_link_id": booking.single_use_link_id,
        "start_at": booking.start_at,
        "end_at": booking.end_at,
        "invitee_name": booking.invitee_name,
        "invitee_email": booking.invitee_email,
        "invitee_time_zone": booking.invitee_time_zone,
        "notes": booking.notes,
        "metadata": orjson.dumps(booking.metadata).decode(),
        "status": booking.status.value,
        "manage_token_hash": booking.manage_token_hash,
        "manage_token_prefix": booking.manage_token_prefix,
        "now": now,
    }


def _host_rows(booking: Booking, new: NewBooking) -> Step:
    rows = ", ".join(_HOST_ROW.format(n=n) for n in range(len(new.host_ids)))
    return Step(
        Prepared.of(_HOST_ROWS.format(rows=rows)),
        {
            "booking_id": booking.id,
            "start_at": booking.start_at,
            "end_at": booking.end_at,
            "blocked_start": new.blocked[0],
            "blocked_end": new.blocked[1],
            "yes": True,
            **numbered("host", new.host_ids),
        },
    )


def _idempotency_row(booking_id: int, row: IdempotencyRow, now: datetime) -> Step:
    return Step(
        _INSERT_IDEMPOTENCY,
        {
            "scope_hash": row.scope_hash,
            "key_hash": row.key_hash,
            "request_hash": row.request_hash,
            "booking_id": booking_id,
            "sealed": row.sealed_manage_token,
            "now": now,
        },
    )
