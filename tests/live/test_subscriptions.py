"""Live updates end to end: real servers in processes of their own on one database, clients on
real WebSockets speaking graphql-transport-ws. A subscriber on one server sees what commits
through another, only what it may see, once and in order."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.booking_factories import create_booking_team, iso, upcoming_monday
from tests.support.databases import Backend
from tests.support.factories import create_tenant
from tests.support.link_factories import Team, global_id
from tests.support.live_server import graphql, live_server
from tests.support.live_subscriptions import connection, next_message, nothing_within, subscribe

pytestmark = pytest.mark.slow

MEETINGS = """subscription Meetings($filter: MeetingLogFilter) {
  meetingLogChanged(filter: $filter) { kind booking { id status startAt link { name } } }
}"""
CHILDREN = """subscription Children($linkId: ID!) {
  singleUseLinkChanged(linkId: $linkId) { kind link { name } singleUseLink { label status } }
}"""
BOOK = """mutation Book($input: BookMeetingInput!) {
  bookMeeting(input: $input) { __typename ... on BookingConfirmed { manageToken } }
}"""
CANCEL = """mutation Cancel($token: String!) {
  cancelBooking(input: {manageToken: $token}) { __typename }
}"""
MINT = """mutation Mint($linkId: ID!, $label: String!) {
  createSingleUseLink(input: {linkId: $linkId, label: $label}) {
    ... on SingleUseLinkCreated { token }
  }
}"""
INVITEE = {"name": "Jane Prospect", "email": "jane@prospect.test", "timeZone": "UTC"}


def book(base: str, key: str, start: str) -> dict[str, Any]:
    answer = graphql(base, BOOK, {"input": {"key": key, "start": start, "invitee": INVITEE}})
    return dict(answer["bookMeeting"])


@pytest.fixture
def two_servers(db: Backend) -> Iterator[tuple[str, str]]:
    """Two servers, one process each, on the same database."""
    with live_server(db.url, workers=1) as first, live_server(db.url, workers=1) as second:
        yield first, second


@pytest.fixture
async def team(db: Backend) -> Team:
    return await create_booking_team()


async def test_a_subscriber_sees_a_booking_made_through_another_server(
    team: Team, two_servers: tuple[str, str]
) -> None:
    watched, other = two_servers
    monday = upcoming_monday()
    async with connection(watched, team.owner.key) as socket:
        await subscribe(socket, MEETINGS)

        booked = book(other, "acme/discovery-call", iso(monday, "09:00"))
        message = await next_message(socket)

    assert booked["__typename"] == "BookingConfirmed"
    assert message["type"] == "next"
    change = message["payload"]["data"]["meetingLogChanged"]
    assert change["kind"] == "BOOKED"
    assert change["booking"]["startAt"] == iso(monday, "09:00")
    assert change["booking"]["link"] == {"name": "Discovery call"}


async def test_a_booking_that_rolled_back_sends_nothing(
    team: Team, two_servers: tuple[str, str]
) -> None:
    watched, other = two_servers
    monday = upcoming_monday()
    book(other, "acme/discovery-call", iso(monday, "09:00"))
    async with connection(watched, team.owner.key) as socket:
        await subscribe(socket, MEETINGS)

        # The slot is taken: the transaction of this attempt rolls back.
        refused = book(other, "acme/discovery-call", iso(monday, "09:00"))
        booked = book(other, "acme/discovery-call", iso(monday, "10:00"))
        first = await next_message(socket)
        quiet_after = await nothing_within(socket, 2)

    assert refused["__typename"] == "SlotUnavailable"
    assert booked["__typename"] == "BookingConfirmed"
    assert first["payload"]["data"]["meetingLogChanged"]["booking"]["startAt"] == iso(
        monday, "10:00"
    )
    assert quiet_after


async def test_nobody_hears_what_they_could_not_query(
    team: Team, two_servers: tuple[str, str]
) -> None:
    watched, other = two_servers
    stranger = await create_tenant("Globex", domain="globex.test")
    link_id = global_id("Link", team.link.id)
    async with (
        connection(watched, team.host.key) as host,
        connection(watched, team.other.key) as bystander,
        connection(watched, stranger.admin.key) as foreign_admin,
        connection(watched, None) as anonymous,
    ):
        await subscribe(host, MEETINGS)
        await subscribe(bystander, MEETINGS)
        await subscribe(foreign_admin, MEETINGS)
        await subscribe(anonymous, MEETINGS)

        book(other, "acme/discovery-call", iso(upcoming_monday(), "09:00"))

        assert (await next_message(host))["payload"]["data"]["meetingLogChanged"][
            "kind"
        ] == "BOOKED"
        assert await nothing_within(bystander, 2)
        assert await nothing_within(foreign_admin, 0.5)
        refusal = await next_message(anonymous)

        await subscribe(foreign_admin, CHILDREN, {"linkId": link_id}, id="2")
        not_theirs = await next_message(foreign_admin)

    assert refusal["type"] == "error" or refusal["payload"].get("errors"), refusal
    assert "Authentication required" in str(refusal)
    assert "No such link" in str(not_theirs)


async def test_every_event_arrives_once_and_in_order(
    team: Team, two_servers: tuple[str, str]
) -> None:
    """250 meetings booked and cancelled through both servers in turn: 500 events."""
    watched, other = two_servers
    start = iso(upcoming_monday(), "09:00")

    def book_and_cancel() -> list[str]:
        expected: list[str] = []
        for round_number in range(250):
            server = (watched, other)[round_number % 2]
            confirmed = book(server, "acme/discovery-call", start)
            assert confirmed["__typename"] == "BookingConfirmed", confirmed
            graphql(server, CANCEL, {"token": confirmed["manageToken"]})
            expected += ["BOOKED", "CANCELLED"]
        return expected

    async with connection(watched, team.owner.key) as socket:
        await subscribe(socket, MEETINGS)

        async def read_changes() -> list[dict[str, Any]]:
            return [
                (await next_message(socket))["payload"]["data"]["meetingLogChanged"]
                for _ in range(500)
            ]

        # The events are read while the meetings are booked (in a thread): a client that
        # stopped reading would stop answering the server's keepalive pings too.
        reading = asyncio.create_task(read_changes())
        expected = await asyncio.to_thread(book_and_cancel)
        changes = await reading
        kinds = [change["kind"] for change in changes]
        booking_ids = [change["booking"]["id"] for change in changes]
        nothing_more = await nothing_within(socket, 1)

    assert kinds == expected
    # Each meeting's two events, one after the other, every meeting once.
    assert booking_ids[0::2] == booking_ids[1::2]
    assert len(set(booking_ids)) == 250
    assert nothing_more


async def test_single_use_links_of_a_link_as_they_change(
    team: Team, two_servers: tuple[str, str]
) -> None:
    watched, other = two_servers
    link_id = global_id("Link", team.link.id)
    async with connection(watched, team.owner.key) as socket:
        await subscribe(socket, CHILDREN, {"linkId": link_id})

        token = graphql(other, MINT, {"linkId": link_id, "label": "Jane"}, team.owner.key)[
            "createSingleUseLink"
        ]["token"]
        book(other, token, iso(upcoming_monday(), "09:00"))
        changes = [
            (await next_message(socket))["payload"]["data"]["singleUseLinkChanged"]
            for _ in range(2)
        ]

    assert [change["kind"] for change in changes] == ["MINTED", "USED"]
    assert changes[1]["singleUseLink"] == {"label": "Jane", "status": "USED"}
    assert changes[0]["link"] == {"name": "Discovery call"}


SLOTS = """subscription Slots($key: String!, $from: DateTime!, $to: DateTime!) {
  slotsChanged(key: $key, from: $from, to: $to) {
    __typename
    ... on AvailableSlots { slots }
    ... on LinkUnavailable { reason }
  }
}"""
DAY_OFF = """mutation DayOff($date: Date!) {
  addDateOverride(input: {date: $date, ranges: []}) { __typename }
}"""


def _slots(message: dict[str, Any]) -> list[str]:
    answer = message["payload"]["data"]["slotsChanged"]
    assert answer["__typename"] == "AvailableSlots", answer
    return list(answer["slots"])


async def test_an_invitee_sees_free_times_change_as_others_book_and_hosts_take_days_off(
    team: Team, two_servers: tuple[str, str]
) -> None:
    watched, other = two_servers
    monday = upcoming_monday()
    window = {
        "key": "acme/discovery-call",
        "from": iso(monday, "00:00"),
        "to": iso(monday, "23:59"),
    }
    async with connection(watched, None) as socket:
        await subscribe(socket, SLOTS, window)
        first = _slots(await next_message(socket))

        book(other, "acme/discovery-call", iso(monday, "09:00"))
        after_booking = _slots(await next_message(socket))
        graphql(other, DAY_OFF, {"date": monday.isoformat()}, team.host.key)
        after_day_off = _slots(await next_message(socket))

    assert first[0] == iso(monday, "09:00")
    assert after_booking == first[1:]
    assert after_day_off == []


async def test_a_single_use_link_watched_ends_when_it_is_used(
    team: Team, two_servers: tuple[str, str]
) -> None:
    watched, other = two_servers
    monday = upcoming_monday()
    link_id = global_id("Link", team.link.id)
    token = graphql(other, MINT, {"linkId": link_id, "label": "Jane"}, team.owner.key)[
        "createSingleUseLink"
    ]["token"]
    window = {"key": token, "from": iso(monday, "00:00"), "to": iso(monday, "23:59")}
    async with connection(watched, None) as socket:
        await subscribe(socket, SLOTS, window)
        assert _slots(await next_message(socket))

        book(other, token, iso(monday, "10:00"))
        used = await next_message(socket)
        ended = await next_message(socket)

    assert used["payload"]["data"]["slotsChanged"] == {
        "__typename": "LinkUnavailable",
        "reason": "USED",
    }
    assert ended == {"id": "1", "type": "complete"}
