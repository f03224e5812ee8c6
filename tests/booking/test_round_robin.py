"""Routing a link's meetings: round robin gives each booking one host of the pool, the one
whose turn it is among those free; the invitee sees a time when any host is free. From the
vendors: Calendly and Cal.com's round-robin event types, LeanData BookIt "routes a prospect
to the right owner", OnceHub's one-time links on pages that assign "by rules"."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from models.db.tables import BookingHost, Link, MeetingType, User, WebhookEvent
from models.errors import SlotUnavailableError
from models.links.assignment import Assignment, HostLoad, PoolHost, round_robin_order
from tests.conftest import GraphQLClient
from tests.support.booking_factories import (
    at,
    book,
    create_booking_team,
    execute,
    set_hours,
    upcoming_monday,
)
from tests.support.link_factories import Team, global_id
from tests.support.routing_factories import ALL_DAY, HOSTS, pool_ids, round_robin_link


async def attended_by(team: Team) -> Counter[str]:
    names = {user_id: name for name, user_id in pool_ids(team).items()}
    rows = await BookingHost.all().values_list("user_id", flat=True)
    return Counter(names[int(user_id)] for user_id in rows)  # type: ignore[call-overload]


def starts(count: int) -> list[datetime]:
    """Distinct half-hours, each within a day's hours (00:00-23:30), day after day."""
    first = at(upcoming_monday(), "00:00")
    per_day = 47
    return [first + timedelta(days=n // per_day, minutes=30 * (n % per_day)) for n in range(count)]


@pytest.fixture
async def team(client: GraphQLClient) -> Team:
    team = await create_booking_team()
    for user_id in pool_ids(team).values():
        await set_hours(user_id, ALL_DAY)
    return team


# --- the turn ----------------------------------------------------------------------------


def test_the_turn_goes_to_the_fewest_bookings_for_the_weight_then_the_least_recent() -> None:
    pool = [PoolHost(1, 1, 0), PoolHost(2, 1, 1), PoolHost(3, 2, 2)]
    early = datetime(2026, 1, 1, tzinfo=UTC)
    late = early + timedelta(hours=1)

    assert round_robin_order(pool, {}) == [1, 2, 3]
    assert round_robin_order(pool, {1: HostLoad(1, early)}) == [2, 3, 1]
    # 3 weighs 2: two bookings are its share of one
    assert round_robin_order(
        pool, {1: HostLoad(1, late), 2: HostLoad(1, early), 3: HostLoad(2, early)}
    ) == [2, 3, 1]
    assert round_robin_order(pool, {1: HostLoad(1, late), 2: HostLoad(1, early)}) == [3, 2, 1]
    # a higher priority goes first whatever its load
    ranked = [PoolHost(1, 1, 0, priority=3), PoolHost(2, 1, 1, priority=5)]
    assert round_robin_order(ranked, {2: HostLoad(40, late)}) == [2, 1]


# --- how the meetings spread ---------------------------------------------------------------


async def test_300_bookings_over_three_equal_hosts_end_100_each(team: Team) -> None:
    link = await round_robin_link(team)

    for start in starts(300):
        await book(f"acme/{link.slug}", start)

    assert await attended_by(team) == {"max": 100, "hana": 100, "olga": 100}


async def test_weights_2_1_1_end_150_75_75(team: Team) -> None:
    link = await round_robin_link(team, weights={"max": 2, "hana": 1, "olga": 1})

    for start in starts(300):
        await book(f"acme/{link.slug}", start)

    spread = await attended_by(team)
    assert abs(spread["max"] - 150) <= 2
    assert abs(spread["hana"] - 75) <= 2
    assert abs(spread["olga"] - 75) <= 2


async def test_the_free_hosts_of_the_highest_priority_are_picked_first(team: Team) -> None:
    link = await round_robin_link(team, priorities={"olga": 5, "hana": 4})
    monday = upcoming_monday()

    for clock in ("09:00", "10:00", "11:00"):
        await book(f"acme/{link.slug}", at(monday, clock))
    # at 09:00 again Olga is taken: Hana, the next priority, rather than Max
    await book(f"acme/{link.slug}", at(monday, "09:00"))

    assert await attended_by(team) == {"olga": 3, "hana": 1}


async def test_a_host_whose_hours_exclude_the_time_is_never_picked(team: Team) -> None:
    # Olga works only 09:00-10:00
    await set_hours(team.other.user_id, [(weekday, "09:00", "10:00") for weekday in range(1, 8)])
    link = await round_robin_link(team)
    monday = upcoming_monday()

    # Twelve afternoon meetings: Olga's turn comes four times, and passes
    for day in range(12):
        await book(f"acme/{link.slug}", at(monday + timedelta(days=day), "13:00"))

    assert await attended_by(team) == {"max": 6, "hana": 6}
    # At 09:00 she is free, and it is her turn: the fewest meetings
    booked = await book(f"acme/{link.slug}", at(monday + timedelta(days=12), "09:00"))
    assert [host.name for host in booked.hosts] == ["Olga Other"]


async def test_a_host_already_in_a_meeting_is_never_picked(team: Team) -> None:
    link = await round_robin_link(team)
    monday = upcoming_monday()
    # Max (first in turn) and Hana meet at 10:00 through their collective link
    await book("acme/discovery-call", at(monday, "10:00"))

    booked = await book(f"acme/{link.slug}", at(monday, "10:00"))

    assert [host.name for host in booked.hosts] == ["Olga Other"]


async def test_a_time_at_which_every_host_is_taken_is_refused(team: Team) -> None:
    link = await round_robin_link(team)
    start = at(upcoming_monday(), "10:00")
    for _ in HOSTS:
        await book(f"acme/{link.slug}", start)

    with pytest.raises(SlotUnavailableError) as refused:
        await book(f"acme/{link.slug}", start)

    assert refused.value.reason == "TAKEN"
    assert await attended_by(team) == {"max": 1, "hana": 1, "olga": 1}


# --- through the API -----------------------------------------------------------------------

POOL_LINK = """
query ($id: ID!, $from: DateTime!, $to: DateTime!) {
  link(id: $id) {
    assignment
    hostSettings { host { name } weight priority }
    availableSlots(from: $from, to: $to) { ... on AvailableSlots { slots } }
  }
}
"""
CREATE_LINK = """
mutation ($input: CreateLinkInput!) {
  createLink(input: $input) {
    __typename
    ... on LinkSaved { link { id assignment hostSettings { host { name } weight priority } } }
    ... on InvalidInput { fieldErrors { field message } }
  }
}
"""
UPDATE_LINK = """
mutation ($input: UpdateLinkInput!) {
  updateLink(input: $input) {
    __typename
    ... on LinkSaved { link { assignment hostSettings { host { name } weight priority } } }
    ... on InvalidInput { fieldErrors { field message } }
  }
}
"""
BOOK = """
mutation ($input: BookMeetingInput!) {
  bookMeeting(input: $input) {
    __typename
    ... on BookingConfirmed { booking { hostNames } ownerView { hosts { name } } }
  }
}
"""


async def test_a_time_is_offered_when_any_host_of_the_pool_is_free(
    client: GraphQLClient, team: Team
) -> None:
    # Max works 09:00-10:00, Hana 10:00-11:00, Olga not on Mondays
    monday = upcoming_monday()
    await set_hours(team.owner.user_id, [(1, "09:00", "10:00")])
    await set_hours(team.host.user_id, [(1, "10:00", "11:00")])
    await set_hours(team.other.user_id, [(2, "09:00", "17:00")])
    link = await round_robin_link(team)
    window = {"from": at(monday, "00:00").isoformat(), "to": at(monday, "23:59").isoformat()}

    pooled = await execute(
        client, POOL_LINK, {"id": global_id("Link", link.id), **window}, key=team.admin.key
    )
    await Link.filter(id=link.id).update(assignment=Assignment.COLLECTIVE)
    together = await execute(
        client, POOL_LINK, {"id": global_id("Link", link.id), **window}, key=team.admin.key
    )

    assert pooled["link"]["availableSlots"]["slots"] == [
        at(monday, clock).isoformat() for clock in ("09:00", "09:30", "10:00", "10:30")
    ]
    assert together["link"]["availableSlots"]["slots"] == []


async def test_the_confirmation_names_the_one_host_picked(
    client: GraphQLClient, team: Team
) -> None:
    link = await round_robin_link(team)
    start = at(upcoming_monday(), "10:00").isoformat()
    invitee = {"name": "Pat Prospect", "email": "pat@prospect.example", "timeZone": "UTC"}

    answer = await execute(
        client,
        BOOK,
        {"input": {"key": f"acme/{link.slug}", "start": start, "invitee": invitee}},
        key=team.owner.key,
    )

    confirmed = answer["bookMeeting"]
    assert confirmed["booking"]["hostNames"] == ["Max Member"]
    assert confirmed["ownerView"]["hosts"] == [{"name": "Max Member"}]


async def test_an_admin_creates_a_weighted_round_robin_link_and_reads_it_back(
    client: GraphQLClient, team: Team
) -> None:
    ids = pool_ids(team)
    meeting_type = await MeetingType.get(id=team.meeting_type.id)

    created = await execute(
        client,
        CREATE_LINK,
        {
            "input": {
                "name": "Sales pool",
                "meetingTypeId": global_id("MeetingType", meeting_type.id),
                "hostIds": [global_id("User", ids[name]) for name in HOSTS],
                "assignment": "ROUND_ROBIN",
                "hostSettings": [
                    {"userId": global_id("User", ids["hana"]), "weight": 3},
                    {"userId": global_id("User", ids["olga"]), "priority": 5},
                ],
            }
        },
        key=team.admin.key,
    )

    link = created["createLink"]["link"]
    assert link["assignment"] == "ROUND_ROBIN"
    assert link["hostSettings"] == [
        {"host": {"name": "Max Member"}, "weight": 1, "priority": 3},
        {"host": {"name": "Hana Host"}, "weight": 3, "priority": 3},
        {"host": {"name": "Olga Other"}, "weight": 1, "priority": 5},
    ]
    # A later change of the pool keeps the weights of the hosts kept; a new host weighs 1
    changed = await execute(
        client,
        UPDATE_LINK,
        {"input": {"id": link["id"], "hostIds": [global_id("User", ids["hana"])]}},
        key=team.admin.key,
    )
    assert changed["updateLink"]["link"]["hostSettings"] == [
        {"host": {"name": "Hana Host"}, "weight": 3, "priority": 3}
    ]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"assignment": "STATIC"}, "hostIds", "a STATIC link has exactly one host"),
        ({"hostSettings": [{"who": "olga", "weight": 0}]}, "hostSettings", "between 1 and 100"),
        ({"hostSettings": [{"who": "olga", "weight": 101}]}, "hostSettings", "between 1 and 100"),
        ({"hostSettings": [{"who": "olga", "priority": 6}]}, "hostSettings", "between 1 and 5"),
        ({"hostSettings": [{"who": "ada", "weight": 2}]}, "hostSettings", "not one of the link"),
    ],
)
async def test_a_pool_that_does_not_fit_its_assignment_is_refused_by_field(
    client: GraphQLClient, team: Team, change: dict[str, object], field: str, message: str
) -> None:
    link = await round_robin_link(team)
    ids = {**pool_ids(team), "ada": team.admin.user_id}
    given: dict[str, object] = dict(change)
    if "hostSettings" in change:
        settings = change["hostSettings"]
        assert isinstance(settings, list)
        given["hostSettings"] = [
            {"userId": global_id("User", ids[each["who"]])}
            | {name: value for name, value in each.items() if name != "who"}
            for each in settings
        ]

    answer = await execute(
        client,
        UPDATE_LINK,
        {"input": {"id": global_id("Link", link.id), **given}},
        key=team.admin.key,
    )

    assert answer["updateLink"]["__typename"] == "InvalidInput"
    [error] = answer["updateLink"]["fieldErrors"]
    assert error["field"] == field
    assert message in error["message"]
    # nothing was written
    assert (await Link.get(id=link.id)).assignment is Assignment.ROUND_ROBIN
    assert await User.filter(hosted_link_rows__link_id=link.id).count() == 3


