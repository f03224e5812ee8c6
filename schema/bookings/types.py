"""Bookings as an invitee sees them (through the manage token) and as their owners see them."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from models.booking import change_policy
from models.booking.calendar_files import CalendarParts, booking_calendar, load_calendar_parts
from models.booking.permissions import may_see_booking
from models.db import tables
from resolvers import slots
from resolvers.context import Info
from schema.links.change_policy import ChangePolicy
from schema.links.routing import BookingAnswer, booking_answers
from schema.links.types import Link, LinkType, LocationKind, SingleUseLink
from schema.slots import RescheduleSlotsResult
from schema.users.types import User, parse_node_ids


@strawberry.enum
class BookingStatus(Enum):
    CONFIRMED = "CONFIRMED"
    CANCELLED = "CANCELLED"


@strawberry.enum
class BookingEventKind(Enum):
    BOOKED = "BOOKED"
    RESCHEDULED = "RESCHEDULED"
    CANCELLED = "CANCELLED"
    REASSIGNED = strawberry.enum_value(
        "REASSIGNED", description="Given to another host of a round robin's pool."
    )


@strawberry.enum
class ActorKind(Enum):
    INVITEE = "INVITEE"
    USER = "USER"


@strawberry.type
class BookingInvitee:
    name: str
    email: str
    time_zone: str


@strawberry.type(
    description=(
        "A booking as its invitee sees it (through the manage token). Nothing of the owner's is "
        "in it. Its id is its own, not the Booking's: a client cache holds both views apart."
    )
)
class InviteeBooking(relay.Node):
    id: relay.NodeID[int]
    status: BookingStatus
    start_at: datetime
    end_at: datetime
    invitee: BookingInvitee
    notes: str
    title: str
    meeting_type_name: str
    duration_minutes: int
    location_kind: LocationKind
    location_details: str
    host_names: list[str]
    reschedule_count: int
    cancelled_at: datetime | None
    change_policy: ChangePolicy = strawberry.field(
        description="What the invitee may do with this booking: its link's policy."
    )
    reschedules_left: int | None = strawberry.field(
        description="How often the invitee may still move it; null: no limit."
    )
    calendar: strawberry.Private[CalendarParts]

    @strawberry.field(description="The booking as an iCalendar (RFC 5545) file.")
    def ics(self) -> str:
        return booking_calendar(self.calendar).decode()

    @strawberry.field(description="The answers given to the booking form's questions.")
    def answers(self) -> list[BookingAnswer]:
        return booking_answers(self.calendar.booking.answers, self.calendar.link.questions)

    @strawberry.field(
        description=(
            "Start times the invitee may move this booking to between `from` and `to` (at "
            "most 62 days): its link's rules, its hosts, its own time free. ChangeNotAllowed "
            "or LinkUnavailable when it cannot be moved online at all."
        )
    )
    async def available_slots(
        self,
        info: Info,
        from_: Annotated[datetime, strawberry.argument(name="from")],
        to: datetime,
        time_zone: str = "UTC",
    ) -> RescheduleSlotsResult:
        window = slots.slot_window(from_, to, time_zone)
        return await slots.reschedule_slots(info, self.calendar.booking, window)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[InviteeBooking | None]:
        """By id, for those who may see the booking itself; invitees hold the manage token."""
        visible = await Booking.resolve_nodes(info=info, node_ids=node_ids)
        settings = info.context.settings
        found: list[InviteeBooking | None] = []
        for booking in visible:
            if booking is None:
                found.append(None)
                continue
            parts = await load_calendar_parts(booking.row, settings.public_url, None)
            found.append(invitee_booking_of(parts))
        return found


def invitee_booking_of(parts: CalendarParts) -> InviteeBooking:
    booking = parts.booking
    meeting_type = parts.meeting_type
    policy = change_policy.ChangePolicy.of(parts.link)
    return InviteeBooking(
        id=booking.id,
        status=BookingStatus(booking.status.value),
        start_at=booking.start_at,
        end_at=booking.end_at,
        invitee=BookingInvitee(
            name=booking.invitee_name,
            email=booking.invitee_email,
            time_zone=booking.invitee_time_zone,
        ),
        notes=booking.notes,
        title=parts.title,
        meeting_type_name=meeting_type.name,
        duration_minutes=int((booking.end_at - booking.start_at).total_seconds() // 60),
        location_kind=LocationKind(meeting_type.location_kind.value),
        location_details=meeting_type.location_details,
        host_names=[host.name for host in parts.hosts],
        reschedule_count=booking.reschedule_count,
        cancelled_at=booking.cancelled_at,
        change_policy=ChangePolicy.of(policy),
        reschedules_left=policy.reschedules_left(booking),
        calendar=parts,
    )


@strawberry.type
class BookingEvent:
    kind: BookingEventKind
    actor_kind: ActorKind
    actor_user_id: strawberry.Private[int | None]
    occurred_at: datetime
    previous_start_at: datetime | None
    previous_end_at: datetime | None
    reason: str

    @classmethod
    def from_row(cls, row: tables.BookingEvent) -> BookingEvent:
        return cls(
            kind=BookingEventKind(row.kind.value),
            actor_kind=ActorKind(row.actor_kind.value),
            actor_user_id=row.actor_user_id,
            occurred_at=row.occurred_at,
            previous_start_at=row.previous_start_at,
            previous_end_at=row.previous_end_at,
            reason=row.reason,
        )

    @strawberry.field
    async def actor(self, info: Info) -> User | None:
        if self.actor_user_id is None:
            return None
        row = await info.context.loaders.user_by_id.load(self.actor_user_id)
        return User.from_row(row) if row is not None else None


@dataclass(frozen=True, slots=True)
class BookingRelations:
    """What a page of the meeting log loaded for all its bookings at once, so that each booking
    answers these fields without a loader round of its own. ``None``: not loaded."""

    link: Link | None = None
    hosts: list[User] | None = None
    # ``None`` is also the answer for a booking made through a standard link.
    single_use_link: SingleUseLink | None = None
    single_use_link_loaded: bool = False
    events: list[BookingEvent] | None = None


@strawberry.type(description="A meeting, as its owner, hosts and admins see it.")
class Booking(relay.Node):
    id: relay.NodeID[int]
    status: BookingStatus
    start_at: datetime
    end_at: datetime
    invitee: BookingInvitee
    notes: str
    metadata: JSON
    link_type: LinkType
    reschedule_count: int
    rescheduled: bool
    cancelled_at: datetime | None
    cancel_reason: str
    booked_at: datetime
    row: strawberry.Private[tables.Booking]
    relations: strawberry.Private[BookingRelations] = dataclasses.field(
        default_factory=BookingRelations
    )

    @classmethod
    def from_row(cls, row: tables.Booking, relations: BookingRelations | None = None) -> Booking:
        return cls(
            id=row.id,
            status=BookingStatus(row.status.value),
            start_at=row.start_at,
            end_at=row.end_at,
            invitee=BookingInvitee(
                name=row.invitee_name, email=row.invitee_email, time_zone=row.invitee_time_zone
            ),
            notes=row.notes,
            metadata=JSON(row.metadata),
            link_type=LinkType.SINGLE_USE if row.single_use_link_id else LinkType.STANDARD,
            reschedule_count=row.reschedule_count,
            rescheduled=row.reschedule_count > 0,
            cancelled_at=row.cancelled_at,
            cancel_reason=row.cancel_reason,
            booked_at=row.created_at,
            row=row,
            relations=relations or BookingRelations(),
        )

    # Plain (not async) resolvers: a booking of a page answers from its prefetched relations at
    # once; a booking on its own returns an awaitable, which GraphQL awaits.
    @strawberry.field(graphql_type=Link)
    def link(self, info: Info) -> Link | Awaitable[Link]:
        if self.relations.link is not None:
            return self.relations.link
        return self._link(info)

    async def _link(self, info: Info) -> Link:
        row = await info.context.loaders.link_by_id.load(self.row.link_id)
        assert row is not None, "a booking lives in its link's organization"
        return Link.for_context(info, row)

    @strawberry.field(
        description="Set when booked through a single-use link (label, prefix…).",
        graphql_type=SingleUseLink | None,
    )
    def single_use_link(self, info: Info) -> SingleUseLink | Awaitable[SingleUseLink | None] | None:
        if self.relations.single_use_link_loaded:
            return self.relations.single_use_link
        return self.load_single_use_link(info)

    async def load_single_use_link(self, info: Info) -> SingleUseLink | None:
        if self.row.single_use_link_id is None:
            return None
        loaders = info.context.loaders
        child = await loaders.single_use_link_by_id.load(self.row.single_use_link_id)
        parent = await loaders.link_by_id.load(self.row.link_id)
        if child is None or parent is None:
            return None
        return SingleUseLink.build(child, Link.for_context(info, parent), datetime.now(UTC))

    @strawberry.field(graphql_type=list[User])
    def hosts(self, info: Info) -> list[User] | Awaitable[list[User]]:
        if self.relations.hosts is not None:
            return self.relations.hosts
        return self._hosts(info)

    async def _hosts(self, info: Info) -> list[User]:
        loaders = info.context.loaders
        ids = await loaders.host_ids_by_booking_id.load(self.row.id)
        return [User.from_row(row) for row in await loaders.user_by_id.load_many(ids) if row]

    @strawberry.field(
        description="BOOKED, RESCHEDULED, CANCELLED and REASSIGNED, oldest first.",
        graphql_type=list[BookingEvent],
    )
    def events(self, info: Info) -> list[BookingEvent] | Awaitable[list[BookingEvent]]:
        if self.relations.events is not None:
            return self.relations.events
        return self._events(info)

    async def _events(self, info: Info) -> list[BookingEvent]:
        rows = await info.context.loaders.events_by_booking_id.load(self.row.id)
        return [BookingEvent.from_row(row) for row in rows]

    @strawberry.field(
        description="The answers given to the booking form's questions, labelled as the link "
        "asks them now."
    )
    async def answers(self, info: Info) -> list[BookingAnswer]:
        if not self.row.answers:
            return []
        link = await info.context.loaders.link_by_id.load(self.row.link_id)
        return booking_answers(self.row.answers, link.questions if link is not None else [])

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Booking | None]:
        viewer = info.context.viewer
        if viewer is None:
            return [None for _ in node_ids]
        loaders = info.context.loaders
        rows = await loaders.booking_by_id.load_many([i or 0 for i in parse_node_ids(node_ids)])
        found = [row for row in rows if row is not None]
        # One round for the links, one for the hosts, however many ids.
        links, hosts = await asyncio.gather(
            loaders.link_by_id.load_many([row.link_id for row in found]),
            loaders.host_ids_by_booking_id.load_many([row.id for row in found]),
        )
        owners = {row.id: link.owner_id for row, link in zip(found, links, strict=True) if link}
        host_ids = dict(zip((row.id for row in found), hosts, strict=True))
        return [
            cls.from_row(row)
            if row is not None
            and row.id in owners
            and may_see_booking(viewer, owners[row.id], host_ids[row.id])
            else None
            for row in rows
        ]
