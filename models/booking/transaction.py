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

from models.booking.statements import clash_step, loads_of, loads_step, lock_hosts_step
from models.db.prepared import Prepared, numbered
from models.db.sql_scripts import ConstraintViolation, Script, Step
from models.db.tables import Booking, WebhookEvent
from models.links.assignment import PoolHost, round_robin_order
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
class RoundRobin:
    """The meeting takes one host of ``pool`` (those free when the request was read), picked
    under the lock by the bookings made through the link since ``since``."""

    pool: Sequence[PoolHost]
    since: datetime


@dataclass(frozen=True, slots=True)
class NewBooking:
    # Not saved yet: the script gives it its id.
    booking: Booking
    # Every host attends; with ``round_robin``, those one of whom will.
    host_ids: Sequence[int]
    # The meeting widened by its buffers: no other meeting may overlap it.
    blocked: tuple[datetime, datetime]
    now: datetime
    # The outbox rows, made once the booking has its id and its hosts.
    events: Callable[[Booking, Sequence[int]], list[WebhookEvent]]
    idempotency: IdempotencyRow | None = None
    round_robin: RoundRobin | None = None


@dataclass(frozen=True, slots=True)
class Made:
    booking: Booking
    # Those who attend, in the link's order (round robin: the one picked).
    host_ids: Sequence[int]


_INSERT_BOOKING = Prepared.of(
    """
    INSERT INTO bookings (
        organization_id, link_id, single_use_link_id, start_at, end_at, invitee_name,
        invitee_email, invitee_time_zone, notes, answers, metadata, status, manage_token_hash,
        manage_token_prefix, sealed_manage_token, reschedule_count, cancel_reason, created_at,
        updated_at
    ) VALUES (
        :organization_id, :link_id, :single_use_link_id, :start_at, :end_at, :invitee_name,
        :invitee_email, :invitee_time_zone, :notes, :answers, :metadata, :status,
        :manage_token_hash, :manage_token_prefix, :sealed_manage_token, 0, '', :now, :now
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


def book(new: NewBooking) -> Script[Made]:
    """Everything after the single-use claim, which the caller makes first, in the same
    transaction."""
    booking = new.booking
    locked = yield lock_hosts_step(new.host_ids, bookable_link_id=booking.link_id, now=new.now)
    if locked != len(new.host_ids):
        raise ClaimLost
    meeting = (booking.start_at, booking.end_at)
    if new.round_robin is None:
        attending: Sequence[int] = new.host_ids
        if (yield clash_step(attending, new.blocked, meeting, None)):
            raise SlotTaken
    else:
        attending = yield from _pick_host(new, new.round_robin)
    inserted = yield Step(_INSERT_BOOKING, _booking_values(booking, new.now), returns_rows=True)
    assert isinstance(inserted, list)
    booking.id = int(inserted[0]["id"])
    booking._saved_in_db = True
    try:
        yield _host_rows(booking, new, attending)
    except ConstraintViolation:
        # The database's own overlap guard: a race the check above did not see.
        raise SlotTaken from None
    yield Step(_INSERT_BOOKED_EVENT, {"booking_id": booking.id, "now": new.now})
    yield outbox_step(new.events(booking, attending))
    if new.idempotency is not None:
        try:
            yield _idempotency_row(booking.id, new.idempotency, new.now)
        except ConstraintViolation:
            raise IdempotencyKeyTaken from None
    return Made(booking, attending)


def _pick_host(new: NewBooking, round_robin: RoundRobin) -> Script[list[int]]:
    """Under the pool's lock, so that concurrent bookings see each other: the host whose turn
    it is among those still free."""
    booking = new.booking
    rows = yield loads_step(booking.link_id, new.host_ids, round_robin.since)
    assert isinstance(rows, list)
    for host_id in round_robin_order(round_robin.pool, loads_of(rows)):
        if not (yield clash_step([host_id], new.blocked, (booking.start_at, booking.end_at), None)):
            return [host_id]
    raise SlotTaken


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
        "answers": orjson.dumps(booking.answers).decode(),
        "metadata": orjson.dumps(booking.metadata).decode(),
        "status": booking.status.value,
        "manage_token_hash": booking.manage_token_hash,
        "manage_token_prefix": booking.manage_token_prefix,
        "sealed_manage_token": booking.sealed_manage_token,
        "now": now,
    }


def _host_rows(booking: Booking, new: NewBooking, host_ids: Sequence[int]) -> Step:
    rows = ", ".join(_HOST_ROW.format(n=n) for n in range(len(host_ids)))
    return Step(
        Prepared.of(_HOST_ROWS.format(rows=rows)),
        {
            "booking_id": booking.id,
            "start_at": booking.start_at,
            "end_at": booking.end_at,
            "blocked_start": new.blocked[0],
            "blocked_end": new.blocked[1],
            "yes": True,
            **numbered("host", host_ids),
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