# --- moving and reassigning ----------------------------------------------------------------

REASSIGN = """
mutation ($booking: ID!, $host: ID!) {
  reassignBooking(input: {bookingId: $booking, hostId: $host}) {
    __typename
    ... on BookingReassigned { booking { hosts { name } events { kind reason } } }
    ... on InvalidInput { fieldErrors { field message } }
    ... on SlotUnavailable { slotReason }
    ... on Forbidden { message }
  }
}
"""
MOVABLE_TO = """
query ($token: String!, $from: DateTime!, $to: DateTime!) {
  managedBooking(manageToken: $token) {
    availableSlots(from: $from, to: $to) { ... on AvailableSlots { slots } }
  }
}
"""
MOVE = """
mutation ($token: String!, $start: DateTime!) {
  rescheduleBooking(input: {manageToken: $token, start: $start}) {
    __typename
    ... on BookingRescheduled { booking { hostNames } }
  }
}
"""


async def test_a_meeting_keeps_its_host_when_moved_to_a_time_they_are_free(
    client: GraphQLClient, team: Team
) -> None:
    link = await round_robin_link(team)
    monday = upcoming_monday()
    booked = await book(f"acme/{link.slug}", at(monday, "10:00"))

    moved = await execute(
        client, MOVE, {"token": booked.manage_token, "start": at(monday, "14:00").isoformat()}
    )

    assert moved["rescheduleBooking"]["booking"]["hostNames"] == ["Max Member"]


