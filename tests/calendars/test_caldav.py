"""Hosts' own calendars, against a real CalDAV server (Radicale): their busy times remove
slots and block bookings, a calendar that cannot be read offers nothing, and the meetings
booked with a host are written into it, moved and removed with the booking."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from background.calendar_sync import CalendarSync
from background.notification_dispatcher import NotificationDispatcher
from config import CalendarSettings, MailSettings, Settings
from models.booking.bookings import Actor, cancel_booking, reschedule_booking
from models.calendars.connections import (
    CalendarCredentials,
    connect_calendar,
    disconnect_calendar,
)
from models.db.tables import ActorKind, CalendarStatus, HostCalendar
from models.errors import InvalidInputError, SlotUnavailableError
from observability.metrics import Metrics
from tests.conftest import GraphQLClient
from tests.support.booking_factories import at, book, create_booking_team, execute, upcoming_monday
from tests.support.caldav_server import PASSWORD, USER, CalDavServer, caldav_server

pytestmark = pytest.mark.usefixtures("db")

LINK = "acme/discovery-call"
SLOTS = """
query ($key: String!, $from: DateTime!, $to: DateTime!) {
  publicLink(key: $key) {
    ... on PublicLink {
      availableSlots(from: $from, to: $to, timeZone: "UTC") { ... on AvailableSlots { slots } }
    }
  }
}
"""


@pytest.fixture(scope="module")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CalDavServer]:
    with caldav_server(tmp_path_factory.mktemp("radicale")) as server:
        yield server


def _settings(settings: Settings, tmp_path: Path, **calendars: Any) -> Settings:
    return dataclasses.replace(
        settings,
        calendars=CalendarSettings(**calendars),
        mail=MailSettings(folder=tmp_path / "mail"),
    )


async def _slots(client: GraphQLClient, day: datetime) -> list[str]:
    variables = {
        "key": LINK,
        "from": day.isoformat(),
        "to": (day + timedelta(days=1)).isoformat(),
    }
    data = await execute(client, SLOTS, variables)
    slots: list[str] = data["publicLink"]["availableSlots"]["slots"]
    return [slot[11:16] for slot in slots]


def _past() -> datetime:
    return datetime.now(UTC) - timedelta(seconds=1)


MORNING = ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"]


async def test_an_event_in_the_hosts_calendar_removes_the_slot_and_refuses_the_booking(
    client: GraphQLClient, settings: Settings, radicale: CalDavServer, tmp_path: Path
) -> None:
    # given
    team = await create_booking_team()
    monday = at(upcoming_monday(), "00:00")
    calendar_url = radicale.new_calendar()
    radicale.add_event(calendar_url, monday + timedelta(hours=9), monday + timedelta(hours=10))
    assert await _slots(client, monday) == MORNING
    # when
    await connect_calendar(
        team.host.user_id,
        CalendarCredentials(calendar_url, USER, PASSWORD, write_meetings=False),
        _settings(settings, tmp_path),
    )
    # then
    assert await _slots(client, monday) == ["10:00", "10:30", "11:00", "11:30"]
    with pytest.raises(SlotUnavailableError):
        await book(LINK, monday + timedelta(hours=9, minutes=30))
    # when: another event appears there, and the calendar is read again
    radicale.add_event(calendar_url, monday + timedelta(hours=11), monday + timedelta(hours=12))
    radicale.add_event(
        calendar_url,
        monday + timedelta(hours=10),
        monday + timedelta(hours=11),
        transp="TRANSPARENT",
    )
    await HostCalendar.filter(user_id=team.host.user_id).update(next_sync_at=_past())
    assert await CalendarSync(_settings(settings, tmp_path)).run_once() == 1
    # then: a free ("transparent") event blocks nothing
    assert await _slots(client, monday) == ["10:00", "10:30"]
    # when
    assert await disconnect_calendar(team.host.user_id)
    # then
    assert await _slots(client, monday) == MORNING


async def test_wrong_credentials_or_url_are_refused_by_name(
    settings: Settings, radicale: CalDavServer, tmp_path: Path
) -> None:
    team = await create_booking_team()
    calendar_url = radicale.new_calendar()
    cases = [
        (CalendarCredentials(calendar_url, USER, "wrong", False), "password"),
        (CalendarCredentials(calendar_url + "missing/", USER, PASSWORD, False), "url"),
        (CalendarCredentials("ftp://example.com/cal", USER, PASSWORD, False), "url"),
    ]
    for credentials, field in cases:
        with pytest.raises(InvalidInputError) as refused:
            await connect_calendar(team.host.user_id, credentials, _settings(settings, tmp_path))
        assert [e.field for e in refused.value.field_errors] == [field]
    assert not await HostCalendar.exists()


async def test_a_calendar_that_cannot_be_read_offers_nothing_unless_told_otherwise(
    client: GraphQLClient, settings: Settings, radicale: CalDavServer, tmp_path: Path
) -> None:
    # given
    team = await create_booking_team()
    monday = at(upcoming_monday(), "00:00")
    calendar_url = radicale.new_calendar()
    safe = _settings(settings, tmp_path)
    await connect_calendar(
        team.host.user_id, CalendarCredentials(calendar_url, USER, PASSWORD, False), safe
    )
    # when: the password was changed on the server, and the last good read is long past
    await HostCalendar.filter(user_id=team.host.user_id).update(
        url=calendar_url + "gone/",
        next_sync_at=_past(),
        trusted_until=datetime.now(UTC) - timedelta(seconds=1),
    )
    await CalendarSync(safe).run_once()
    # then
    calendar = await HostCalendar.get(user_id=team.host.user_id)
    assert calendar.status is CalendarStatus.FAILING
    assert "404" in calendar.last_error
    assert await _slots(client, monday) == []
    with pytest.raises(SlotUnavailableError):
        await book(LINK, monday + timedelta(hours=9))
    # when: the operator prefers offering the host's hours to offering nothing
    await HostCalendar.filter(user_id=team.host.user_id).update(next_sync_at=_past())
    await CalendarSync(_settings(settings, tmp_path, offer_when_unreadable=True)).run_once()
    # then
    assert await _slots(client, monday) == MORNING


def _event_of(events: dict[str, bytes]) -> Any:
    assert len(events) == 1, events
    return Calendar.from_ical(next(iter(events.values()))).walk("VEVENT")[0]


async def test_meetings_are_written_moved_and_removed_in_the_hosts_calendar(
    client: GraphQLClient, settings: Settings, radicale: CalDavServer, tmp_path: Path
) -> None:
    # given
    team = await create_booking_team()
    monday = at(upcoming_monday(), "00:00")
    calendar_url = radicale.new_calendar()
    configured = _settings(settings, tmp_path)
    await connect_calendar(
        team.host.user_id,
        CalendarCredentials(calendar_url, USER, PASSWORD, write_meetings=True),
        configured,
    )
    dispatcher = NotificationDispatcher(configured, Metrics())

    async def dispatch() -> None:
        while await dispatcher.run_once():
            await dispatcher.drain()

    # when
    booked = await book(LINK, monday + timedelta(hours=9))
    await dispatch()
    # then
    event = _event_of(radicale.events(calendar_url))
    assert str(event["uid"]) == f"booking-{booked.booking.id}@slotlink.test"
    assert event["dtstart"].dt == monday + timedelta(hours=9)
    # when: the calendar is read again, the meeting we wrote is not a second busy time, so
    # moving the meeting by half an hour (overlapping its old time) is allowed
    await HostCalendar.filter(user_id=team.host.user_id).update(next_sync_at=_past())
    await CalendarSync(configured).run_once()
    moved = await reschedule_booking(
        booked.booking, monday + timedelta(hours=9, minutes=30), Actor(ActorKind.INVITEE)
    )
    await dispatch()
    # then
    event = _event_of(radicale.events(calendar_url))
    assert event["dtstart"].dt == monday + timedelta(hours=9, minutes=30)
    assert int(event["sequence"]) == 1
    # when
    await cancel_booking(moved, Actor(ActorKind.INVITEE))
    await dispatch()
    # then
    assert radicale.events(calendar_url) == {}


CONNECT = """
mutation ($input: ConnectCalendarInput!) {
  connectCalendar(input: $input) {
    __typename
    ... on CalendarConnected { calendar { url username writeMeetings status lastError } }
    ... on InvalidInput { fieldErrors { field } }
    ... on Error { code }
  }
}
"""
MINE = "{ myCalendar { url status syncedAt trustedUntil } }"


async def test_hosts_connect_their_own_calendar_through_the_api(
    client: GraphQLClient, radicale: CalDavServer
) -> None:
    # given
    team = await create_booking_team()
    calendar_url = radicale.new_calendar()
    given = {"url": calendar_url, "username": USER, "password": "wrong"}
    # when: anonymous, then with a wrong password, then right
    anonymous = await execute(client, CONNECT, {"input": given})
    refused = await execute(client, CONNECT, {"input": given}, key=team.host.key)
    connected = await execute(
        client,
        CONNECT,
        {"input": {**given, "password": PASSWORD, "writeMeetings": True}},
        key=team.host.key,
    )
    # then
    assert anonymous["connectCalendar"] == {"__typename": "Forbidden", "code": "FORBIDDEN"}
    assert refused["connectCalendar"]["fieldErrors"] == [{"field": "password"}]
    assert connected["connectCalendar"] == {
        "__typename": "CalendarConnected",
        "calendar": {
            "url": calendar_url,
            "username": USER,
            "writeMeetings": True,
            "status": "OK",
            "lastError": "",
        },
    }
    # Each sees only their own.
    mine = await execute(client, MINE, key=team.host.key)
    assert mine["myCalendar"]["url"] == calendar_url
    assert mine["myCalendar"]["trustedUntil"] > mine["myCalendar"]["syncedAt"]
    assert (await execute(client, MINE, key=team.owner.key))["myCalendar"] is None
    # when
    gone = await execute(
        client,
        "mutation { disconnectCalendar { ... on CalendarDisconnected { disconnected } } }",
        key=team.host.key,
    )
    # then
    assert gone["disconnectCalendar"] == {"disconnected": True}
    assert (await execute(client, MINE, key=team.host.key))["myCalendar"] is None
