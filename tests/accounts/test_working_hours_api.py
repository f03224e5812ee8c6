"""setWorkingHours, addDateOverride and removeDateOverride: who may change whose hours, what
is valid, and that the slots follow."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

import pytest

from models.booking.availability_settings import TimeRange, add_date_override
from models.db.tables import DateOverride, User
from tests.conftest import GraphQLClient
from tests.support.booking_factories import (
    STANDARD_KEY,
    WEEKDAY_MORNINGS,
    create_booking_team,
    execute,
    iso,
    upcoming_monday,
)
from tests.support.factories import create_tenant
from tests.support.link_factories import Team, global_id

SET_WORKING_HOURS = """
mutation ($input: SetWorkingHoursInput!) {
  setWorkingHours(input: $input) {
    __typename
    ... on WorkingHoursSaved { user { email workingHours { weekday start end } } }
    ... on InvalidInput { fieldErrors { field message } }
    ... on NotFound { message }
    ... on Forbidden { message }
  }
}
"""
ADD_DATE_OVERRIDE = """
mutation ($input: AddDateOverrideInput!) {
  addDateOverride(input: $input) {
    __typename
    ... on DateOverrideSaved { dateOverride { id date ranges { weekday start end } } }
    ... on InvalidInput { fieldErrors { field message } }
    ... on NotFound { message }
    ... on Forbidden { message }
  }
}
"""
REMOVE_DATE_OVERRIDE = """
mutation ($id: ID!) {
  removeDateOverride(input: {id: $id}) {
    __typename
    ... on DateOverrideRemoved { removedId }
    ... on NotFound { message }
    ... on Forbidden { message }
  }
}
"""
PUBLIC_SLOTS = """
query ($key: String!, $from: DateTime!, $to: DateTime!) {
  publicLink(key: $key) {
    ... on PublicLink { availableSlots(from: $from, to: $to) { ... on AvailableSlots { slots } } }
  }
}
"""
AFTERNOONS = [
    {"weekday": 1, "start": "13:00", "end": "15:00"},
    {"weekday": 3, "start": "08:30", "end": "10:00"},
    {"weekday": 3, "start": "14:00", "end": "16:00"},
]
STORED_MORNINGS = [
    {"weekday": weekday, "start": start, "end": end} for weekday, start, end in WEEKDAY_MORNINGS
]
ADMINS_ONLY = {
    "__typename": "Forbidden",
    "message": "Only an admin of the organization may do this.",
}


@pytest.fixture
async def team(client: GraphQLClient) -> Team:
    return await create_booking_team()


@pytest.fixture
def monday() -> date:
    return upcoming_monday()


async def set_working_hours(
    client: GraphQLClient, key: str, ranges: list[dict[str, Any]], user_id: str | None = None
) -> Any:
    variables = {"input": {"ranges": ranges, "userId": user_id}}
    return (await execute(client, SET_WORKING_HOURS, variables, key=key))["setWorkingHours"]


async def add_override(
    client: GraphQLClient,
    key: str,
    day: date,
    ranges: list[dict[str, str]],
    user_id: str | None = None,
) -> Any:
    variables = {"input": {"date": day.isoformat(), "ranges": ranges, "userId": user_id}}
    return (await execute(client, ADD_DATE_OVERRIDE, variables, key=key))["addDateOverride"]


async def stored_hours(user_id: int) -> list[dict[str, Any]]:
    return (await User.get(id=user_id)).working_hours


async def test_member_sets_their_own_hours(client: GraphQLClient, team: Team) -> None:
    result = await set_working_hours(client, team.owner.key, AFTERNOONS)

    assert result == {
        "__typename": "WorkingHoursSaved",
        "user": {"email": "max@acme.test", "workingHours": AFTERNOONS},
    }
    assert await stored_hours(team.owner.user_id) == AFTERNOONS


async def test_hours_may_run_to_midnight_and_offer_the_days_last_start(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    """Working hours may end at 24:00: the day's last meeting ends at midnight."""
    # given: both hosts work Monday evenings until midnight
    evening = [{"weekday": 1, "start": "22:00", "end": "24:00"}]
    saved = await set_working_hours(client, team.owner.key, evening)
    await set_working_hours(client, team.host.key, evening)

    # when
    data = await execute(
        client,
        PUBLIC_SLOTS,
        {
            "key": STANDARD_KEY,
            "from": iso(monday, "00:00"),
            "to": iso(monday + timedelta(days=1), "00:00"),
        },
    )

    # then
    assert saved["user"]["workingHours"] == evening
    assert await stored_hours(team.owner.user_id) == evening
    assert data["publicLink"]["availableSlots"]["slots"] == [
        iso(monday, clock) for clock in ["22:00", "22:30", "23:00", "23:30"]
    ]