async def test_moved_to_a_time_its_host_is_taken_it_goes_to_a_free_host_of_the_pool(
    client: GraphQLClient, team: Team
) -> None:
    link = await round_robin_link(team)
    monday = upcoming_monday()
    booked = await book(f"acme/{link.slug}", at(monday, "10:00"))  # Max's
    await book("acme/discovery-call", at(monday, "14:00"))  # Max and Hana meet at 14:00

    moved = await execute(
        client, MOVE, {"token": booked.manage_token, "start": at(monday, "14:00").isoformat()}
    )

    assert moved["rescheduleBooking"]["booking"]["hostNames"] == ["Olga Other"]
    assert await attended_by(team) == {"max": 1, "hana": 1, "olga": 1}


async def test_an_admin_gives_a_meeting_to_another_free_host_of_the_pool(
    client: GraphQLClient, team: Team
) -> None:
    link = await round_robin_link(team)
    booked = await book(f"acme/{link.slug}", at(upcoming_monday(), "10:00"))  # Max's
    variables = {
        "booking": global_id("Booking", booked.booking.id),
        "host": global_id("User", team.host.user_id),
    }

    answer = await execute(client, REASSIGN, variables, key=team.admin.key)

    given = answer["reassignBooking"]["booking"]
    assert given["hosts"] == [{"name": "Hana Host"}]
    assert given["events"][-1] == {
        "kind": "REASSIGNED",
        "reason": "from Max Member to Hana Host",
    }
    assert await attended_by(team) == {"hana": 1}
    latest = await WebhookEvent.all().order_by("-id").first()
    assert latest is not None
    assert latest.type == "booking.reassigned"


