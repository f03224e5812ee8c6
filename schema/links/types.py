"""Meeting types, links and single-use links as GraphQL types."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from models.booking import change_policy
from models.db import tables
from models.links.permissions import may_see_link
from models.links.routing import questions_of, rules_of
from models.links.rules import (
    LinkStatus,
    SingleUseFields,
    effective_expires_at,
    effective_starts_before,
    link_lifecycle,
    merged_metadata,
    single_use_status,
)
from models.links.rules import (
    SingleUseStatus as StatusRow,
)
from resolvers import slots
from resolvers.context import Info
from resolvers.pagination import encode_cursor
from resolvers.single_use_link_pages import ChildrenRows, children_rows
from schema.links.assignment import Assignment
from schema.links.bookable_by import BookableBy
from schema.links.change_policy import ChangePolicy
from schema.links.descriptions import LINK_CUTOFF, LINK_EXPIRY
from schema.links.routing import Question, RoutingRule
from schema.pagination import Connection, connection_of
from schema.slots import SlotsResult
from schema.users.types import User, parse_node_ids

if TYPE_CHECKING:
    from schema.bookings.types import Booking


@strawberry.enum(
    description="Whether a booking page or a booking is a link's own or a single-use link's."
)
class LinkType(Enum):
    STANDARD = "STANDARD"
    SINGLE_USE = "SINGLE_USE"


@strawberry.enum
class LocationKind(Enum):
    VIDEO = "VIDEO"
    PHONE = "PHONE"
    IN_PERSON = "IN_PERSON"
    CUSTOM = "CUSTOM"


@strawberry.enum(description="Derived on every read from the link, its parent and the clock.")
class SingleUseLinkStatus(Enum):
    ACTIVE = "ACTIVE"
    USED = "USED"
    EXPIRED = "EXPIRED"
    REVOKED = "REVOKED"
    DISABLED = "DISABLED"


@strawberry.type
class Location:
    kind: LocationKind
    details: str


@strawberry.type
class MeetingType(relay.Node):
    id: relay.NodeID[int]
    name: str
    duration_minutes: int
    location: Location
    description: str
    buffer_before_minutes: int
    buffer_after_minutes: int

    @classmethod
    def from_row(cls, row: tables.MeetingType) -> MeetingType:
        return cls(
            id=row.id,
            name=row.name,
            duration_minutes=row.duration_minutes,
            location=Location(
                kind=LocationKind(row.location_kind.value), details=row.location_details
            ),
            description=row.description,
            buffer_before_minutes=row.buffer_before_minutes,
            buffer_after_minutes=row.buffer_after_minutes,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[MeetingType | None]:
        rows = await info.context.loaders.meeting_type_by_id.load_many(
            [i or 0 for i in parse_node_ids(node_ids)]
        )
        return [cls.from_row(row) if row is not None else None for row in rows]


async def _meeting_type(info: Info, meeting_type_id: int) -> MeetingType:
    row = await info.context.loaders.meeting_type_by_id.load(meeting_type_id)
    assert row is not None, "a link's meeting type lives in the link's organization"
    return MeetingType.from_row(row)


async def _hosts(info: Info, link_id: int) -> list[User]:
    loaders = info.context.loaders
    ids = await loaders.host_ids_by_link_id.load(link_id)
    return [User.from_row(row) for row in await loaders.user_by_id.load_many(ids) if row]


@strawberry.type(description="A host of the link and their share of a round robin's meetings.")
class HostSettings:
    host: User
    weight: int = strawberry.field(description="A host of weight 2 takes twice the meetings.")
    priority: int = strawberry.field(description="1-5: the free hosts of the highest go first.")


async def _host_settings(info: Info, link_id: int) -> list[HostSettings]:
    loaders = info.context.loaders
    settings = await loaders.host_settings_by_link_id.load(link_id)
    users = await loaders.user_by_id.load_many([user_id for user_id, _, _ in settings])
    return [
        HostSettings(host=User.from_row(user), weight=weight, priority=priority)
        for user, (_, weight, priority) in zip(users, settings, strict=True)
        if user is not None
    ]


async def _owner(info: Info, owner_id: int) -> User:
    row = await info.context.loaders.user_by_id.load(owner_id)
    assert row is not None
    return User.from_row(row)


@dataclass(frozen=True, slots=True)
class LinkRelations:
    """What a page of links loaded for all its links at once, so that each link answers these
    fields without a loader round of its own. ``None``: not loaded (the query did not ask)."""

    owner: User | None = None
    hosts: list[User] | None = None
    meeting_type: MeetingType | None = None
    children: ChildrenRows | None = None


async def link_visible_to_viewer(info: Info, row: tables.Link) -> bool:
    viewer = info.context.viewer
    if viewer is None or row.organization_id != viewer.organization_id:
        return False
    hosts = await info.context.loaders.host_ids_by_link_id.load(row.id)
    return may_see_link(viewer, row.organization_id, row.owner_id, hosts)


@strawberry.type(description="Prefilled invitee of a personalized single-use link.")
class Invitee:
    name: str
    email: str


@strawberry.type(
    description="A one-time version of a link. Meeting type, duration, location, hosts and "
    "rules are read from the parent on every request."
)
class SingleUseLink(relay.Node):
    id: relay.NodeID[int]
    label: str
    prefix: str = strawberry.field(description="The token's first characters; never the token.")
    parent: Link
    expires_at: datetime | None = strawberry.field(description="Its own expiry, if any.")
    effective_expires_at: datetime | None = strawberry.field(
        description=(
            "Until when it can be used to book: the earlier of its own expiry and the parent's."
        )
    )
    starts_before: datetime | None = strawberry.field(
        description="Its own cutoff for its meetings' start, if any."
    )
    effective_starts_before: datetime | None = strawberry.field(
        description="Its meetings must start before this: the earlier of its own and the parent's."
    )
    status: SingleUseLinkStatus
    max_uses: int
    uses: int
    uses_remaining: int
    invitee: Invitee | None
    skip_form: bool
    lock_to_invitee: bool
    metadata: JSON = strawberry.field(description="Its own metadata.")
    effective_metadata: JSON = strawberry.field(
        description="The parent's metadata with this link's merged over it; copied onto bookings."
    )
    created_at: datetime
    revoked_at: datetime | None
    row: strawberry.Private[SingleUseFields]

    @classmethod
    def build(cls, child: SingleUseFields, parent: Link, now: datetime) -> SingleUseLink:
        status = single_use_status(child, parent.row, now)
        return cls(
            id=child.id,
            label=child.label,
            prefix=child.token_prefix,
            parent=parent,
            expires_at=child.expires_at,
            effective_expires_at=effective_expires_at(child, parent.row),
            starts_before=child.starts_before,
            effective_starts_before=effective_starts_before(child, parent.row),
            status=SingleUseLinkStatus(status.value),
            max_uses=child.max_uses,
            uses=child.uses,
            uses_remaining=child.max_uses - child.uses if status is StatusRow.ACTIVE else 0,
            invitee=Invitee(name=child.invitee_name or "", email=child.invitee_email)
            if child.invitee_email
            else None,
            skip_form=child.skip_form,
            lock_to_invitee=child.lock_to_invitee,
            metadata=JSON(child.metadata),
            effective_metadata=JSON(merged_metadata(child, parent.row)),
            created_at=child.created_at,
            revoked_at=child.revoked_at,
            row=child,
        )

    @strawberry.field(description="The parent's meeting type, read live.", graphql_type=MeetingType)
    def meeting_type(self, info: Info) -> MeetingType | Awaitable[MeetingType]:
        return self.parent.meeting_type_for(info)

    @strawberry.field(description="The meetings booked through it, oldest first.")
    async def bookings(
        self, info: Info
    ) -> list[Annotated[Booking, strawberry.lazy("schema.bookings.types")]]:
        # Imported here: a booking shows its single-use link, so the modules need each other.
        from resolvers.booking_relations import bookings_through

        return await bookings_through(info, self.row.id)

    @strawberry.field(
        description="The meeting booked through it (the first, for one allowing several uses)."
    )
    async def booking(
        self, info: Info
    ) -> Annotated[Booking, strawberry.lazy("schema.bookings.types")] | None:
        from resolvers.booking_relations import bookings_through

        booked = await bookings_through(info, self.row.id)
        return booked[0] if booked else None

    @strawberry.field(
        description="The parent meeting type's duration, read live.", graphql_type=int
    )
    def duration_minutes(self, info: Info) -> int | Awaitable[int]:
        meeting_type = self.parent.relations.meeting_type
        if meeting_type is not None:
            return meeting_type.duration_minutes
        return self._duration_minutes(info)

    async def _duration_minutes(self, info: Info) -> int:
        return (await _meeting_type(info, self.parent.row.meeting_type_id)).duration_minutes

    @strawberry.field(
        description="The parent meeting type's location, read live.", graphql_type=Location
    )
    def location(self, info: Info) -> Location | Awaitable[Location]:
        meeting_type = self.parent.relations.meeting_type
        if meeting_type is not None:
            return meeting_type.location
        return self._location(info)

    async def _location(self, info: Info) -> Location:
        return (await _meeting_type(info, self.parent.row.meeting_type_id)).location

    @strawberry.field(description="The parent's hosts, read live.", graphql_type=list[User])
    def hosts(self, info: Info) -> list[User] | Awaitable[list[User]]:
        return self.parent.hosts_for(info)

    @strawberry.field
    async def created_by(self, info: Info) -> User:
        row = await info.context.loaders.user_by_id.load(self.row.created_by_id)
        assert row is not None
        return User.from_row(row)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[SingleUseLink | None]:
        loaders = info.context.loaders
        children = await loaders.single_use_link_by_id.load_many(
            [i or 0 for i in parse_node_ids(node_ids)]
        )
        parents = await loaders.link_by_id.load_many([c.link_id if c else 0 for c in children])
        now = datetime.now(UTC)
        result: list[SingleUseLink | None] = []
        for child, parent in zip(children, parents, strict=True):
            if child is None or parent is None or not await link_visible_to_viewer(info, parent):
                result.append(None)
            else:
                result.append(cls.build(child, Link.for_context(info, parent), now))
        return result


LinkStatusEnum = strawberry.enum(
    LinkStatus, name="LinkStatus", description="Where a link stands; the first that holds."
)


@strawberry.type(description="A reusable booking link.")
class Link(relay.Node):
    id: relay.NodeID[int]
    name: str
    slug: str
    url: str = strawberry.field(description="The public booking page of this link.")
    expires_at: datetime | None = strawberry.field(description=LINK_EXPIRY)
    starts_before: datetime | None = strawberry.field(description=LINK_CUTOFF)
    minimum_notice_minutes: int
    booking_horizon_days: int
    slot_interval_minutes: int
    active: bool = strawberry.field(
        description="Switched on (see status: an active link may have expired or be archived)."
    )
    archived: bool
    archived_at: datetime | None
    status: LinkStatus = strawberry.field(
        graphql_type=LinkStatusEnum,
        description="Where it stands now: ARCHIVED, INACTIVE, EXPIRED, or ACTIVE (bookable).",
    )
    managed: bool = strawberry.field(description="Created by an admin for its owner.")
    bookable_by: BookableBy
    assignment: Assignment
    change_policy: ChangePolicy
    metadata: JSON
    created_at: datetime
    row: strawberry.Private[tables.Link]
    relations: strawberry.Private[LinkRelations] = dataclasses.field(default_factory=LinkRelations)

    @classmethod
    def from_row(
        cls,
        row: tables.Link,
        *,
        public_url: str,
        org_slug: str,
        relations: LinkRelations | None = None,
    ) -> Link:
        return cls(
            id=row.id,
            name=row.name,
            slug=row.slug,
            url=f"{public_url}/{org_slug}/{row.slug}",
            expires_at=row.expires_at,
            starts_before=row.starts_before,
            minimum_notice_minutes=row.minimum_notice_minutes,
            booking_horizon_days=row.booking_horizon_days,
            slot_interval_minutes=row.slot_interval_minutes,
            active=row.is_active,
            status=link_lifecycle(row, datetime.now(UTC)),
            archived=row.archived_at is not None,
            archived_at=row.archived_at,
            managed=row.managed,
            bookable_by=BookableBy(row.bookable_by.value),
            assignment=Assignment(row.assignment.value),
            change_policy=ChangePolicy.of(change_policy.ChangePolicy.of(row)),
            metadata=JSON(row.metadata),
            created_at=row.created_at,
            row=row,
            relations=relations or LinkRelations(),
        )

    @classmethod
    def for_context(
        cls, info: Info, row: tables.Link, relations: LinkRelations | None = None
    ) -> Link:
        viewer = info.context.viewer
        assert viewer is not None
        return cls.from_row(
            row,
            public_url=info.context.settings.public_url,
            org_slug=viewer.organization.slug,
            relations=relations or LinkRelations(),
        )

    # Plain (not async) resolvers: a link of a page answers from its prefetched relations at
    # once; a link on its own returns an awaitable, which GraphQL awaits.
    @strawberry.field(graphql_type=User)
    def owner(self, info: Info) -> User | Awaitable[User]:
        if self.relations.owner is not None:
            return self.relations.owner
        return _owner(info, self.row.owner_id)

    @strawberry.field(
        description=(
            "COLLECTIVE: everyone who attends, all free for a time to be offered. ROUND_ROBIN: "
            "the pool, one of whom attends. STATIC: the one host."
        ),
        graphql_type=list[User],
    )
    def hosts(self, info: Info) -> list[User] | Awaitable[list[User]]:
        return self.hosts_for(info)

    @strawberry.field(description="The hosts with their round-robin shares, in their order.")
    async def host_settings(self, info: Info) -> list[HostSettings]:
        return await _host_settings(info, self.row.id)

    @strawberry.field(description="The booking form's questions, in their order.")
    def questions(self) -> list[Question]:
        return [Question.of(question) for question in questions_of(self.row.questions)]

    @strawberry.field(description="RULES: in their order; the first the answers meet wins.")
    def routing_rules(self) -> list[RoutingRule]:
        return [RoutingRule.of(rule) for rule in rules_of(self.row.routing_rules)]

    @strawberry.field(graphql_type=MeetingType)
    def meeting_type(self, info: Info) -> MeetingType | Awaitable[MeetingType]:
        return self.meeting_type_for(info)

    def hosts_for(self, info: Info) -> list[User] | Awaitable[list[User]]:
        if self.relations.hosts is not None:
            return self.relations.hosts
        return _hosts(info, self.row.id)

    def meeting_type_for(self, info: Info) -> MeetingType | Awaitable[MeetingType]:
        if self.relations.meeting_type is not None:
            return self.relations.meeting_type
        return _meeting_type(info, self.row.meeting_type_id)

    @strawberry.field(description="Newest first.", graphql_type=Connection[SingleUseLink])
    def single_use_links(
        self,
        info: Info,
        status: SingleUseLinkStatus | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[SingleUseLink] | Awaitable[Connection[SingleUseLink]]:
        if self.relations.children is not None:
            return self._children_connection(self.relations.children)
        return self._load_children(info, status, first, after)

    async def _load_children(
        self,
        info: Info,
        status: SingleUseLinkStatus | None,
        first: int | None,
        after: str | None,
    ) -> Connection[SingleUseLink]:
        model_status = None if status is None else StatusRow(status.value)
        page = await children_rows(info, self.row.id, model_status, first, after)
        return self._children_connection(page)

    def _children_connection(self, page: ChildrenRows) -> Connection[SingleUseLink]:
        now = datetime.now(UTC)
        return connection_of(
            page.rows,
            limit=page.limit,
            cursor=lambda child: encode_cursor(child.id),
            node=lambda child: SingleUseLink.build(child, self, now),
            total=page.total,
            after_given=page.after_given,
        )

    @strawberry.field(description="Bookable start times between `from` and `to` (at most 62 days).")
    async def available_slots(
        self,
        info: Info,
        from_: Annotated[datetime, strawberry.argument(name="from")],
        to: datetime,
        time_zone: str = "UTC",
    ) -> SlotsResult:
        window = slots.slot_window(from_, to, time_zone)
        loaders = info.context.loaders
        meeting_type = await loaders.meeting_type_by_id.load(self.row.meeting_type_id)
        assert meeting_type is not None
        host_ids = await loaders.host_ids_by_link_id.load(self.row.id)
        return await slots.available_slots(
            info, self.row, meeting_type, host_ids, self.row.starts_before, window
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Link | None]:
        rows = await info.context.loaders.link_by_id.load_many(
            [i or 0 for i in parse_node_ids(node_ids)]
        )
        return [
            cls.for_context(info, row)
            if row is not None and await link_visible_to_viewer(info, row)
            else None
            for row in rows
        ]
