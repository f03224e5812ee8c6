"""Confirmations by email: made from the outbox after the booking commits, sent to a real
SMTP server in the test process, once, with a calendar file that mail clients act on."""

from __future__ import annotations

import asyncio
import dataclasses
import email
import email.policy
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from background.mail_senders import FolderSender, Outgoing, SmtpSender
from background.notification_dispatcher import NotificationDispatcher
from config import MailSettings, Settings, SmtpSecurity, SmtpServer
from models.booking.bookings import Actor, cancel_booking, find_by_manage_token, reschedule_booking
from models.db.tables import (
    ActorKind,
    Booking,
    Notification,
    NotificationStatus,
    User,
    WebhookEvent,
)
from models.db.transactions import transaction
from models.errors import InvalidInputError, SlotUnavailableError
from models.notifications.messages import (
    Audience,
    Envelope,
    Meeting,
    MessageKind,
    Person,
    compose,
)
from models.notifications.templates import MailTemplates
from observability.metrics import Metrics
from tests.support.booking_factories import (
    INVITEE_EMAIL,
    at,
    book,
    create_booking_team,
    upcoming_monday,
)
from tests.support.smtp_server import self_signed, smtp_server

pytestmark = pytest.mark.usefixtures("db")

MAX, HANA = "max@acme.test", "hana@acme.test"
LINK = "acme/discovery-call"


def _settings(settings: Settings, port: int, **mail: object) -> Settings:
    server = SmtpServer("127.0.0.1", port, SmtpSecurity.NONE)
    options: dict[str, object] = {
        "smtp": server,
        "sender": "bookings@slotlink.test",
        "retry_delays": (30.0, 60.0),
        **mail,
    }
    return dataclasses.replace(settings, mail=MailSettings(**options))  # type: ignore[arg-type]


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


async def _run(dispatcher: NotificationDispatcher) -> None:
    """Rounds until nothing is made or due, each round's sends finished."""
    while await dispatcher.run_once():
        await dispatcher.drain()
    await dispatcher.drain()


def _calendar(message: EmailMessage) -> Calendar:
    attachment = next(part for part in message.iter_attachments() if part.get_filename())
    assert attachment.get_content_type() == "application/ics"
    return Calendar.from_ical(attachment.get_content())


def _event(message: EmailMessage) -> tuple[str, str, int, datetime]:
    calendar = _calendar(message)
    event: Any = calendar.walk("VEVENT")[0]
    return (
        str(calendar["method"]),
        str(event["uid"]),
        int(event["sequence"]),
        event["dtstart"].dt,
    )


