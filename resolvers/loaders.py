"""Per-request DataLoaders, each scoped to the caller's organization."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, fields
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader
from tortoise.models import Model

from models.db.tables import (
    ApiKey,
    Booking,
    BookingEvent,
    Link,
    MeetingType,
    Organization,
    SingleUseLink,
    User,
)
from models.links import listing_reads
from models.links.listing_reads import ChildrenPage, SingleUseLinkRow
from models.links.rules import SingleUseStatus

K = TypeVar("K")
V = TypeVar("V")
M = TypeVar("M", bound=Model)
G = TypeVar("G")


def _in_order(keys: Sequence[K], rows: dict[K, V]) -> list[V | None]:
    return [rows.get(key) for key in keys]


@dataclass(frozen=True, slots=True)
class Loaders:
    user_by_id: DataLoader[int, User | None]
    api_key_by_id: DataLoader[int, ApiKey | None]
    organization_by_id: DataLoader[int, Organization | None]
    meeting_type_by_id: DataLoader[int, MeetingType | None]
    link_by_id: DataLoader[int, Link | None]
    host_ids_by_link_id: DataLoader[int, list[int]]
    # (user id, weight, priority) in host order: a round robin's pool.
    host_settings_by_link_id: DataLoader[int, list[tuple[int, int, int]]]
    single_use_link_by_id: DataLoader[int, SingleUseLink | None]
    single_use_link_page: DataLoader[tuple[int, ChildrenPage], list[SingleUseLinkRow]]
    single_use_link_count: DataLoader[tuple[int, SingleUseStatus | None], int]
    booking_by_id: DataLoader[int, Booking | None]
    host_ids_by_booking_id: DataLoader[int, list[int]]
    events_by_booking_id: DataLoader[int, list[BookingEvent]]
    bookings_by_single_use_link_id: DataLoader[int, list[Booking]]

    def forget(self) -> None:
        """Every loader answers afresh from now on (a subscription's next event)."""
        for each in fields(self):
            loader: DataLoader[Any, Any] = getattr(self, each.name)
            loader.clear_all()


def _by_id(
    fetch: Callable[[Sequence[int]], Awaitable[list[M]]], organization_id: int | None
) -> DataLoader[int, M | None]:
    async def load(ids: Sequence[int]) -> list[M | None]:
        if organization_id is None:
            return [None] * len(ids)
        rows = await fetch(ids)
        return _in_order(ids, {row.pk: row for row in rows})

    return DataLoader(load_fn=load)


def _grouped_by_second(keys: Sequence[tuple[int, G]]) -> dict[G, list[int]]:
    grouped: dict[G, list[int]] = defaultdict(list)
    for link_id, group in keys:
        grouped[group].append(link_id)
    return grouped


def build_loaders(organization_id: int | None) -> Loaders:
    """Anonymous callers get loaders that find nothing: no private row is reachable."""
    org = organization_id

    async def host_settings(link_ids: Sequence[int]) -> list[list[tuple[int, int, int]]]:
        grouped: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
        if org is not None:
            for link_id, user_id, weight, priority in await listing_reads.hosts_of_links(
                org, link_ids
            ):
                grouped[link_id].append((user_id, weight, priority))
        return [grouped.get(link_id, []) for link_id in link_ids]

    async def host_ids(link_ids: Sequence[int]) -> list[list[int]]:
        return [[user_id for user_id, _, _ in hosts] for hosts in await host_settings(link_ids)]

    async def children_pages(
        keys: Sequence[tuple[int, ChildrenPage]],
    ) -> list[list[SingleUseLinkRow]]:
        """One statement per distinct page asked for (aliases may ask for several)."""
        found: dict[tuple[int, ChildrenPage], list[SingleUseLinkRow]] = {}
        if org is not None:
            for page, link_ids in _grouped_by_second(keys).items():
                pages = await listing_reads.single_use_link_pages(org, link_ids, page)
                found.update({(link_id, page): rows for link_id, rows in pages.items()})
        return [found.get(key, []) for key in keys]

    async def children_counts(
        keys: Sequence[tuple[int, SingleUseStatus | None]],
    ) -> list[int]:
        found: dict[tuple[int, SingleUseStatus | None], int] = {}
        if org is not None:
            for status, link_ids in _grouped_by_second(keys).items():
                counts = await listing_reads.single_use_link_counts(org, link_ids, status)
                found.update({(link_id, status): count for link_id, count in counts.items()})
        return [found.get(key, 0) for key in keys]

    async def booking_host_ids(booking_ids: Sequence[int]) -> list[list[int]]:
        grouped: dict[int, list[int]] = defaultdict(list)
        if org is not None:
            for booking_id, user_id in await listing_reads.host_ids_of_bookings(org, booking_ids):
                grouped[booking_id].append(user_id)
        return [grouped.get(booking_id, []) for booking_id in booking_ids]

    async def events(booking_ids: Sequence[int]) -> list[list[BookingEvent]]:
        grouped: dict[int, list[BookingEvent]] = defaultdict(list)
        if org is not None:
            rows = await BookingEvent.filter(
                booking_id__in=booking_ids, booking__organization_id=org
            ).order_by("booking_id", "occurred_at", "id")
            for row in rows:
                grouped[row.booking_id].append(row)
        return [grouped.get(booking_id, []) for booking_id in booking_ids]

    async def bookings_through(child_ids: Sequence[int]) -> list[list[Booking]]:
        grouped: dict[int, list[Booking]] = defaultdict(list)
        if org is not None:
            rows = await Booking.filter(
                single_use_link_id__in=child_ids, organization_id=org
            ).order_by("created_at", "id")
            for row in rows:
                assert row.single_use_link_id is not None
                grouped[row.single_use_link_id].append(row)
        return [grouped.get(child_id, []) for child_id in child_ids]

    return Loaders(
        user_by_id=_by_id(lambda ids: User.filter(id__in=ids, organization_id=org), org),
        api_key_by_id=_by_id(lambda ids: ApiKey.filter(id__in=ids, user__organization_id=org), org),
        organization_by_id=_by_id(lambda ids: Organization.filter(id__in=ids, id=org), org),
        meeting_type_by_id=_by_id(
            lambda ids: MeetingType.filter(id__in=ids, organization_id=org), org
        ),
        link_by_id=_by_id(lambda ids: Link.filter(id__in=ids, organization_id=org), org),
        host_ids_by_link_id=DataLoader(load_fn=host_ids),
        host_settings_by_link_id=DataLoader(load_fn=host_settings),
        single_use_link_by_id=_by_id(
            lambda ids: SingleUseLink.filter(id__in=ids, link__organization_id=org), org
        ),
        single_use_link_page=DataLoader(load_fn=children_pages),
        single_use_link_count=DataLoader(load_fn=children_counts),
        booking_by_id=_by_id(lambda ids: Booking.filter(id__in=ids, organization_id=org), org),
        host_ids_by_booking_id=DataLoader(load_fn=booking_host_ids),
        events_by_booking_id=DataLoader(load_fn=events),
        bookings_by_single_use_link_id=DataLoader(load_fn=bookings_through),
    )
