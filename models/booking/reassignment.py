"""An admin gives a round robin's meeting to another host of the link's pool, one free at its
time: the same meeting, time and invitee, another host."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from tortoise.exceptions import IntegrityError

from models.accounts.viewer import Viewer
from models.booking import statements as booking_statements
from models.booking.availability import refusal_message
from models.booking.bookings import (
    Actor,
    ensure_free,
    meeting_facts,
    reschedule_terms,
    single_use_link_of,
    with_retries,
)
from models.booking.schedules import free_hosts
from models.booking.transaction import SlotTaken
from models.db.tables import (
    ActorKind,
    Booking,
    BookingEvent,
    BookingEventKind,
    BookingHost,
    BookingStatus,
    User,
)
from models.db.transactions import transaction
from models.errors import ForbiddenError, InvalidInputError, NotFoundError, SlotUnavailableError
from models.webhooks import events as webhook_events
from models.webhooks.events import EventType, booking_event


async def reassign_booking(
    viewer: Viewer, booking_id: int, host_id: int, *, now: datetime | None = None
) -> Booking:
    """Admins only. Giving the meeting to the host who has it already changes nothing."""
    now = now or datetime.now(UTC)
    if not viewer.is_admin:
        raise ForbiddenError("Only admins may give a meeting to another host.")
    booking = await Booking.get_or_none(id=booking_id, organization_id=viewer.organization_id)
    if booking is None:
        raise NotFoundError("No such booking.")
    if booking.status is BookingStatus.CANCELLED:
        raise InvalidInputError.single("bookingId", "a cancelled meeting cannot be reassigned")
    terms = await reschedule_terms(booking, Actor.user(viewer.user_id), now)
    if not terms.pool_ids:
        raise InvalidInputError.single(
            "bookingId", "only a round-robin link's meetings are given to one host of a pool"
        )
    if host_id not in terms.pool_ids:
        raise InvalidInputError.single("hostId", "is not a host of the link's pool")
    [current] = terms.host_ids
    if host_id == current:
        return booking
    free, refusal = await free_hosts(
        [host_id], terms.rules, booking.start_at, ignore_booking_id=booking.id
    )
    if refusal is not None:
        raise SlotUnavailableError(refusal.value, refusal_message(refusal))
    assert free == [host_id]
    facts = await meeting_facts(booking, terms.link)
    facts = replace(facts, hosts=[await User.get(id=host_id)])
    child = await single_use_link_of(booking)
    previous_host = await User.get(id=current)

    async def write() -> Booking:
        async with transaction():
            await booking_statements.lock_hosts(sorted({current, host_id}), now)
            await ensure_free(
                [host_id],
                booking.start_at,
                booking.end_at,
                terms.rules,
                ignore_booking_id=booking.id,
            )
            try:
                given = await BookingHost.filter(
                    booking_id=booking.id, user_id=current, active=True
                ).update(user_id=host_id)
            except IntegrityError:
                raise SlotTaken from None
            if given != 1:
                raise InvalidInputError.single("bookingId", "the meeting changed meanwhile")
            await BookingEvent.create(
                booking_id=booking.id,
                kind=BookingEventKind.REASSIGNED,
                actor_kind=ActorKind.USER,
                actor_user_id=viewer.user_id,
                occurred_at=now,
                reason=f"from {previous_host.name} to {facts.hosts[0].name}",
            )
            reassigned = await Booking.get(id=booking.id)
            await webhook_events.record(
                [
                    booking_event(
                        EventType.BOOKING_REASSIGNED,
                        reassigned,
                        terms.link,
                        child,
                        now,
                        facts=facts,
                        actor=ActorKind.USER.value,
                        previous_hosts=[previous_host],
                    )
                ]
            )
            return reassigned

    try:
        return await with_retries(write)
    except SlotTaken:
        raise SlotUnavailableError() from None
