"""A host free around the clock, links on it, single-use tokens and distinct slots: the
scenario shared by the concurrency and crash tests, which drive real server processes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from tortoise import connections

from models.accounts.viewer import Viewer
from models.db.tables import (
    Link,
    LinkHost,
    LocationKind,
    MeetingType,
    Organization,
    Role,
    SingleUseLink,
    User,
)
from models.links.assignment import Assignment
from models.links.single_use_links import MintOptions, mint_single_use_links

BOOK = """
mutation Book($input: BookMeetingInput!) {
  bookMeeting(input: $input) {
    __typename
    ... on BookingConfirmed { manageToken booking { id } }
    ... on LinkUnavailable { reason }
  }
}
"""

ALL_DAY_EVERY_DAY = [{"weekday": day, "start": "00:00", "end": "23:59"} for day in range(1, 8)]


@dataclass(frozen=True, slots=True)
class Scenario:
    viewer: Viewer
    links: list[Link]


async def storm_scenario(parent_links: int) -> Scenario:
    organization = await Organization.create(name="Storm", slug="storm")
    host = await User.create(
        organization_id=organization.id,
        email="host@storm.test",
        name="Hannah Host",
        time_zone="UTC",
        role=Role.ADMIN,
        working_hours=ALL_DAY_EVERY_DAY,
    )
    meeting_type = await MeetingType.create(
        organization_id=organization.id,
        name="Call",
        duration_minutes=30,
        location_kind=LocationKind.VIDEO,
    )
    links = []
    for number in range(parent_links):
        link = await Link.create(
            organization_id=organization.id,
            owner_id=host.id,
            created_by_id=host.id,
            meeting_type_id=meeting_type.id,
            slug=f"call-{number}",
            name=f"Call {number}",
            minimum_notice_minutes=0,
            booking_horizon_days=365,
            slot_interval_minutes=30,
        )
        await LinkHost.create(link_id=link.id, user_id=host.id)
        links.append(link)
    return Scenario(Viewer(user=host, organization=organization, api_key_id=0), links)


async def round_robin_scenario(hosts: int) -> Scenario:
    """One round-robin link whose pool is the scenario's host and ``hosts - 1`` more, all free
    around the clock."""
    scenario = await storm_scenario(parent_links=1)
    (link,) = scenario.links
    await Link.filter(id=link.id).update(assignment=Assignment.ROUND_ROBIN)
    for number in range(1, hosts):
        colleague = await User.create(
            organization_id=scenario.viewer.organization_id,
            email=f"host-{number}@storm.test",
            name=f"Host {number}",
            time_zone="UTC",
            role=Role.MEMBER,
            working_hours=ALL_DAY_EVERY_DAY,
        )
        await LinkHost.create(link_id=link.id, user_id=colleague.id, position=number)
    return scenario


async def mint_tokens(scenario: Scenario, link: Link, count: int, max_uses: int = 1) -> list[str]:
    minted = await mint_single_use_links(
        scenario.viewer, link.id, MintOptions(max_uses=max_uses), count=count
    )
    return [m.token for m in minted]


def distinct_slots(count: int, *, skip: int = 0) -> list[str]:
    """Distinct half-hour starts inside the host's hours, from two days ahead."""
    first_day = (datetime.now(UTC) + timedelta(days=2)).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    starts: list[str] = []
    index = 0
    day = first_day
    while len(starts) < count:
        for half_hours in range(46):
            if index >= skip and len(starts) < count:
                starts.append((day + timedelta(minutes=30 * half_hours)).isoformat())
            index += 1
        day += timedelta(days=1)
    return starts


async def uses_of_all() -> list[int]:
    return sorted(child.uses for child in await SingleUseLink.all())


def booking_variables(key: str, start: str, idempotency_key: str | None = None) -> dict[str, Any]:
    return {
        "input": {
            "key": key,
            "start": start,
            "invitee": {"name": "Iris Invitee", "email": "iris@prospect.test", "timeZone": "UTC"},
            "idempotencyKey": idempotency_key,
        }
    }


async def fresh_booking_requests(count: int, *, idempotent: bool = False) -> list[dict[str, Any]]:
    """Bookings by a fresh single-use token each, at a free slot each, of a host free around the
    clock (each with an idempotency key of its own when asked); then the ORM lets go, so that
    the server is alone with the database (on SQLite the next read is then the first since a
    crash)."""
    scenario = await storm_scenario(parent_links=1)
    tokens: list[str] = []
    while len(tokens) < count:
        tokens += await mint_tokens(scenario, scenario.links[0], min(500, count - len(tokens)))
    await connections.get("default").close()
    return [
        booking_variables(token, slot, f"retry-{uuid.uuid4()}" if idempotent else None)
        for token, slot in zip(tokens, distinct_slots(count), strict=True)
    ]
