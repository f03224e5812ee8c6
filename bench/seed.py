"""Rows the scenarios need, made through the domain functions as the product makes them."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

from config import DEVELOPMENT_SECRET_KEY
from models.accounts.organizations import bootstrap_organization
from models.accounts.tokens import hash_secret
from models.accounts.users import NewUser, create_user
from models.accounts.viewer import Viewer
from models.accounts.working_hours import WeeklyRange
from models.booking.availability_settings import set_working_hours
from models.booking.bookings import BookingRequest, InviteeDetails, book_meeting
from models.db.tables import ApiKey, LocationKind, Role
from models.links.links import LinkFields, create_link
from models.links.meeting_types import MeetingTypeFields, create_meeting_type
from models.links.single_use_links import MAX_BULK, MintOptions, mint_single_use_links

# A range never crosses midnight, so "always" ends at 23:59: a half-hour grid offers 47
# starts a day (the 23:30 meeting would run past 23:59).
ALWAYS = [WeeklyRange(day, time(0), time(23, 59)) for day in range(1, 8)]
STARTS_PER_DAY = 47
SLOT = timedelta(minutes=30)


@dataclass(frozen=True, slots=True)
class Tenant:
    organization_id: int
    slug: str
    viewer: Viewer  # the organization's admin
    api_key: str
    meeting_type_id: int


@dataclass(frozen=True, slots=True)
class HostLink:
    user_id: int
    link_id: int
    slug: str


async def create_tenant(name: str) -> Tenant:
    domain = f"{name.lower()}.bench.example"
    opened = await bootstrap_organization(
        name, NewUser(email=f"admin@{domain}", name="Bench Admin", time_zone="UTC")
    )
    key = await ApiKey.get(key_hash=hash_secret(opened.api_key)).select_related(
        "user__organization"
    )
    meeting_type = await create_meeting_type(
        opened.organization.id,
        MeetingTypeFields(
            name="Intro call",
            duration_minutes=30,
            location_kind=LocationKind.VIDEO,
            location_details="https://meet.example/room",
        ),
    )
    return Tenant(
        organization_id=opened.organization.id,
        slug=opened.organization.slug,
        viewer=Viewer.from_api_key(key),
        api_key=opened.api_key,
        meeting_type_id=meeting_type.id,
    )


async def add_host(tenant: Tenant, label: str) -> int:
    user = await create_user(
        tenant.organization_id,
        NewUser(email=f"{label}@hosts.bench.example", name=f"Host {label}", time_zone="UTC"),
        role=Role.MEMBER,
    )
    await set_working_hours(user, ALWAYS)
    return user.id


async def add_link(tenant: Tenant, label: str, host_ids: list[int]) -> HostLink:
    link = await create_link(
        tenant.viewer,
        LinkFields(
            name=f"Bench {label}", meeting_type_id=tenant.meeting_type_id, host_ids=host_ids
        ),
    )
    return HostLink(user_id=host_ids[0], link_id=link.id, slug=link.slug)


async def add_host_link(tenant: Tenant, label: str) -> HostLink:
    """A host free at all hours, and a link of their own."""
    return await add_link(tenant, label, [await add_host(tenant, label)])


async def mint_tokens(tenant: Tenant, link_id: int, count: int) -> list[str]:
    tokens: list[str] = []
    while len(tokens) < count:
        batch = min(MAX_BULK, count - len(tokens))
        minted = await mint_single_use_links(tenant.viewer, link_id, MintOptions(), count=batch)
        tokens += [m.token for m in minted]
    return tokens


def first_free_start(now: datetime | None = None) -> datetime:
    """The UTC midnight after tomorrow: past any minimum notice, inside the horizon."""
    now = now or datetime.now(UTC)
    return datetime.combine(now.date() + timedelta(days=2), time(0), UTC)


def start_of(index: int, first: datetime) -> datetime:
    """The ``index``-th free half-hour of a host with no bookings."""
    day, slot = divmod(index, STARTS_PER_DAY)
    return first + timedelta(days=day) + slot * SLOT


@dataclass(frozen=True, slots=True)
class BookingPool:
    """One request per (token, start); consecutive requests go to different hosts."""

    link_ids: list[int]
    requests: list[tuple[str, datetime]]
    host_ids: list[int] = field(default_factory=list)


async def booking_pool(tenant: Tenant, label: str, size: int, per_host: int) -> BookingPool:
    hosts = max(1, math.ceil(size / per_host))
    per_link = math.ceil(size / hosts)
    first = first_free_start()
    columns: list[list[tuple[str, datetime]]] = []
    link_ids = []
    host_ids = []
    for number in range(hosts):
        host_link = await add_host_link(tenant, f"{label}-{number}")
        link_ids.append(host_link.link_id)
        host_ids.append(host_link.user_id)
        tokens = await mint_tokens(tenant, host_link.link_id, per_link)
        columns.append([(token, start_of(i, first)) for i, token in enumerate(tokens)])
    interleaved = [column[i] for i in range(per_link) for column in columns]
    return BookingPool(link_ids=link_ids, requests=interleaved[:size], host_ids=host_ids)


async def book_through(key: str, start: datetime, email: str) -> None:
    await book_meeting(
        BookingRequest(
            key=key,
            start=start,
            invitee=InviteeDetails(name="Bench Invitee", email=email, time_zone="UTC"),
        ),
        server_secret=DEVELOPMENT_SECRET_KEY.encode(),
    )


async def listing_tenant(links: int, children: int, bookings: int) -> Tenant:
    """``links`` links with two hosts and ``children`` single-use children each, and, on an
    older link that never shows on a page, ``bookings`` meetings (half through single-use
    tokens) for the meeting log."""
    tenant = await create_tenant("Listing")
    booked = await add_host_link(tenant, "booked")
    tokens = await mint_tokens(tenant, booked.link_id, bookings // 2)
    keys = tokens + [f"{tenant.slug}/{booked.slug}"] * (bookings - len(tokens))
    first = first_free_start()
    for index, key in enumerate(keys):
        await book_through(key, start_of(index, first), f"invitee{index}@bench.example")
    second_host = await add_host(tenant, "cohost")
    for number in range(links):
        link = await add_link(tenant, f"listed-{number}", [tenant.viewer.user_id, second_host])
        await mint_tokens(tenant, link.link_id, children)
    return tenant
