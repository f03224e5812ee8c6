"""Hosts with known hours, dates that stay in the future, and bookings made through the domain."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from config import DEVELOPMENT_SECRET_KEY
from models.booking.bookings import Booked, BookingRequest, InviteeDetails, book_meeting
from models.db.tables import Link, SingleUseLink, User
from tests.conftest import GraphQLClient
from tests.support.link_factories import Team, create_team

# What the test apps' settings hold: bookings made here replay through the API too.
SERVER_SECRET = DEVELOPMENT_SECRET_KEY.encode()

STANDARD_KEY = "acme/discovery-call"
MONDAY, SUNDAY = 1, 7
WEEKDAY_MORNINGS = [(weekday, "09:00", "12:00") for weekday in range(1, 6)]
INVITEE_NAME = "Jane Prospect"
INVITEE_EMAIL = "jane@prospect.example"
CONTACT_MAX = "Please contact Max Member (max@acme.test) to arrange a meeting."


def upcoming_monday(min_days: int = 3) -> date:
    """The first Monday at least ``min_days`` ahead: inside the default 60-day horizon, and
    far enough off for the default 4-hour minimum notice."""
    day = (datetime.now(UTC) + timedelta(days=min_days)).date()
    return day + timedelta(days=(7 - day.weekday()) % 7)


def upcoming_winter_monday() -> date:
    """A Monday in December to February: standard time in Europe, whatever today is."""
    day = upcoming_monday()
    while day.month not in (12, 1, 2):
        day += timedelta(days=7)
    return day


def _midnight_offset(day: date, zone: ZoneInfo) -> timedelta:
    offset = datetime.combine(day, time(0), zone).utcoffset()
    assert offset is not None
    return offset


def next_offset_change(zone_name: str, *, forward: bool, min_days: int = 3) -> date:
    """The next local date on which the zone's clocks jump forward (or fall back)."""
    zone = ZoneInfo(zone_name)
    day = (datetime.now(UTC) + timedelta(days=min_days)).date()
    for _ in range(800):
        before = _midnight_offset(day, zone)
        after = _midnight_offset(day + timedelta(days=1), zone)
        if (after > before) if forward else (after < before):
            return day
        day += timedelta(days=1)
    raise AssertionError(f"{zone_name} has no offset change in the next two years")


def at(day: date, clock: str, zone: str = "UTC") -> datetime:
    """A wall-clock time of ``day`` in ``zone``, as an aware datetime."""
    return datetime.combine(day, time.fromisoformat(clock), ZoneInfo(zone))


def iso(day: date, clock: str, zone: str = "UTC") -> str:
    """How the API prints that instant in ``zone``."""
    return at(day, clock, zone).isoformat()


async def set_hours(
    user_id: int, ranges: Sequence[tuple[int, str, str]], *, time_zone: str = "UTC"
) -> None:
    await User.filter(id=user_id).update(
        time_zone=time_zone,
        working_hours=[
            {"weekday": weekday, "start": start, "end": end} for weekday, start, end in ranges
        ],
    )


async def create_booking_team(name: str = "Acme", *, domain: str = "acme.test") -> Team:
    """The links test team, with its link's rules and both hosts' hours set explicitly:
    Max (owner) and Hana host ``acme/discovery-call`` (30 minutes on a 30-minute grid, 4 hours
    notice, 60 days ahead), both free Monday to Friday 09:00-12:00 UTC."""
    team = await create_team(name, domain=domain)
    await Link.filter(id=team.link.id).update(
        minimum_notice_minutes=240, booking_horizon_days=60, slot_interval_minutes=30
    )
    for user_id in (team.owner.user_id, team.host.user_id):
        await set_hours(user_id, WEEKDAY_MORNINGS)
    return team


async def book(
    key: str,
    start: datetime,
    *,
    name: str = INVITEE_NAME,
    email: str = INVITEE_EMAIL,
    idempotency_key: str | None = None,
) -> Booked:
    return await book_meeting(
        BookingRequest(
            key=key,
            start=start,
            invitee=InviteeDetails(name=name, email=email, time_zone="UTC"),
            idempotency_key=idempotency_key,
        ),
        server_secret=SERVER_SECRET,
    )


async def uses_of(single_use_link_id: int) -> int:
    return (await SingleUseLink.get(id=single_use_link_id)).uses


async def execute(
    client: GraphQLClient,
    document: str,
    variables: Mapping[str, object] | None = None,
    *,
    key: str | None = None,
) -> dict[str, Any]:
    """The ``data`` of a response that must carry no GraphQL error."""
    result = await client.execute(document, dict(variables or {}), key=key)
    assert "errors" not in result, result
    data = result["data"]
    assert isinstance(data, dict)
    return data