async def test_new_hours_apply_to_the_next_slot_read(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    # given: Max now works Mondays 13:00-15:00 only; Hana is free 09:00-12:00 and 13:00-15:00
    await set_working_hours(client, team.owner.key, AFTERNOONS)
    await set_working_hours(
        client, team.host.key, [{"weekday": 1, "start": "09:00", "end": "15:00"}]
    )

    # when
    data = await execute(
        client,
        PUBLIC_SLOTS,
        {"key": STANDARD_KEY, "from": iso(monday, "00:00"), "to": iso(monday, "23:59")},
    )

    # then
    assert data["publicLink"]["availableSlots"]["slots"] == [
        iso(monday, clock) for clock in ["13:00", "13:30", "14:00", "14:30"]
    ]


async def test_member_cannot_set_another_users_hours(client: GraphQLClient, team: Team) -> None:
    result = await set_working_hours(
        client, team.owner.key, AFTERNOONS, user_id=team.host.global_id
    )

    assert result == ADMINS_ONLY
    assert await stored_hours(team.host.user_id) == STORED_MORNINGS


async def test_admin_sets_a_members_hours(client: GraphQLClient, team: Team) -> None:
    result = await set_working_hours(
        client, team.admin.key, AFTERNOONS, user_id=team.host.global_id
    )

    assert result == {
        "__typename": "WorkingHoursSaved",
        "user": {"email": "hana@acme.test", "workingHours": AFTERNOONS},
    }
    assert await stored_hours(team.host.user_id) == AFTERNOONS


async def test_admin_cannot_set_hours_in_another_organization(
    client: GraphQLClient, team: Team
) -> None:
    other = await create_tenant("Globex", domain="globex.test")

    result = await set_working_hours(
        client, other.admin.key, AFTERNOONS, user_id=team.host.global_id
    )

    assert result == {"__typename": "NotFound", "message": "No such user."}
    assert await stored_hours(team.host.user_id) == STORED_MORNINGS


@pytest.mark.parametrize(
    ("ranges", "field_errors"),
    [
        pytest.param(
            [
                {"weekday": 2, "start": "09:00", "end": "12:00"},
                {"weekday": 2, "start": "11:00", "end": "13:00"},
            ],
            [
                {
                    "field": "ranges",
                    "message": "ranges overlap on weekday 2: 09:00-12:00 and 11:00-13:00",
                }
            ],
            id="overlapping",
        ),
        pytest.param(
            [
                {"weekday": 1, "start": "09:00", "end": "12:00"},
                {"weekday": 1, "start": "17:00", "end": "13:00"},
            ],
            [{"field": "ranges[1]", "message": "start must be before end"}],
            id="start-after-end",
        ),
        pytest.param(
            [{"weekday": 1, "start": "12:00", "end": "12:00"}],
            [{"field": "ranges[0]", "message": "start must be before end"}],
            id="empty-range",
        ),
        pytest.param(
            [{"weekday": 1, "start": "9:00", "end": "12:60"}],
            [
                {"field": "ranges[0].start", "message": "must be a local time as HH:MM"},
                {"field": "ranges[0].end", "message": "must be a local time as HH:MM"},
            ],
            id="bad-clock",
        ),
        pytest.param(
            [{"weekday": 1, "start": "09:00:00", "end": "12:00"}],
            [{"field": "ranges[0].start", "message": "must be a local time as HH:MM"}],
            id="clock-with-seconds",
        ),
        pytest.param(
            [{"weekday": 1, "start": "24:00", "end": "24:00"}],
            [{"field": "ranges[0].start", "message": "24:00 can only end a range"}],
            id="24:00-as-a-start",
        ),
        pytest.param(
            [
                {"weekday": 1, "start": "20:00", "end": "24:00"},
                {"weekday": 1, "start": "23:00", "end": "23:30"},
            ],
            [
                {
                    "field": "ranges",
                    "message": "ranges overlap on weekday 1: 20:00-24:00 and 23:00-23:30",
                }
            ],
            id="overlapping-a-range-to-midnight",
        ),
        pytest.param(
            [{"weekday": 8, "start": "09:00", "end": "12:00"}],
            [
                {
                    "field": "ranges[0].weekday",
                    "message": "must be an ISO weekday from 1 (Monday) to 7 (Sunday)",
                }
            ],
            id="weekday-8",
        ),
    ],
)
async def test_invalid_weekly_ranges_name_the_range_and_change_nothing(
    client: GraphQLClient,
    team: Team,
    ranges: list[dict[str, Any]],
    field_errors: list[dict[str, str]],
) -> None:
    result = await set_working_hours(client, team.owner.key, ranges)

    assert result == {"__typename": "InvalidInput", "fieldErrors": field_errors}
    assert await stored_hours(team.owner.user_id) == STORED_MORNINGS


async def test_date_override_with_no_ranges_is_a_day_off(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    result = await add_override(client, team.owner.key, monday, [])

    row = await DateOverride.get(user_id=team.owner.user_id)
    assert result == {
        "__typename": "DateOverrideSaved",
        "dateOverride": {
            "id": global_id("DateOverride", row.id),
            "date": monday.isoformat(),
            "ranges": [],
        },
    }
    assert (row.date, row.ranges) == (monday, [])


async def test_second_override_of_the_same_date_replaces_the_first(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    # given
    first = await add_override(client, team.owner.key, monday, [])

    # when
    second = await add_override(
        client,
        team.owner.key,
        monday,
        [{"start": "14:00", "end": "16:00"}, {"start": "08:00", "end": "09:30"}],
    )

    # then
    assert second == {
        "__typename": "DateOverrideSaved",
        "dateOverride": {
            "id": first["dateOverride"]["id"],
            "date": monday.isoformat(),
            "ranges": [
                {"weekday": 1, "start": "08:00", "end": "09:30"},
                {"weekday": 1, "start": "14:00", "end": "16:00"},
            ],
        },
    }
    assert await DateOverride.filter(user_id=team.owner.user_id).count() == 1


async def test_member_cannot_add_an_override_for_another_user(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    result = await add_override(client, team.owner.key, monday, [], user_id=team.host.global_id)

    assert result == ADMINS_ONLY
    assert await DateOverride.all().count() == 0


@pytest.mark.parametrize(
    ("ranges", "field_errors"),
    [
        pytest.param(
            [{"start": "15:00", "end": "14:00"}],
            [{"field": "ranges[0]", "message": "start must be before end"}],
            id="start-after-end",
        ),
        pytest.param(
            [{"start": "25:00", "end": "26:00"}],
            [
                {"field": "ranges[0].start", "message": "must be a local time as HH:MM"},
                {"field": "ranges[0].end", "message": "must be a local time as HH:MM"},
            ],
            id="bad-clock",
        ),
    ],
)
async def test_invalid_override_ranges_name_the_range_and_save_nothing(
    client: GraphQLClient,
    team: Team,
    monday: date,
    ranges: list[dict[str, str]],
    field_errors: list[dict[str, str]],
) -> None:
    result = await add_override(client, team.owner.key, monday, ranges)

    assert result == {"__typename": "InvalidInput", "fieldErrors": field_errors}
    assert await DateOverride.all().count() == 0


async def test_overlapping_override_ranges_are_refused_naming_the_dates_weekday(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    wednesday = monday + timedelta(days=2)

    result = await add_override(
        client,
        team.owner.key,
        wednesday,
        [{"start": "09:00", "end": "12:00"}, {"start": "11:00", "end": "13:00"}],
    )

    assert result == {
        "__typename": "InvalidInput",
        "fieldErrors": [
            {
                "field": "ranges",
                "message": "ranges overlap on weekday 3: 09:00-12:00 and 11:00-13:00",
            }
        ],
    }
    assert await DateOverride.all().count() == 0


async def test_member_removes_their_own_override(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    # given
    row = await add_date_override(await User.get(id=team.owner.user_id), monday, [])
    override_id = global_id("DateOverride", row.id)

    # when
    data = await execute(client, REMOVE_DATE_OVERRIDE, {"id": override_id}, key=team.owner.key)

    # then
    assert data["removeDateOverride"] == {
        "__typename": "DateOverrideRemoved",
        "removedId": override_id,
    }
    assert await DateOverride.all().count() == 0


async def _members_override(team: Team) -> tuple[str, int]:
    """Hana's override, as Max (a member) sees it."""
    hana = await User.get(id=team.host.user_id)
    row = await add_date_override(hana, upcoming_monday(), [TimeRange(time(13), time(14))])
    return team.owner.key, row.id


async def _other_organizations_override(team: Team) -> tuple[str, int]:
    """Another organization's override, as Acme's admin sees it."""
    other = await create_tenant("Globex", domain="globex.test")
    admin = await User.get(id=other.admin.user_id)
    row = await add_date_override(admin, upcoming_monday(), [])
    return team.admin.key, row.id


@pytest.mark.parametrize(
    "someone_elses",
    [
        pytest.param(_members_override, id="another-members"),
        pytest.param(_other_organizations_override, id="another-organizations"),
    ],
)
async def test_someone_elses_override_cannot_be_removed(
    client: GraphQLClient, team: Team, someone_elses: Any
) -> None:
    # given
    key, override_id = await someone_elses(team)

    # when
    data = await execute(
        client, REMOVE_DATE_OVERRIDE, {"id": global_id("DateOverride", override_id)}, key=key
    )

    # then
    assert data["removeDateOverride"] == {
        "__typename": "NotFound",
        "message": "No such date override.",
    }
    assert await DateOverride.exists(id=override_id)