def _text(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return str(part.get_content())


def _html(message: EmailMessage) -> str:
    part = message.get_body(("html",))
    assert part is not None
    return str(part.get_content())


async def test_a_booking_sends_its_invitee_and_each_host_an_invitation(settings: Settings) -> None:
    # given
    team = await create_booking_team()
    await User.filter(id=team.host.user_id).update(time_zone="Europe/Berlin")
    start = at(upcoming_monday(), "09:00")
    with smtp_server() as (mailbox, port):
        dispatcher = NotificationDispatcher(_settings(settings, port), Metrics())
        # when
        booked = await book(LINK, start)
        await _run(dispatcher)
    # then
    assert sorted(r for m in mailbox.received for r in m.recipients) == sorted(
        [INVITEE_EMAIL, MAX, HANA]
    )
    invitee = mailbox.to(INVITEE_EMAIL)[0]
    assert invitee["Subject"].startswith("Confirmed: Discovery call with ")
    assert invitee["From"].addresses[0].display_name == "Acme"
    assert invitee["From"].addresses[0].addr_spec == "bookings@slotlink.test"
    uid = f"booking-{booked.booking.id}@slotlink.test"
    assert _event(invitee) == ("REQUEST", uid, 0, start)
    # The invitation's alternative part carries the method clients act on.
    alternative = next(
        part for part in invitee.walk() if part.get_content_type() == "text/calendar"
    )
    assert alternative.get_param("method") == "REQUEST"
    # The manage link in the message is the invitee's own, and it works.
    manage = f"https://slotlink.test/m/{booked.manage_token}"
    assert manage in _text(invitee)
    assert manage in _html(invitee)
    assert (await find_by_manage_token(booked.manage_token)) is not None
    # Hosts: no manage link, their own time zone.
    hana = mailbox.to(HANA)[0]
    assert hana["Subject"].startswith("New meeting: Discovery call with ")
    assert booked.manage_token not in hana.as_string()
    berlin = start.astimezone(ZoneInfo("Europe/Berlin"))
    assert f"{berlin:%H:%M}" in _text(hana)
    assert "(Europe/Berlin)" in _text(hana)
    assert "(UTC)" in _text(invitee)
    assert hana["Reply-To"].addresses[0].addr_spec == INVITEE_EMAIL


async def test_reschedule_and_cancel_update_the_same_invitation(settings: Settings) -> None:
    # given
    await create_booking_team()
    start = at(upcoming_monday(), "09:00")
    with smtp_server() as (mailbox, port):
        dispatcher = NotificationDispatcher(_settings(settings, port), Metrics())
        booked = await book(LINK, start)
        await _run(dispatcher)
        invitee = Actor(ActorKind.INVITEE)
        # when
        moved = await reschedule_booking(booked.booking, start + timedelta(hours=1), invitee)
        await _run(dispatcher)
        await cancel_booking(moved, invitee, reason="Found another time")
        await _run(dispatcher)
    # then
    mine = mailbox.to(INVITEE_EMAIL)
    uid = f"booking-{booked.booking.id}@slotlink.test"
    assert [_event(message) for message in mine] == [
        ("REQUEST", uid, 0, start),
        ("REQUEST", uid, 1, start + timedelta(hours=1)),
        ("CANCEL", uid, 2, start + timedelta(hours=1)),
    ]
    assert mine[1]["Subject"].startswith("Updated: Discovery call moved to ")
    assert "it was " in _text(mine[1])
    assert mine[2]["Subject"].startswith("Cancelled: Discovery call")
    assert "Found another time" in _text(mine[2])
    assert len(mailbox.to(MAX)) == 3


async def test_a_booking_commits_while_the_mail_server_is_down_and_is_sent_once_it_is_back(
    settings: Settings,
) -> None:
    # given: nothing listens on the port yet
    await create_booking_team()
    clock = Clock()
    with smtp_server() as (_, port):
        pass
    dispatcher = NotificationDispatcher(_settings(settings, port), Metrics(), clock=clock)
    # when
    booked = await book(LINK, at(upcoming_monday(), "09:00"))
    await _run(dispatcher)
    # then
    assert booked.booking.id is not None
    pending = await Notification.filter(recipient=INVITEE_EMAIL).get()
    assert pending.status is NotificationStatus.PENDING
    assert pending.attempts == 1
    assert "no answer from the mail server" in pending.last_error
    # when: the server is back on the same port, after the retry delay
    with smtp_server(port=port) as (mailbox, _):
        clock.now += timedelta(seconds=40)
        await _run(dispatcher)
    # then
    assert len(mailbox.to(INVITEE_EMAIL)) == 1
    sent = await Notification.filter(recipient=INVITEE_EMAIL).get()
    assert (sent.status, sent.attempts) == (NotificationStatus.SENT, 2)


async def test_a_server_that_refuses_then_accepts_gets_each_message_once(
    settings: Settings,
) -> None:
    # given
    await create_booking_team()
    clock = Clock()
    with smtp_server() as (mailbox, port):
        mailbox.refuse = 3
        dispatcher = NotificationDispatcher(_settings(settings, port), Metrics(), clock=clock)
        await book(LINK, at(upcoming_monday(), "09:00"))
        # when
        await _run(dispatcher)
        refused_first = mailbox.refused
        clock.now += timedelta(seconds=40)
        await _run(dispatcher)
        clock.now += timedelta(seconds=100)
        await _run(dispatcher)
    # then
    assert refused_first == 3
    assert sorted(r for m in mailbox.received for r in m.recipients) == sorted(
        [INVITEE_EMAIL, MAX, HANA]
    )
    statuses = await Notification.all().values_list("status", "attempts")
    assert sorted(statuses) == [(NotificationStatus.SENT, 2)] * 3


async def test_two_dispatchers_side_by_side_send_each_message_once(settings: Settings) -> None:
    # given
    await create_booking_team()
    day = upcoming_monday()
    with smtp_server() as (mailbox, port):
        first = NotificationDispatcher(_settings(settings, port), Metrics())
        second = NotificationDispatcher(_settings(settings, port), Metrics())
        for clock in ("09:00", "10:00", "11:00"):
            await book(LINK, at(day, clock))
        # when
        for _ in range(3):
            await asyncio.gather(first.run_once(), second.run_once())
            await asyncio.gather(first.drain(), second.drain())
        await _run(first)
    # then
    ids = [m.message["Message-ID"] for m in mailbox.received]
    assert len(ids) == 9
    assert len(set(ids)) == 9


async def _cancel_then_fail(booking: Booking) -> None:
    async with transaction():
        await cancel_booking(booking, Actor(ActorKind.INVITEE))
        raise RuntimeError("rolled back")


async def test_no_message_for_a_change_that_rolled_back(settings: Settings) -> None:
    # given
    await create_booking_team()
    start = at(upcoming_monday(), "09:00")
    booked = await book(LINK, start)
    with pytest.raises(SlotUnavailableError):
        await book(LINK, start, email="second@example.com")
    with pytest.raises(RuntimeError):
        await _cancel_then_fail(booked.booking)
    with smtp_server() as (mailbox, port):
        # when
        await _run(NotificationDispatcher(_settings(settings, port), Metrics()))
    # then
    # The booking's confirmations alone: nothing for the refused booking or the undone cancel.
    assert sorted(r for m in mailbox.received for r in m.recipients) == sorted(
        [INVITEE_EMAIL, MAX, HANA]
    )
    assert {m.message["Subject"].split(":")[0] for m in mailbox.received} == {
        "Confirmed",
        "New meeting",
    }


async def test_a_name_with_a_line_break_is_refused_at_booking() -> None:
    await create_booking_team()
    with pytest.raises(InvalidInputError) as refused:
        await book(
            LINK,
            at(upcoming_monday(), "09:00"),
            name="Eve\r\nBcc: victim@example.com",
        )
    assert [e.field for e in refused.value.field_errors] == ["invitee.name"]


def _meeting(invitee_name: str) -> Meeting:
    start = datetime(2027, 3, 1, 9, tzinfo=UTC)
    return Meeting(
        organization="Acme\r\nX-Injected: 1",
        title="Intro",
        start=start,
        end=start + timedelta(minutes=30),
        location="",
        invitee=Person(invitee_name, "eve@example.com", "UTC"),
        hosts=[Person("Max", "max@acme.test", "UTC")],
        notes="",
        answers=[],
    )


def test_names_can_neither_add_headers_nor_markup() -> None:
    # given: names stored before line breaks were refused, or written by the database's owner
    meeting = _meeting("Eve\r\nBcc: victim@example.com <script>alert(1)</script>")
    # when
    text = compose(
        MailTemplates(),
        Envelope("bookings@slotlink.test", "<x@slotlink.test>", datetime.now(UTC)),
        meeting,
        MessageKind.BOOKED,
        Audience.HOST,
        meeting.hosts[0],
        calendar_file=b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
        manage_url=None,
    )
    # then
    parsed = email.message_from_string(text, policy=email.policy.default)
    assert parsed["Bcc"] is None
    assert parsed["X-Injected"] is None
    headers = text.split("\r\n\r\n", 1)[0] if "\r\n\r\n" in text else text.split("\n\n", 1)[0]
    assert "\nBcc:" not in headers
    html = parsed.get_body(("html",))
    assert html is not None
    assert "<script>" not in html.get_content()
    assert "&lt;script&gt;" in html.get_content()


async def test_an_operators_template_replaces_the_built_in_one(
    settings: Settings, tmp_path: Path
) -> None:
    # given
    (tmp_path / "subjects.txt").write_text("Booked with {{ organization }}: {{ title }}")
    await create_booking_team()
    with smtp_server() as (mailbox, port):
        dispatcher = NotificationDispatcher(
            _settings(settings, port, templates=tmp_path), Metrics()
        )
        # when
        await book(LINK, at(upcoming_monday(), "09:00"))
        await _run(dispatcher)
    # then
    assert {m.message["Subject"] for m in mailbox.received} == {"Booked with Acme: Discovery call"}


async def test_without_an_smtp_server_messages_are_written_to_a_folder(
    settings: Settings, tmp_path: Path
) -> None:
    # given
    await create_booking_team()
    folder = tmp_path / "mail"
    dispatcher = NotificationDispatcher(
        dataclasses.replace(settings, mail=MailSettings(folder=folder)), Metrics()
    )
    assert isinstance(dispatcher.sender, FolderSender)
    # when
    await book(LINK, at(upcoming_monday(), "09:00"))
    await _run(dispatcher)
    # then
    files = sorted(folder.glob("*.eml"))
    assert len(files) == 3
    assert any(INVITEE_EMAIL in path.name for path in files)
    assert "BEGIN:VCALENDAR" in files[0].read_text()


async def test_with_email_turned_off_nothing_is_sent_and_the_events_are_not_kept_waiting(
    settings: Settings,
) -> None:
    # given
    await create_booking_team()
    with smtp_server() as (mailbox, port):
        off = _settings(settings, port, enabled=False)
        dispatcher = NotificationDispatcher(off, Metrics())
        # when
        await book(LINK, at(upcoming_monday(), "09:00"))
        await _run(dispatcher)
    # then
    assert mailbox.received == []
    assert not await Notification.exists()
    assert not await WebhookEvent.filter(notified=False).exists()


def _one(recipient: str = "jane@prospect.example") -> list[Outgoing]:
    return [Outgoing(recipient, "Subject: Hello\r\n\r\nHello\r\n")]


async def test_smtp_with_starttls_and_authentication(tmp_path: Path) -> None:
    # given: a server that requires STARTTLS before it takes a password
    context, certificate = self_signed(tmp_path)
    with smtp_server(username="slotlink", password="s3cret", tls_context=context) as (
        mailbox,
        port,
    ):
        server = SmtpServer(
            "127.0.0.1", port, SmtpSecurity.STARTTLS, "slotlink", "s3cret", certificate
        )
        # when
        sent = await SmtpSender(server, "bookings@slotlink.test", 10).send_all(_one())
        wrong = dataclasses.replace(server, password="guess")
        refused = await SmtpSender(wrong, "bookings@slotlink.test", 10).send_all(_one())
        plain = dataclasses.replace(server, security=SmtpSecurity.NONE)
        unencrypted = await SmtpSender(plain, "bookings@slotlink.test", 10).send_all(_one())
    # then
    assert sent == [None]
    assert len(mailbox.received) == 1
    assert refused[0] is not None
    assert "535" in refused[0].reason
    assert not refused[0].permanent
    # The server does not take a password in the clear.
    assert unencrypted[0] is not None
    assert len(mailbox.received) == 1


async def test_a_mailbox_that_does_not_exist_is_not_retried(settings: Settings) -> None:
    # given
    await create_booking_team()
    with smtp_server() as (mailbox, port):
        mailbox.unknown = {INVITEE_EMAIL}
        dispatcher = NotificationDispatcher(_settings(settings, port), Metrics())
        # when
        await book(LINK, at(upcoming_monday(), "09:00"))
        await _run(dispatcher)
    # then
    failed = await Notification.get(recipient=INVITEE_EMAIL)
    assert (failed.status, failed.attempts) == (NotificationStatus.FAILED, 1)
    assert "550" in failed.last_error
    assert sorted(r for m in mailbox.received for r in m.recipients) == sorted([MAX, HANA])
