"""Meetings with known times for the meeting log and the reports, made through the domain."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from models.accounts.tokens import mint_secret
from models.booking.bookings import (
    Actor,
    Booked,
    BookingRequest,
    InviteeDetails,
    book_meeting,
    cancel_booking,
    reschedule_booking,
)
from models.db.tables import (
    ActorKind,
    Booking,
    BookingEvent,
    BookingEventKind,
    BookingHost,
    Link,
    SingleUseLink,
)
from models.errors import LinkUnavailableError
from models.links.single_use_links import Minted, MintOptions
from tests.support.booking_factories import (
    SERVER_SECRET,
    STANDARD_KEY,
    WEEKDAY_MORNINGS,
    at,
    create_booking_team,
    set_hours,
    upcoming_monday,
)
from tests.support.link_factories import Team, make_link, mint_one

DEMO_KEY = "acme/demo"
PAIRING_KEY = "acme/pairing"


@dataclass(frozen=True, slots=True)
class LogTeam:
    """The booking team (Max owns ``discovery``, hosted by Max and Hana), plus ``demo``, a
    managed link of Olga's that Max co-hosts, and ``pairing``, Ada's own link she hosts alone.
    Everyone is free Monday to Friday 09:00-12:00 UTC."""

    team: Team
    demo: Link
    pairing: Link

    @property
    def discovery(self) -> Link:
        return self.team.link


async def create_log_team(name: str = "Acme", *, domain: str = "acme.test") -> LogTeam:
    team = await create_booking_team(name, domain=domain)
    for user_id in (team.other.user_id, team.admin.user_id):
        await set_hours(user_id, WEEKDAY_MORNINGS)
    demo = await make_link(
        team.admin,
        team.meeting_type,
        name="Demo",
        owner_id=team.other.user_id,
        host_ids=[team.other.user_id, team.owner.user_id],
    )
    pairing = await make_link(team.admin, team.meeting_type, name="Pairing")
    await Link.filter(id__in=[demo.id, pairing.id]).update(
        minimum_notice_minutes=240, booking_horizon_days=60, slot_interval_minutes=30
    )
    return LogTeam(team=team, demo=demo, pairing=pairing)


async def book_at(
    key: str,
    start: datetime,
    email: str,
    *,
    booked_at: datetime | None = None,
    name: str = "Jane Prospect",
) -> Booking:
    """A booking through ``key``; ``booked_at`` overwrites the moment it was made."""
    booked: Booked = await book_meeting(
        BookingRequest(
            key=key, start=start, invitee=InviteeDetails(name=name, email=email, time_zone="UTC")
        ),
        server_secret=SERVER_SECRET,
    )
    if booked_at is not None:
        await set_booked_at(booked.booking.id, booked_at)
    return await Booking.get(id=booked.booking.id)


async def set_booked_at(booking_id: int, booked_at: datetime) -> None:
    await Booking.filter(id=booking_id).update(created_at=booked_at)


async def mint_at(
    team: Team, link: Link, minted_at: datetime | None = None, *, label: str = ""
) -> Minted:
    """A single-use child, minted by Max on his links and by Ada on the others."""
    account = team.owner if link.owner_id == team.owner.user_id else team.admin
    minted = await mint_one(account, link, MintOptions(label=label))
    if minted_at is not None:
        await SingleUseLink.filter(id=minted.single_use_link.id).update(created_at=minted_at)
    return minted


def slot_starts(first_day: date, count: int) -> list[datetime]:
    """``count`` slot starts of 30 minutes, 09:00 to 11:30 UTC, on consecutive weekdays."""
    starts: list[datetime] = []
    day = first_day
    while len(starts) < count:
        if day.weekday() < 5:
            starts.extend(
                at(day, f"{hour:02d}:{minute:02d}") for hour in (9, 10, 11) for minute in (0, 30)
            )
        day += timedelta(days=1)
    return starts[:count]


async def insert_bookings(team: Team, link: Link, starts: list[datetime]) -> None:
    """Rows written in bulk, each with its hosts and a BOOKED event: the domain would take
    seconds for sixty of them. Every other one is booked through a single-use child."""
    host_ids = [team.owner.user_id, team.host.user_id]
    now = datetime.now(UTC)
    children = [
        SingleUseLink(
            link_id=link.id,
            created_by_id=team.owner.user_id,
            token_hash=secret.digest,
            token_prefix=secret.prefix,
            label=f"Child {i}",
            uses=1,
        )
        for i, secret in enumerate(mint_secret() for _ in starts[::2])
    ]
    await SingleUseLink.bulk_create(children)
    child_ids = sorted(
        await SingleUseLink.filter(token_hash__in=[c.token_hash for c in children]).values_list(
            "id", flat=True
        )
    )
    manage_hashes = [mint_secret().digest for _ in starts]
    await Booking.bulk_create(
        [
            Booking(
                organization_id=link.organization_id,
                link_id=link.id,
                single_use_link_id=child_ids[i // 2] if i % 2 == 0 else None,
                start_at=start,
                end_at=start + timedelta(minutes=30),
                invitee_name=f"Invitee {i}",
                invitee_email=f"invitee-{i}@bulk.example",
                invitee_time_zone="UTC",
                manage_token_hash=manage_hash,
                manage_token_prefix="m_bulk",
                created_at=now,
            )
            for i, (start, manage_hash) in enumerate(zip(starts, manage_hashes, strict=True))
        ]
    )
    bookings = await Booking.filter(manage_token_hash__in=manage_hashes)
    await BookingHost.bulk_create(
        [
            BookingHost(
                booking_id=booking.id,
                user_id=user_id,
                start_at=booking.start_at,
                end_at=booking.end_at,
                blocked_start=booking.start_at,
                blocked_end=booking.end_at,
            )
            for booking in bookings
            for user_id in host_ids
        ]
    )
    await BookingEvent.bulk_create(
        [
            BookingEvent(
                booking_id=booking.id,
                kind=BookingEventKind.BOOKED,
                actor_kind=ActorKind.INVITEE,
                occurred_at=now,
            )
            for booking in bookings
        ]
    )


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# The report range: June 2025, from the first instant to the last.
REPORT_FROM = utc("2025-06-01 00:00")
REPORT_TO = utc("2025-07-01 00:00")


@dataclass(frozen=True, slots=True)
class ReportScenario:
    """Two owners, each with one link, as described in ``create_report_scenario``."""

    logs: LogTeam

    @property
    def team(self) -> Team:
        return self.logs.team


async def create_report_scenario() -> ReportScenario:
    """June 2025 in an organization where Max owns ``discovery`` and Olga owns ``demo``.

    Single-use links, by mint time (UTC); the first booking follows after the minutes given:

    | link | child | minted | outcome | refused attempts |
    | discovery | c0 | 05-31 23:59 | unused (before the range) | |
    | discovery | c1 | 06-02 09:00 | booked after 10 | 2 |
    | discovery | c2 | 06-03 10:00 | booked after 20, then cancelled | |
    | discovery | c3 | 06-08 23:50 (Sunday) | booked after 40 (on Monday) | |
    | discovery | c4 | 06-09 08:00 | revoked | 1 |
    | discovery | c5 | 06-09 12:00 | expired on 06-10, unused | 1 |
    | discovery | c6 | 06-10 09:00 | active | |
    | demo | d1 | 06-02 14:00 | booked after 10, moved once | |
    | demo | d2 | 06-04 09:00 | booked after 20 | 1 |
    | demo | d3 | 06-05 09:00 | booked after 40, one of two uses: still active | |
    | demo | d4 | 06-06 09:00 | booked after 60 | |
    | demo | d5 | 06-06 10:00 | revoked | |

    Standard bookings: on discovery s0 at 06-01 00:00 (the range's first instant) and s1 at
    06-03 11:00 (moved twice), and s9 at 07-01 00:00 (the range's end, outside); on demo s2
    at 06-09 09:00 (cancelled) and s8 at 05-31 23:59:59 (outside).
    """
    logs = await create_log_team()
    team = logs.team
    monday = upcoming_monday()
    tuesday, wednesday, thursday = (monday + timedelta(days=n) for n in (1, 2, 3))
    max_user, olga = Actor.user(team.owner.user_id), Actor.user(team.other.user_id)

    async def child(link: Link, minted_at: str) -> Minted:
        return await mint_at(team, link, utc(minted_at), label=f"minted {minted_at}")

    async def booked(minted: Minted, after_minutes: int, start: datetime) -> Booking:
        return await book_at(
            minted.token,
            start,
            "child@prospect.example",
            booked_at=await _minted_at(minted) + timedelta(minutes=after_minutes),
        )

    # Max co-hosts demo: discovery's meetings are on Monday, demo's on Wednesday.
    await child(logs.discovery, "2025-05-31 23:59")
    c1 = await child(logs.discovery, "2025-06-02 09:00")
    c2 = await child(logs.discovery, "2025-06-03 10:00")
    c3 = await child(logs.discovery, "2025-06-08 23:50")
    c4 = await child(logs.discovery, "2025-06-09 08:00")
    c5 = await child(logs.discovery, "2025-06-09 12:00")
    await child(logs.discovery, "2025-06-10 09:00")
    d1 = await child(logs.demo, "2025-06-02 14:00")
    d2 = await child(logs.demo, "2025-06-04 09:00")
    d3 = await child(logs.demo, "2025-06-05 09:00")
    d4 = await child(logs.demo, "2025-06-06 09:00")
    d5 = await child(logs.demo, "2025-06-06 10:00")
    await booked(c1, 10, at(monday, "09:30"))
    c2_booking = await booked(c2, 20, at(monday, "10:00"))
    await booked(c3, 40, at(monday, "11:00"))
    d1_booking = await booked(d1, 10, at(wednesday, "09:00"))
    await booked(d2, 20, at(wednesday, "09:30"))
    await booked(d3, 40, at(wednesday, "10:00"))
    await booked(d4, 60, at(wednesday, "10:30"))
    await SingleUseLink.filter(id__in=[c4.single_use_link.id, d5.single_use_link.id]).update(
        revoked_at=utc("2025-06-20 12:00")
    )
    await SingleUseLink.filter(id=c5.single_use_link.id).update(expires_at=utc("2025-06-10 00:00"))
    await SingleUseLink.filter(id=d3.single_use_link.id).update(max_uses=2)
    for refused in (c1, c1, c4, c5, d2):
        await _present_again(refused, at(thursday, "11:00"))

    s0 = await book_at(STANDARD_KEY, at(monday, "09:00"), "s0@x.example", booked_at=REPORT_FROM)
    s1 = await book_at(
        STANDARD_KEY, at(monday, "10:30"), "s1@x.example", booked_at=utc("2025-06-03 11:00")
    )
    await book_at(STANDARD_KEY, at(monday, "11:30"), "s9@x.example", booked_at=REPORT_TO)
    s2 = await book_at(
        DEMO_KEY, at(wednesday, "11:00"), "s2@x.example", booked_at=utc("2025-06-09 09:00")
    )
    await book_at(
        DEMO_KEY,
        at(wednesday, "11:30"),
        "s8@x.example",
        booked_at=REPORT_FROM - timedelta(seconds=1),
    )
    s1 = await reschedule_booking(s1, at(tuesday, "09:00"), max_user)
    await reschedule_booking(s1, at(tuesday, "09:30"), max_user)
    await reschedule_booking(d1_booking, at(thursday, "09:00"), olga)
    await cancel_booking(c2_booking, Actor.invitee())
    await cancel_booking(s2, olga)
    assert s0.created_at == REPORT_FROM
    return ReportScenario(logs=logs)


async def _minted_at(minted: Minted) -> datetime:
    return (await SingleUseLink.get(id=minted.single_use_link.id)).created_at


async def _present_again(minted: Minted, start: datetime) -> None:
    try:
        await book_at(minted.token, start, "again@prospect.example")
    except LinkUnavailableError:
        return
    raise AssertionError("the link should have refused the booking")