@pytest.mark.parametrize(
    ("who", "host", "expected"),
    [
        ("owner", "hana", {"__typename": "Forbidden"}),
        ("admin", "ada", {"__typename": "InvalidInput", "field": "hostId"}),
        ("admin", "busy-hana", {"__typename": "SlotUnavailable", "slotReason": "TAKEN"}),
        ("admin", "collective", {"__typename": "InvalidInput", "field": "bookingId"}),
    ],
)
async def test_a_meeting_is_given_only_by_an_admin_to_a_free_host_of_its_pool(
    client: GraphQLClient, team: Team, who: str, host: str, expected: dict[str, str]
) -> None:
    link = await round_robin_link(team)
    monday = upcoming_monday()
    booked = await book(f"acme/{link.slug}", at(monday, "10:00"))  # Max's
    if host == "busy-hana":
        await book(f"acme/{link.slug}", at(monday, "10:00"))  # Hana's turn
    if host == "collective":
        booked = await book("acme/discovery-call", at(monday, "15:00"))
    target = {"ada": team.admin.user_id}.get(host, team.host.user_id)
    key = team.admin.key if who == "admin" else team.owner.key

    answer = await execute(
        client,
        REASSIGN,
        {"booking": global_id("Booking", booked.booking.id), "host": global_id("User", target)},
        key=key,
    )

    result = answer["reassignBooking"]
    assert result["__typename"] == expected["__typename"]
    if "field" in expected:
        assert [error["field"] for error in result["fieldErrors"]] == [expected["field"]]
    if "slotReason" in expected:
        assert result["slotReason"] == expected["slotReason"]


