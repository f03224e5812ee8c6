"""The database's own no-double-booking guard (an exclusion constraint on PostgreSQL, triggers on
SQLite): it refuses what the domain would never write, even when the domain is bypassed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from tortoise.exceptions import IntegrityError

from models.db.tables import (
    Booking,
    BookingHost,
    Link,
    LocationKind,
    MeetingType,
    Organization,
    User,
)
from tests.support.databases import Backend

NINE = datetime(2031, 3, 3, 9, 0, tzinfo=UTC)
HALF_HOUR = timedelta(minutes=30)


@dataclass(frozen=True, slots=True)
class Calendar:
    link: Link
    host: User
    colleague: User
    bookings_made: list[int]

    async def booking(self) -> Booking:
        """A booking row with no host rows yet: the guard is on the host rows alone."""
        number = len(self.bookings_made) + 1
        self.bookings_made.append(number)
        return await Booking.create(
            organization_id=self.link.organization_id,
            link_id=self.link.id,
            start_at=NINE,
            end_at=NINE + HALF_HOUR,
            invitee_name=f"Invitee {number}",
            invitee_email=f"invitee{number}@example.test",
            invitee_time_zone="UTC",
            manage_token_hash=f"{number:064d}",
            manage_token_prefix="m_test",
        )

    async def claim(
        self,
        start: datetime,
        end: datetime,
        *,
        user: User | None = None,
        active: bool = True,
    ) -> BookingHost:
        booking = await self.booking()
        return await BookingHost.create(
            booking_id=booking.id,
            user_id=(user or self.host).id,
            start_at=start,
            end_at=end,
            blocked_start=start,
            blocked_end=end,
            active=active,
        )


@pytest.fixture
async def calendar(db: Backend) -> Calendar:
    organization = await Organization.create(name="Guard", slug="guard")
    host, colleague = [
        await User.create(
            organization_id=organization.id,
            email=f"{name}@guard.test",
            name=name.title(),
            time_zone="UTC",
            working_hours=[],
        )
        for name in ("hana", "carl")
    ]
    meeting_type = await MeetingType.create(
        organization_id=organization.id,
        name="Call",
        duration_minutes=30,
        location_kind=LocationKind.VIDEO,
    )
    link = await Link.create(
        organization_id=organization.id,
        owner_id=host.id,
        created_by_id=host.id,
        meeting_type_id=meeting_type.id,
        slug="call",
        name="Call",
    )
    return Calendar(link=link, host=host, colleague=colleague, bookings_made=[])


@pytest.mark.parametrize(
    ("start", "end"),
    [
        pytest.param(NINE, NINE + HALF_HOUR, id="same-range"),
        pytest.param(NINE + timedelta(minutes=15), NINE + timedelta(minutes=45), id="overlap-end"),
        pytest.param(
            NINE - timedelta(minutes=15), NINE + timedelta(minutes=15), id="overlap-start"
        ),
        pytest.param(NINE + timedelta(minutes=10), NINE + timedelta(minutes=20), id="inside"),
        pytest.param(NINE - HALF_HOUR, NINE + timedelta(hours=1), id="around"),
        pytest.param(
            NINE + HALF_HOUR - timedelta(milliseconds=1),
            NINE + timedelta(hours=1),
            id="one-millisecond",
        ),
    ],
)
async def test_overlapping_active_rows_of_one_host_are_refused(
    calendar: Calendar, start: datetime, end: datetime
) -> None:
    # given
    await calendar.claim(NINE, NINE + HALF_HOUR)

    # when / then
    with pytest.raises(IntegrityError):
        await calendar.claim(start, end)
    assert await BookingHost.filter(user_id=calendar.host.id).count() == 1


async def test_overlap_of_one_microsecond_is_refused(
    calendar: Calendar, db: Backend, request: pytest.FixtureRequest
) -> None:
    if db.name == "sqlite":
        # Harmless today (the domain writes whole minutes only), but the guard is not exact.
        request.applymarker(
            pytest.mark.xfail(
                reason="the SQLite trigger compares julianday() values, which keep milliseconds",
                raises=pytest.fail.Exception,
            )
        )
    await calendar.claim(NINE, NINE + HALF_HOUR)

    with pytest.raises(IntegrityError):
        await calendar.claim(
            NINE + HALF_HOUR - timedelta(microseconds=1), NINE + timedelta(hours=1)
        )


@pytest.mark.parametrize(
    ("start", "end"),
    [
        pytest.param(NINE + HALF_HOUR, NINE + timedelta(hours=1), id="right-after"),
        pytest.param(NINE - HALF_HOUR, NINE, id="right-before"),
    ],
)
async def test_touching_rows_are_allowed(
    calendar: Calendar, start: datetime, end: datetime
) -> None:
    await calendar.claim(NINE, NINE + HALF_HOUR)

    await calendar.claim(start, end)

    assert await BookingHost.filter(user_id=calendar.host.id, active=True).count() == 2


async def test_cancelled_row_does_not_block(calendar: Calendar) -> None:
    await calendar.claim(NINE, NINE + HALF_HOUR, active=False)

    await calendar.claim(NINE, NINE + HALF_HOUR)

    assert await BookingHost.filter(user_id=calendar.host.id).count() == 2


async def test_cancelled_row_may_overlap_an_active_one(calendar: Calendar) -> None:
    await calendar.claim(NINE, NINE + HALF_HOUR)

    await calendar.claim(NINE, NINE + HALF_HOUR, active=False)

    assert await BookingHost.filter(user_id=calendar.host.id).count() == 2


async def test_other_hosts_may_overlap(calendar: Calendar) -> None:
    await calendar.claim(NINE, NINE + HALF_HOUR)

    await calendar.claim(NINE, NINE + HALF_HOUR, user=calendar.colleague)

    assert await BookingHost.filter(start_at=NINE).count() == 2


async def test_moving_a_row_onto_another_is_refused(calendar: Calendar) -> None:
    # given
    await calendar.claim(NINE, NINE + HALF_HOUR)
    later = await calendar.claim(NINE + timedelta(hours=1), NINE + timedelta(hours=2))

    # when / then
    with pytest.raises(IntegrityError):
        await BookingHost.filter(id=later.id).update(start_at=NINE + timedelta(minutes=15))
    assert (await BookingHost.get(id=later.id)).start_at == NINE + timedelta(hours=1)


async def test_moving_a_row_within_its_own_range_is_allowed(calendar: Calendar) -> None:
    row = await calendar.claim(NINE, NINE + HALF_HOUR)

    await BookingHost.filter(id=row.id).update(end_at=NINE + timedelta(minutes=45))

    assert (await BookingHost.get(id=row.id)).end_at == NINE + timedelta(minutes=45)


async def test_reactivating_a_row_onto_another_is_refused(calendar: Calendar) -> None:
    # given
    await calendar.claim(NINE, NINE + HALF_HOUR)
    cancelled = await calendar.claim(NINE, NINE + HALF_HOUR, active=False)

    # when / then
    with pytest.raises(IntegrityError):
        await BookingHost.filter(id=cancelled.id).update(active=True)
    assert (await BookingHost.get(id=cancelled.id)).active is False


async def test_handing_a_row_to_a_busy_host_is_refused(calendar: Calendar) -> None:
    # given
    await calendar.claim(NINE, NINE + HALF_HOUR)
    colleagues = await calendar.claim(NINE, NINE + HALF_HOUR, user=calendar.colleague)

    # when / then
    with pytest.raises(IntegrityError):
        await BookingHost.filter(id=colleagues.id).update(user_id=calendar.host.id)
    assert (await BookingHost.get(id=colleagues.id)).user_id == calendar.colleague.id
