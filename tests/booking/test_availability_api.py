"""availableSlots over GraphQL, on a public booking page and on an owner's Link: the slot
function fed from the database (hours, overrides, bookings, zones) and its input checks."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from models.booking.availability_settings import add_date_override
from models.db.tables import Link, MeetingType, User
from models.links.single_use_links import MintOptions
from tests.conftest import GraphQLClient
from tests.support.booking_factories import (
    STANDARD_KEY,
    SUNDAY,
    at,
    book,
    create_booking_team,
    execute,
    iso,
    next_offset_change,
    set_hours,
    upcoming_monday,
    upcoming_winter_monday,
)
from tests.support.link_factories import Team, global_id, make_link, make_meeting_type, mint_one

PUBLIC_SLOTS = """
query ($key: String!, $from: DateTime!, $to: DateTime!, $timeZone: String!) {
  publicLink(key: $key) {
    __typename
    ... on PublicLink {
      availableSlots(from: $from, to: $to, timeZone: $timeZone) {
        __typename
        ... on AvailableSlots { timeZone slots }
        ... on InvalidInput { fieldErrors { field message } }
      }
    }
  }
}
"""
LINK_SLOTS = """
query ($id: ID!, $from: DateTime!, $to: DateTime!, $timeZone: String!) {
  link(id: $id) {
    availableSlots(from: $from, to: $to, timeZone: $timeZone) {
      __typename
      ... on AvailableSlots { timeZone slots }
      ... on InvalidInput { fieldErrors { field message } }
    }
  }
}
"""
MORNING = ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"]


@pytest.fixture
async def team(client: GraphQLClient) -> Team:
    return await create_booking_team()


@pytest.fixture
def monday() -> date:
    return upcoming_monday()


async def public_slots(
    client: GraphQLClient,
    start: str,
    end: str,
    *,
    time_zone: str = "UTC",
    key: str = STANDARD_KEY,
) -> Any:
    variables = {"key": key, "from": start, "to": end, "timeZone": time_zone}
    data = await execute(client, PUBLIC_SLOTS, variables)
    assert data["publicLink"]["__typename"] == "PublicLink", data
    return data["publicLink"]["availableSlots"]


def day_window(day: date, days: int = 1, zone: str = "UTC") -> tuple[str, str]:
    return iso(day, "00:00", zone), iso(day + timedelta(days=days), "00:00", zone)


def slots_at(day: date, clocks: list[str], zone: str = "UTC") -> dict[str, object]:
    return {
        "__typename": "AvailableSlots",
        "timeZone": zone,
        "slots": [iso(day, clock, zone) for clock in clocks],
    }


async def test_public_page_lists_every_start_of_the_hosts_shared_hours(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    assert await public_slots(client, *day_window(monday)) == slots_at(monday, MORNING)


async def test_owners_link_lists_the_same_starts(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    start, end = day_window(monday)

    data = await execute(
        client,
        LINK_SLOTS,
        {"id": global_id("Link", team.link.id), "from": start, "to": end, "timeZone": "UTC"},
        key=team.owner.key,
    )

    assert data["link"]["availableSlots"] == slots_at(monday, MORNING)


async def test_window_bounds_are_from_inclusive_and_to_exclusive(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    slots = await public_slots(client, iso(monday, "09:30"), iso(monday, "11:00"))

    assert slots == slots_at(monday, ["09:30", "10:00", "10:30"])


async def test_single_use_page_lists_the_parents_starts_until_its_own_start_cutoff(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    minted = await mint_one(team.owner, team.link, MintOptions(starts_before=at(monday, "10:00")))

    slots = await public_slots(client, *day_window(monday, days=2), key=minted.token)

    assert slots == slots_at(monday, ["09:00", "09:30"])


async def test_slots_are_given_with_the_asked_zones_offset(
    client: GraphQLClient, team: Team
) -> None:
    # given: a Monday in European winter time
    winter_monday = upcoming_winter_monday()
    await Link.filter(id=team.link.id).update(booking_horizon_days=730)

    # when
    slots = await public_slots(
        client, iso(winter_monday, "09:00"), iso(winter_monday, "10:30"), time_zone="Europe/Berlin"
    )

    # then: 09:00 UTC is 10:00 in Berlin
    assert slots == {
        "__typename": "AvailableSlots",
        "timeZone": "Europe/Berlin",
        "slots": [
            f"{winter_monday}T10:00:00+01:00",
            f"{winter_monday}T10:30:00+01:00",
            f"{winter_monday}T11:00:00+01:00",
        ],
    }


async def test_booked_slot_disappears(client: GraphQLClient, team: Team, monday: date) -> None:
    # given
    await book(STANDARD_KEY, at(monday, "10:00"))

    # when
    slots = await public_slots(client, *day_window(monday))

    # then
    assert slots == slots_at(monday, ["09:00", "09:30", "10:30", "11:00", "11:30"])


async def test_longer_booking_of_one_host_through_another_link_blocks_every_slot_it_covers(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    # given: Hana's 60-minute workshop, 09:30-10:30
    workshop = await make_meeting_type(
        team.tenant.organization_id, name="Workshop", duration_minutes=60
    )
    await make_link(team.host, workshop, name="Workshop")
    await book("acme/workshop", at(monday, "09:30"))

    # when
    slots = await public_slots(client, *day_window(monday))

    # then
    assert slots == slots_at(monday, ["09:00", "10:30", "11:00", "11:30"])


async def test_buffer_after_keeps_meetings_apart_both_ways(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    # given: 15 minutes free after every meeting, a 15-minute grid, and 10:00-10:30 booked
    await MeetingType.filter(id=team.meeting_type.id).update(buffer_after_minutes=15)
    await Link.filter(id=team.link.id).update(slot_interval_minutes=15)
    await book(STANDARD_KEY, at(monday, "10:00"))

    # when
    slots = await public_slots(client, *day_window(monday))

    # then: a meeting ending 09:45 keeps its buffer clear of 10:00; 10:45 is after the buffer
    assert slots == slots_at(monday, ["09:00", "09:15", "10:45", "11:00", "11:15", "11:30"])


async def test_day_off_override_removes_that_day(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    # given
    hana = await User.get(id=team.host.user_id)
    await add_date_override(hana, monday, [])

    # when
    slots = await public_slots(client, *day_window(monday, days=2))

    # then
    tuesday = monday + timedelta(days=1)
    assert slots == slots_at(tuesday, MORNING)


async def test_hosts_in_different_zones_offer_only_their_overlap(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    # given: Max 09:00-12:00 UTC; Hana 19:00-23:00 in Tokyo (no DST), that is 10:00-14:00 UTC
    await set_hours(
        team.host.user_id, [(day, "19:00", "23:00") for day in range(1, 6)], time_zone="Asia/Tokyo"
    )

    # when
    slots = await public_slots(client, *day_window(monday))

    # then
    assert slots == slots_at(monday, ["10:00", "10:30", "11:00", "11:30"])


@pytest.mark.parametrize(
    ("window", "time_zone", "field", "message"),
    [
        pytest.param((0, 63), "UTC", "to", "the range may span at most 62 days", id="over-62-days"),
        pytest.param((1, 0), "UTC", "to", "must be after from", id="to-before-from"),
        pytest.param((1, 1), "UTC", "to", "must be after from", id="empty-range"),
        pytest.param(
            (0, 1),
            "Atlantis/Capital",
            "timeZone",
            "'Atlantis/Capital' is not an IANA time zone (e.g. Europe/Berlin)",
            id="unknown-time-zone",
        ),
    ],
)
async def test_bad_window_or_zone_names_the_field(
    client: GraphQLClient,
    team: Team,
    monday: date,
    window: tuple[int, int],
    time_zone: str,
    field: str,
    message: str,
) -> None:
    start, end = (iso(monday + timedelta(days=offset), "00:00") for offset in window)

    slots = await public_slots(client, start, end, time_zone=time_zone)

    assert slots == {
        "__typename": "InvalidInput",
        "fieldErrors": [{"field": field, "message": message}],
    }


async def test_a_window_of_exactly_62_days_is_accepted(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    slots = await public_slots(client, *day_window(monday, days=62))

    assert slots["__typename"] == "AvailableSlots"


async def test_naive_from_is_refused(client: GraphQLClient, team: Team, monday: date) -> None:
    slots = await public_slots(client, f"{monday}T00:00:00", iso(monday, "12:00"))

    assert slots == {
        "__typename": "InvalidInput",
        "fieldErrors": [
            {"field": "from", "message": "must carry a UTC offset, e.g. 2030-01-31T09:00:00+01:00"}
        ],
    }


async def _dst_link(team: Team, zone: str, sunday_hours: tuple[str, str]) -> None:
    """Max alone hosts ``acme/night-shift`` on Sundays, in ``zone``, up to two years ahead."""
    await set_hours(team.owner.user_id, [(SUNDAY, *sunday_hours)], time_zone=zone)
    link = await make_link(team.owner, team.meeting_type, name="Night shift")
    await Link.filter(id=link.id).update(booking_horizon_days=730)


async def test_spring_forward_day_skips_the_missing_hour(client: GraphQLClient, team: Team) -> None:
    # given: Max works 01:00-04:00 Berlin time on the Sunday the clocks jump 02:00 -> 03:00
    sunday = next_offset_change("Europe/Berlin", forward=True)
    await _dst_link(team, "Europe/Berlin", ("01:00", "04:00"))

    # when
    slots = await public_slots(
        client,
        *day_window(sunday, zone="Europe/Berlin"),
        time_zone="Europe/Berlin",
        key="acme/night-shift",
    )

    # then: two real hours, 00:00-02:00 UTC
    assert slots == {
        "__typename": "AvailableSlots",
        "timeZone": "Europe/Berlin",
        "slots": [
            f"{sunday}T01:00:00+01:00",
            f"{sunday}T01:30:00+01:00",
            f"{sunday}T03:00:00+02:00",
            f"{sunday}T03:30:00+02:00",
        ],
    }
    utc = await public_slots(
        client, *day_window(sunday, zone="Europe/Berlin"), key="acme/night-shift"
    )
    assert utc == slots_at(sunday, ["00:00", "00:30", "01:00", "01:30"])


async def test_fall_back_day_offers_the_repeated_hour_twice(
    client: GraphQLClient, team: Team
) -> None:
    # given: Max works 00:00-03:00 New York time on the Sunday 02:00 EDT falls back to 01:00 EST
    sunday = next_offset_change("America/New_York", forward=False)
    await _dst_link(team, "America/New_York", ("00:00", "03:00"))

    # when
    slots = await public_slots(
        client,
        *day_window(sunday, zone="America/New_York"),
        time_zone="America/New_York",
        key="acme/night-shift",
    )

    # then: four real hours, 04:00-08:00 UTC
    assert slots == {
        "__typename": "AvailableSlots",
        "timeZone": "America/New_York",
        "slots": [
            f"{sunday}T00:00:00-04:00",
            f"{sunday}T00:30:00-04:00",
            f"{sunday}T01:00:00-04:00",
            f"{sunday}T01:30:00-04:00",
            f"{sunday}T01:00:00-05:00",
            f"{sunday}T01:30:00-05:00",
            f"{sunday}T02:00:00-05:00",
            f"{sunday}T02:30:00-05:00",
        ],
    }


async def test_a_range_wholly_past_the_horizon_says_so(client: GraphQLClient, team: Team) -> None:
    # given a link that books 60 days ahead
    far = date.today() + timedelta(days=90)

    # when slots are asked for a week three months out
    slots = await public_slots(client, iso(far, "00:00"), iso(far + timedelta(days=7), "00:00"))

    # then the answer says why there are none
    assert slots["__typename"] == "InvalidInput"
    [error] = slots["fieldErrors"]
    assert error["field"] == "from"
    assert error["message"].startswith(
        "is past how far ahead this link books: the last bookable start is "
    )