async def test_the_invitee_may_move_the_meeting_to_any_time_a_host_of_the_pool_is_free(
    client: GraphQLClient, team: Team
) -> None:
    monday = upcoming_monday()
    link = await round_robin_link(team)
    await set_hours(team.owner.user_id, [(1, "09:00", "10:00")])
    await set_hours(team.host.user_id, [(1, "14:00", "15:00")])
    await set_hours(team.other.user_id, [])
    booked = await book(f"acme/{link.slug}", at(monday, "09:00"))  # Max's

    answer = await execute(
        client,
        MOVABLE_TO,
        {
            "token": booked.manage_token,
            "from": at(monday, "00:00").isoformat(),
            "to": at(monday, "23:59").isoformat(),
        },
    )

    assert answer["managedBooking"]["availableSlots"]["slots"] == [
        at(monday, clock).isoformat() for clock in ("09:00", "09:30", "14:00", "14:30")
    ]


BY_HOST = """
query ($from: DateTime!, $to: DateTime!) {
  reports {
    ... on Reports {
      bookings(range: {from: $from, to: $to}, groupBy: HOST) {
        ... on BookingReport { rows { label total singleUse } }
      }
      singleUseLinks(range: {from: $from, to: $to}, groupBy: HOST) {
        __typename
        ... on InvalidInput { fieldErrors { field message } }
      }
    }
  }
}
"""


async def test_the_meetings_report_counts_by_the_host_who_attends(
    client: GraphQLClient, team: Team
) -> None:
    link = await round_robin_link(team)
    monday = upcoming_monday()
    for clock in ("09:00", "10:00", "11:00"):
        await book(f"acme/{link.slug}", at(monday, clock))  # Max, Hana, Olga in turn
    await book("acme/discovery-call", at(monday, "14:00"))  # Max and Hana together
    now = datetime.now(UTC)
    window = {
        "from": (now - timedelta(hours=1)).isoformat(),
        "to": (now + timedelta(hours=1)).isoformat(),
    }

    answer = await execute(client, BY_HOST, window, key=team.admin.key)

    report = answer["reports"]
    assert sorted((row["label"], row["total"]) for row in report["bookings"]["rows"]) == [
        ("Hana Host", 2),
        ("Max Member", 2),
        ("Olga Other", 1),
    ]
    assert report["singleUseLinks"] == {
        "__typename": "InvalidInput",
        "fieldErrors": [
            {
                "field": "groupBy",
                "message": "single-use links are grouped by OWNER, LINK, DAY or WEEK",
            }
        ],
    }
