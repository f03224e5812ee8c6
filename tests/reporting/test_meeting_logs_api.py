"""The meeting log over GraphQL: filters, orders, columns, scope and keyset pagination."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from strawberry.relay import to_base64

from models.booking.bookings import Actor, cancel_booking, reschedule_booking
from models.db.tables import Booking, Link
from models.links.single_use_links import MintOptions
from tests.conftest import GraphQLClient
from tests.support.booking_factories import (
    STANDARD_KEY,
    WEEKDAY_MORNINGS,
    at,
    execute,
    iso,
    set_hours,
    upcoming_monday,
)
from tests.support.factories import create_tenant
from tests.support.link_factories import global_id, mint_one
from tests.support.log_factories import (
    DEMO_KEY,
    PAIRING_KEY,
    LogTeam,
    book_at,
    create_log_team,
    mint_at,
    set_booked_at,
)

MEETING_LOGS = """
query ($filter: MeetingLogFilter, $orderBy: MeetingLogOrder, $first: Int, $after: String) {
  meetingLogs(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    edges { cursor node { id invitee { email } } }
    pageInfo { hasNextPage hasPreviousPage endCursor }
  }
}
"""
MEETING_LOGS_DEFAULTS = """
{ meetingLogs { totalCount edges { node { invitee { email } } } } }
"""
MEETING_LOG_COLUMNS = """
query {
  meetingLogs(orderBy: START_AT_ASC) {
    edges {
      node {
        startAt endAt status rescheduled rescheduleCount bookedAt metadata linkType
        invitee { name email timeZone }
        hosts { name }
        link { name }
        singleUseLink { label prefix }
        events {
          kind actorKind previousStartAt previousEndAt reason
          actor { email }
        }
      }
    }
  }
}
"""
BOOKING_NODE = """
query ($id: ID!) { node(id: $id) { ... on Booking { invitee { email } } } }
"""
BOOKED_AT = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)
ANN, BOB, CAROL = "ann@alpha.example", "bob@beta.example", "carol@gamma.example"
DAVE, ERIN, FRANK = "dave@beta.example", "erin@delta.example", "frank@epsilon.example"
START_ORDER = [ANN, BOB, FRANK, CAROL, DAVE, ERIN]
ORDERS = {
    "START_AT_ASC": START_ORDER,
    "START_AT_DESC": [ERIN, DAVE, CAROL, FRANK, BOB, ANN],
    "BOOKED_AT_ASC": [DAVE, BOB, FRANK, ERIN, ANN, CAROL],
    "BOOKED_AT_DESC": [CAROL, ANN, ERIN, FRANK, BOB, DAVE],
}
MAX_ROUNDS = 6


@dataclass(frozen=True, slots=True)
class Meetings:
    """Six meetings, one per invitee, on the first two days of the week of ``monday``:

    | invitee | link | kind | start | booked at | |
    | ann | discovery (Max) | standard | Mon 09:00 | +3h | |
    | bob | discovery (Max) | single-use | Mon 10:00 | +1h | |
    | frank | pairing (Ada) | standard | Mon 10:00 | +1h | same values as bob |
    | carol | demo (Olga) | standard | Mon 11:00 | +4h | cancelled |
    | dave | demo (Olga) | single-use | Tue 09:00 | +0h | moved from Tue 10:00 |
    | erin | discovery (Max) | standard | Tue 11:00 | +2h | |
    """

    logs: LogTeam
    monday: date
    ids: dict[str, int]

    @property
    def tuesday(self) -> date:
        return self.monday + timedelta(days=1)


@pytest.fixture
async def meetings(client: GraphQLClient) -> Meetings:
    logs = await create_log_team()
    team = logs.team
    monday = upcoming_monday()
    tuesday = monday + timedelta(days=1)
    bob_link = await mint_at(team, logs.discovery, label="Acme Corp - Bob")
    dave_link = await mint_at(team, logs.demo, label="Initech - Dave")
    ann = await book_at(STANDARD_KEY, at(monday, "09:00"), ANN)
    bob = await book_at(bob_link.token, at(monday, "10:00"), BOB)
    carol = await book_at(DEMO_KEY, at(monday, "11:00"), CAROL)
    dave = await book_at(dave_link.token, at(tuesday, "10:00"), DAVE)
    erin = await book_at(STANDARD_KEY, at(tuesday, "11:00"), ERIN)
    frank = await book_at(PAIRING_KEY, at(monday, "10:00"), FRANK)
    await cancel_booking(carol, Actor.invitee())
    await reschedule_booking(dave, at(tuesday, "09:00"), Actor.user(team.other.user_id))
    booked_hours = {ann: 3, bob: 1, carol: 4, dave: 0, erin: 2, frank: 1}
    for booking, hours in booked_hours.items():
        await set_booked_at(booking.id, BOOKED_AT + timedelta(hours=hours))
    return Meetings(logs=logs, monday=monday, ids={b.invitee_email: b.id for b in booked_hours})


async def log_emails(
    client: GraphQLClient, key: str, variables: dict[str, object] | None = None
) -> list[str]:
    data = await execute(
        client, MEETING_LOGS, {"orderBy": "START_AT_ASC", **(variables or {})}, key=key
    )
    edges = data["meetingLogs"]["edges"]
    assert data["meetingLogs"]["totalCount"] == len(edges)
    return [edge["node"]["invitee"]["email"] for edge in edges]


def user_id(meetings: Meetings, who: str) -> str:
    team = meetings.logs.team
    account = {"max": team.owner, "hana": team.host, "olga": team.other}[who]
    return account.global_id


# --- filters -------------------------------------------------------------------------------


async def test_single_use_meetings_show_when_no_filter_is_given(
    client: GraphQLClient, meetings: Meetings
) -> None:
    data = await execute(client, MEETING_LOGS_DEFAULTS, key=meetings.logs.team.admin.key)

    assert data["meetingLogs"]["totalCount"] == 6
    emails = [edge["node"]["invitee"]["email"] for edge in data["meetingLogs"]["edges"]]
    assert emails == list(reversed(START_ORDER))


async def test_hide_single_use_is_off_by_default_in_a_filter(
    client: GraphQLClient, meetings: Meetings
) -> None:
    emails = await log_emails(client, meetings.logs.team.admin.key, {"filter": {"status": None}})

    assert emails == START_ORDER


async def test_hide_single_use_hides_meetings_booked_through_single_use_links(
    client: GraphQLClient, meetings: Meetings
) -> None:
    emails = await log_emails(
        client, meetings.logs.team.admin.key, {"filter": {"hideSingleUse": True}}
    )

    assert emails == [ANN, FRANK, CAROL, ERIN]


@pytest.mark.parametrize(
    ("link_type", "expected"),
    [("STANDARD", [ANN, FRANK, CAROL, ERIN]), ("SINGLE_USE", [BOB, DAVE])],
)
async def test_link_type_filter(
    client: GraphQLClient, meetings: Meetings, link_type: str, expected: list[str]
) -> None:
    emails = await log_emails(
        client, meetings.logs.team.admin.key, {"filter": {"linkType": link_type}}
    )

    assert emails == expected


@pytest.mark.parametrize(
    ("status", "expected"),
    [("CANCELLED", [CAROL]), ("CONFIRMED", [ANN, BOB, FRANK, DAVE, ERIN])],
)
async def test_status_filter(
    client: GraphQLClient, meetings: Meetings, status: str, expected: list[str]
) -> None:
    emails = await log_emails(client, meetings.logs.team.admin.key, {"filter": {"status": status}})

    assert emails == expected


@pytest.mark.parametrize(
    ("host", "expected"),
    [("hana", [ANN, BOB, ERIN]), ("max", [ANN, BOB, CAROL, DAVE, ERIN])],
)
async def test_host_filter_keeps_the_meetings_the_user_hosts(
    client: GraphQLClient, meetings: Meetings, host: str, expected: list[str]
) -> None:
    emails = await log_emails(
        client, meetings.logs.team.admin.key, {"filter": {"hostId": user_id(meetings, host)}}
    )

    assert emails == expected


@pytest.mark.parametrize(
    ("owner", "expected"), [("max", [ANN, BOB, ERIN]), ("olga", [CAROL, DAVE])]
)
async def test_owner_filter_keeps_the_meetings_of_links_the_user_owns(
    client: GraphQLClient, meetings: Meetings, owner: str, expected: list[str]
) -> None:
    emails = await log_emails(
        client, meetings.logs.team.admin.key, {"filter": {"ownerId": user_id(meetings, owner)}}
    )

    assert emails == expected


async def test_link_filter(client: GraphQLClient, meetings: Meetings) -> None:
    link_id = global_id("Link", meetings.logs.demo.id)

    emails = await log_emails(client, meetings.logs.team.admin.key, {"filter": {"linkId": link_id}})

    assert emails == [CAROL, DAVE]


async def test_start_range_includes_its_start_and_excludes_its_end(
    client: GraphQLClient, meetings: Meetings
) -> None:
    start_filter = {
        "startFrom": iso(meetings.monday, "10:00"),
        "startTo": iso(meetings.tuesday, "09:00"),
    }

    emails = await log_emails(client, meetings.logs.team.admin.key, {"filter": start_filter})

    assert emails == [BOB, FRANK, CAROL]


async def test_start_range_accepts_any_utc_offset(
    client: GraphQLClient, meetings: Meetings
) -> None:
    plus_two = timezone(timedelta(hours=2))
    start_filter = {
        "startFrom": at(meetings.monday, "10:00").astimezone(plus_two).isoformat(),
        "startTo": at(meetings.tuesday, "09:00").astimezone(plus_two).isoformat(),
    }

    emails = await log_emails(client, meetings.logs.team.admin.key, {"filter": start_filter})

    assert start_filter["startFrom"].endswith("12:00:00+02:00")
    assert emails == [BOB, FRANK, CAROL]


async def test_booked_range_includes_its_start_and_excludes_its_end(
    client: GraphQLClient, meetings: Meetings
) -> None:
    booked_filter = {
        "bookedFrom": (BOOKED_AT + timedelta(hours=1)).isoformat(),
        "bookedTo": (BOOKED_AT + timedelta(hours=3)).isoformat(),
    }

    emails = await log_emails(client, meetings.logs.team.admin.key, {"filter": booked_filter})

    assert emails == [BOB, FRANK, ERIN]


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("BETA.Ex", [BOB, DAVE]),
        ("  Ann@", [ANN]),
        # LIKE wildcards are searched for, not obeyed
        ("%", []),
        ("b_b", []),
    ],
)
async def test_invitee_email_filter_is_a_case_insensitive_substring_search(
    client: GraphQLClient, meetings: Meetings, search: str, expected: list[str]
) -> None:
    emails = await log_emails(
        client, meetings.logs.team.admin.key, {"filter": {"inviteeEmail": search}}
    )

    assert emails == expected


async def test_filters_combine(client: GraphQLClient, meetings: Meetings) -> None:
    combined = {"hostId": user_id(meetings, "max"), "linkType": "STANDARD", "status": "CONFIRMED"}

    emails = await log_emails(client, meetings.logs.team.admin.key, {"filter": combined})

    assert emails == [ANN, ERIN]


# --- orders --------------------------------------------------------------------------------


@pytest.mark.parametrize(("order", "expected"), ORDERS.items())
async def test_order_breaks_ties_by_id(
    client: GraphQLClient, meetings: Meetings, order: str, expected: list[str]
) -> None:
    # given: bob and frank share both their start and their booking time; bob came first
    assert meetings.ids[BOB] < meetings.ids[FRANK]

    emails = await log_emails(client, meetings.logs.team.admin.key, {"orderBy": order})

    assert emails == expected


# --- columns -------------------------------------------------------------------------------


async def test_columns_of_a_single_use_meeting_and_of_a_standard_one(client: GraphQLClient) -> None:
    # given: a single-use meeting moved by its invitee and cancelled by the owner,
    # and a standard one
    logs = await create_log_team()
    team = logs.team
    monday = upcoming_monday()
    await Link.filter(id=logs.discovery.id).update(metadata={"source": "web"})
    discovery = await Link.get(id=logs.discovery.id)
    child = await mint_one(
        team.owner, discovery, MintOptions(label="Initech", metadata={"crm": "lead-7"})
    )
    moved = await book_at(child.token, at(monday, "09:00"), BOB, name="Bob Buyer")
    await reschedule_booking(moved, at(monday, "10:00"), Actor.invitee())
    await cancel_booking(
        await Booking.get(id=moved.id), Actor.user(team.owner.user_id), reason="Double-booked"
    )
    standard = await book_at(STANDARD_KEY, at(monday, "11:00"), ANN, name="Ann Analyst")
    await set_booked_at(moved.id, BOOKED_AT)
    await set_booked_at(standard.id, BOOKED_AT + timedelta(minutes=5))

    # when
    data = await execute(client, MEETING_LOG_COLUMNS, key=team.admin.key)

    # then
    booked = {
        "kind": "BOOKED",
        "actorKind": "INVITEE",
        "previousStartAt": None,
        "previousEndAt": None,
        "reason": "",
        "actor": None,
    }
    hosts = [{"name": "Max Member"}, {"name": "Hana Host"}]
    assert [edge["node"] for edge in data["meetingLogs"]["edges"]] == [
        {
            "startAt": iso(monday, "10:00"),
            "endAt": iso(monday, "10:30"),
            "status": "CANCELLED",
            "rescheduled": True,
            "rescheduleCount": 1,
            "bookedAt": BOOKED_AT.isoformat(),
            "metadata": {"source": "web", "crm": "lead-7"},
            "linkType": "SINGLE_USE",
            "invitee": {"name": "Bob Buyer", "email": BOB, "timeZone": "UTC"},
            "hosts": hosts,
            "link": {"name": "Discovery call"},
            "singleUseLink": {"label": "Initech", "prefix": child.token[:10]},
            "events": [
                booked,
                {
                    "kind": "RESCHEDULED",
                    "actorKind": "INVITEE",
                    "previousStartAt": iso(monday, "09:00"),
                    "previousEndAt": iso(monday, "09:30"),
                    "reason": "",
                    "actor": None,
                },
                {
                    "kind": "CANCELLED",
                    "actorKind": "USER",
                    "previousStartAt": None,
                    "previousEndAt": None,
                    "reason": "Double-booked",
                    "actor": {"email": team.owner.email},
                },
            ],
        },
        {
            "startAt": iso(monday, "11:00"),
            "endAt": iso(monday, "11:30"),
            "status": "CONFIRMED",
            "rescheduled": False,
            "rescheduleCount": 0,
            "bookedAt": (BOOKED_AT + timedelta(minutes=5)).isoformat(),
            "metadata": {"source": "web"},
            "linkType": "STANDARD",
            "invitee": {"name": "Ann Analyst", "email": ANN, "timeZone": "UTC"},
            "hosts": hosts,
            "link": {"name": "Discovery call"},
            "singleUseLink": None,
            "events": [booked],
        },
    ]


# --- totals and pages ----------------------------------------------------------------------


async def test_total_count_counts_every_matching_meeting_not_the_page(
    client: GraphQLClient, meetings: Meetings
) -> None:
    data = await execute(
        client,
        MEETING_LOGS,
        {"filter": {"linkType": "STANDARD"}, "orderBy": "START_AT_ASC", "first": 2},
        key=meetings.logs.team.admin.key,
    )

    log = data["meetingLogs"]
    assert [edge["node"]["invitee"]["email"] for edge in log["edges"]] == [ANN, FRANK]
    assert log["totalCount"] == 4
    assert log["pageInfo"]["hasNextPage"] is True
    assert log["pageInfo"]["hasPreviousPage"] is False


def _early_and_late(monday: date, round_number: int) -> list[tuple[datetime, datetime]]:
    """Two meetings to add between pages (start, booked at): one sorting before every meeting
    so far and one after, by start and by booking time alike."""
    shift = timedelta(minutes=30 * round_number)
    return [
        (at(monday, "08:30") - shift, BOOKED_AT - timedelta(days=1) - shift),
        (at(monday + timedelta(days=4), "09:00") + shift, BOOKED_AT + timedelta(days=1) + shift),
    ]


@pytest.mark.parametrize("order", list(ORDERS))
async def test_pages_neither_repeat_nor_skip_meetings_while_new_ones_arrive(
    client: GraphQLClient, meetings: Meetings, order: str
) -> None:
    # given: Ada may also be booked early on Mondays, so new meetings can sort first
    team = meetings.logs.team
    await set_hours(team.admin.user_id, [(1, "06:00", "12:00"), *WEEKDAY_MORNINGS[1:]])
    variables: dict[str, object] = {"orderBy": order, "first": 2}
    page = (await execute(client, MEETING_LOGS, variables, key=team.admin.key))["meetingLogs"]
    seen = [edge["node"]["id"] for edge in page["edges"]]
    arrived_after_cursor: list[str] = []

    # when: two meetings arrive before each next page
    for round_number in range(MAX_ROUNDS):
        if not page["pageInfo"]["hasNextPage"]:
            break
        early, late = [
            await book_at(PAIRING_KEY, start, "new@later.example", booked_at=booked_at)
            for start, booked_at in _early_and_late(meetings.monday, round_number)
        ]
        behind = late if order.endswith("ASC") else early
        arrived_after_cursor.append(to_base64("Booking", behind.id))
        variables["after"] = page["pageInfo"]["endCursor"]
        page = (await execute(client, MEETING_LOGS, variables, key=team.admin.key))["meetingLogs"]
        assert page["pageInfo"]["hasPreviousPage"] is True
        seen += [edge["node"]["id"] for edge in page["edges"]]

    # then: every meeting that existed is shown once and in order, then those that arrived
    # behind the cursor; the first page had six meetings, so four more pages were needed
    assert page["pageInfo"]["hasNextPage"] is False
    original = [to_base64("Booking", meetings.ids[email]) for email in ORDERS[order]]
    assert len(arrived_after_cursor) == 4
    assert seen == original + arrived_after_cursor


async def test_a_hundred_is_the_largest_page(client: GraphQLClient, meetings: Meetings) -> None:
    data = await execute(client, MEETING_LOGS, {"first": 100}, key=meetings.logs.team.admin.key)

    assert len(data["meetingLogs"]["edges"]) == 6


async def test_a_page_of_more_than_a_hundred_is_an_error_naming_first(
    client: GraphQLClient, meetings: Meetings
) -> None:
    result = await client.execute(MEETING_LOGS, {"first": 101}, key=meetings.logs.team.admin.key)

    assert result["data"] is None
    assert [error["message"] for error in result["errors"]] == [  # type: ignore[attr-defined]
        "first: must be between 0 and 100"
    ]


@pytest.mark.parametrize(
    "cursor",
    ["not-a-cursor", to_base64("Booking", 1), "bG9nOjIwMzAtMDEtMDFUMDk6MDA6MDB8MQ=="],
)
async def test_a_cursor_this_connection_did_not_give_is_an_error_naming_after(
    client: GraphQLClient, meetings: Meetings, cursor: str
) -> None:
    result = await client.execute(MEETING_LOGS, {"after": cursor}, key=meetings.logs.team.admin.key)

    assert result["data"] is None
    assert [error["message"] for error in result["errors"]] == [  # type: ignore[attr-defined]
        "after: is not a cursor returned by this connection"
    ]


# --- scope ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        # Max owns discovery and co-hosts Olga's demo
        ("max", [ANN, BOB, CAROL, DAVE, ERIN]),
        # Hana co-hosts discovery only
        ("hana", [ANN, BOB, ERIN]),
        # Olga owns demo
        ("olga", [CAROL, DAVE]),
        ("admin", START_ORDER),
    ],
)
async def test_members_see_meetings_of_links_they_own_or_host_and_admins_see_all(
    client: GraphQLClient, meetings: Meetings, who: str, expected: list[str]
) -> None:
    team = meetings.logs.team
    key = {"max": team.owner, "hana": team.host, "olga": team.other, "admin": team.admin}[who].key

    emails = await log_emails(client, key)

    assert emails == expected


async def test_another_organization_sees_none_of_the_meetings(
    client: GraphQLClient, meetings: Meetings
) -> None:
    # given
    globex = await create_tenant("Globex", domain="globex.test")

    # when
    emails = await log_emails(client, globex.admin.key)
    node = await execute(
        client, BOOKING_NODE, {"id": to_base64("Booking", meetings.ids[ANN])}, key=globex.admin.key
    )

    # then
    assert emails == []
    assert node == {"node": None}


async def test_a_member_cannot_open_a_meeting_outside_their_scope_by_id(
    client: GraphQLClient, meetings: Meetings
) -> None:
    team = meetings.logs.team
    ids = {email: to_base64("Booking", pk) for email, pk in meetings.ids.items()}

    hidden = await execute(client, BOOKING_NODE, {"id": ids[CAROL]}, key=team.host.key)
    hosted = await execute(client, BOOKING_NODE, {"id": ids[CAROL]}, key=team.owner.key)

    assert hidden == {"node": None}
    assert hosted == {"node": {"invitee": {"email": CAROL}}}
