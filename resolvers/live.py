"""Live subscriptions: each follows this process's feed of committed outbox events, keeps
those its caller may see (the same rules as the matching queries) and sends them as they come,
in commit order."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Hashable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Annotated

import strawberry
from starlette.websockets import WebSocket
from strawberry import relay

from models.db.tables import Link as LinkRow
from models.db.tables import LinkHost
from models.errors import NotFoundError, RateLimitedError
from models.links.permissions import may_see_link
from models.live.changes import BOOKING_EVENTS, SINGLE_USE_LINK_EVENTS, Change
from models.live.subscribers import Subscriber, SubscriptionRefused
from models.reporting import meeting_logs
from models.webhooks.events import EventType
from resolvers import slots
from resolvers.activity import KINDS
from resolvers.context import Info
from resolvers.ids import decode_id
from resolvers.meeting_logs import log_filter_of
from resolvers.public import public_link
from schema.bookings.types import Booking, BookingEventKind
from schema.links.types import Link, SingleUseLink
from schema.live.types import MeetingLogChange, SingleUseLinkChange, SlotsChangedResult
from schema.logs.types import MeetingLogFilter
from schema.public.types import PublicLink
from schema.slots import AvailableSlots

_BOOKING_KINDS = {
    EventType.BOOKING_CREATED: BookingEventKind.BOOKED,
    EventType.BOOKING_RESCHEDULED: BookingEventKind.RESCHEDULED,
    EventType.BOOKING_CANCELLED: BookingEventKind.CANCELLED,
    EventType.BOOKING_REASSIGNED: BookingEventKind.REASSIGNED,
}
_LINK_EVENTS = SINGLE_USE_LINK_EVENTS | {EventType.LINK_UPDATED}
# The close code for a subscriber whose unread events passed the bound (policy violation).
FELL_BEHIND = 1008


async def meeting_log_changed(
    info: Info, filter: MeetingLogFilter | None = None
) -> AsyncGenerator[MeetingLogChange, None]:
    viewer = info.context.require_viewer()
    log_filter = None if filter is None else log_filter_of(filter)

    def wants(change: Change) -> bool:
        return change.event.type in BOOKING_EVENTS and change.booking_visible_to(viewer)

    async with _subscribed(info, wants) as subscriber:
        while True:
            change = await subscriber.next()
            booking = change.booking
            assert booking is not None, "wanted changes have their booking"
            if log_filter is not None and not await meeting_logs.in_log(
                viewer, log_filter, booking.id
            ):
                continue
            _fresh_loaders(info)
            yield MeetingLogChange(
                kind=_BOOKING_KINDS[change.event.type],
                occurred_at=change.event.occurred_at,
                booking=Booking.from_row(booking),
            )


async def single_use_link_changed(
    info: Info, link_id: relay.GlobalID
) -> AsyncGenerator[SingleUseLinkChange, None]:
    viewer = info.context.require_viewer()
    pk = decode_id(link_id, "Link")
    link = await LinkRow.get_or_none(id=pk, organization_id=viewer.organization_id)
    host_ids = await LinkHost.filter(link_id=pk).values_list("user_id", flat=True)
    if link is None or not may_see_link(
        viewer,
        link.organization_id,
        link.owner_id,
        {int(i) for i in host_ids},  # type: ignore[call-overload]
    ):
        raise NotFoundError("No such link.")

    def wants(change: Change) -> bool:
        return (
            change.event.link_id == pk
            and (
                change.event.type in SINGLE_USE_LINK_EVENTS
                or change.event.type is EventType.LINK_UPDATED
            )
            and change.link_visible_to(viewer)
        )

    async with _subscribed(info, wants) as subscriber:
        while True:
            change = await subscriber.next()
            assert change.link is not None, "wanted changes have their link"
            _fresh_loaders(info)
            parent = Link.for_context(info, change.link)
            child = change.single_use_link
            yield SingleUseLinkChange(
                kind=KINDS[change.event.type],
                occurred_at=change.event.occurred_at,
                link=parent,
                single_use_link=None
                if child is None
                else SingleUseLink.build(child, parent, datetime.now(UTC)),
            )


@asynccontextmanager
async def _subscribed(info: Info, wants: Callable[[Change], bool]) -> AsyncIterator[Subscriber]:
    context = info.context
    feed = context.live_feed
    connection = context.request
    if feed is None or not isinstance(connection, WebSocket):
        raise NotFoundError("Subscriptions are served over WebSocket (graphql-transport-ws).")
    viewer = context.viewer
    limits = context.settings.limits

    async def fell_behind() -> None:
        await connection.close(
            code=FELL_BEHIND,
            reason=f"Events were not read: more than {limits.subscriber_queue} waiting",
        )

    try:
        async with feed.subscribe(
            wants, key_id=None if viewer is None else viewer.api_key_id, on_overflow=fell_behind
        ) as subscriber:
            yield subscriber
    except SubscriptionRefused as refused:
        raise RateLimitedError(60, "subscriptions for this API key") from refused


def _fresh_loaders(info: Info) -> None:
    """Each event is shown as things are now, not as this connection first loaded them."""
    info.context.loaders.forget()


async def slots_changed(
    info: Info,
    key: str,
    from_: Annotated[datetime, strawberry.argument(name="from")],
    to: datetime,
    time_zone: str = "UTC",
) -> AsyncGenerator[SlotsChangedResult, None]:
    """Anonymous, by a public key: the free times now, then again whenever a change moves
    them (a meeting of a host booked, moved or cancelled, a host's hours, the link itself).
    The first answer counts as a slot query of the caller's; the recomputations are shared by
    every subscriber of the process that watches the same times."""
    window = slots.slot_window(from_, to, time_zone)
    page = await public_link(info, key)
    if not isinstance(page, PublicLink):
        yield page
        return
    organization_id = page.link.organization_id
    link_id = page.link.id
    hosts = set(page.host_ids)

    def wants(change: Change) -> bool:
        return change.event.organization_id == organization_id and (
            change.event.link_id == link_id or change.touches_hosts(hosts)
        )

    async with _subscribed(info, wants) as subscriber:
        shown = await slots.available_slots(
            info, page.link, page.meeting_type, page.host_ids, page.starts_before, window
        )
        yield shown
        while True:
            change = await subscriber.next()
            if change.event.link_id == link_id:
                # The link (or this single-use link) changed: read it again, as the page would.
                again = await public_link(info, key)
                if not isinstance(again, PublicLink):
                    yield again
                    return
                page = again
                hosts.clear()
                hosts.update(page.host_ids)
            fresh = await _shared_slots.get(
                (key, window, change.event.id), _recomputation(info, page, window)
            )
            if fresh.slots != shown.slots or fresh.next_from != shown.next_from:
                shown = fresh
                yield fresh


def _recomputation(
    info: Info, page: PublicLink, window: slots.SlotWindow
) -> Callable[[], Awaitable[AvailableSlots]]:
    return lambda: slots.available_slots(
        info,
        page.link,
        page.meeting_type,
        page.host_ids,
        page.starts_before,
        window,
        charge=False,
    )


class _SharedAnswers:
    """One computation per key among concurrent askers; the last few hundred kept."""

    KEPT = 256

    def __init__(self) -> None:
        self._answers: OrderedDict[Hashable, asyncio.Future[AvailableSlots]] = OrderedDict()

    async def get(
        self, key: Hashable, compute: Callable[[], Awaitable[AvailableSlots]]
    ) -> AvailableSlots:
        answer = self._answers.get(key)
        if answer is None:
            answer = asyncio.ensure_future(compute())
            self._answers[key] = answer
            while len(self._answers) > self.KEPT:
                self._answers.popitem(last=False)
        return await asyncio.shield(answer)


_shared_slots = _SharedAnswers()
