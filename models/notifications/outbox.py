"""The notification side of the outbox: booking events become messages to their people and
writes to their hosts' calendars, which are then sent with retries.

The fan-out renders outside any transaction, then in one short transaction marks the events
notified (only those still unmarked: of two processes that rendered the same event, one wins)
and inserts their rows; the unique (event, channel, recipient) key keeps a second copy out
even so. Sending is leased as webhook deliveries are (models/webhooks/deliveries.py): a
process that dies mid-send leaves its rows to another once the lease has run out.
"""

from __future__ import annotations

import asyncio
import copy
import hashlib
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from models.booking.bookings import MANAGE_TOKEN_PURPOSE, manage_url
from models.booking.calendar_files import booking_calendar, location_words, parts_at_hand
from models.db import prepared, sql
from models.db.tables import (
    Booking,
    BookingStatus,
    HostCalendar,
    Link,
    Notification,
    NotificationChannel,
    NotificationStatus,
    Organization,
    User,
)
from models.db.transactions import transaction
from models.links.routing import questions_of
from models.notifications.messages import (
    Audience,
    Envelope,
    Meeting,
    MessageKind,
    Person,
    compose,
)
from models.notifications.templates import MailTemplates
from models.sealing import SealBroken, unseal
from models.webhooks.deliveries import RetryPolicy
from models.webhooks.events import (
    OUTBOX_EVENT_COLUMNS,
    EventType,
    OutboxEvent,
    outbox_event,
)

BATCH = 50
LEASE = timedelta(minutes=2)


async def _no_pause() -> None:
    await asyncio.sleep(0)


_PENDING_EVENTS = f"""
SELECT {OUTBOX_EVENT_COLUMNS} FROM webhook_events e
WHERE e.notified = :no ORDER BY e.id LIMIT :batch
"""  # noqa: S608 - a column list, values as parameters
_MARK_NOTIFIED = """
UPDATE webhook_events SET notified = :yes
WHERE notified = :no AND id IN ({ids})
RETURNING id
"""
_CLAIM = """
UPDATE notifications
SET attempts = attempts + 1, next_attempt_at = :lease_until
WHERE status = :pending AND next_attempt_at <= :now AND id IN (
    SELECT n.id FROM notifications n
    WHERE n.status = :pending AND n.next_attempt_at <= :now
    ORDER BY n.next_attempt_at, n.id LIMIT :batch {lock}
)
RETURNING id
"""

_KINDS = {
    EventType.BOOKING_CREATED: MessageKind.BOOKED,
    EventType.BOOKING_RESCHEDULED: MessageKind.RESCHEDULED,
    EventType.BOOKING_CANCELLED: MessageKind.CANCELLED,
    EventType.BOOKING_REASSIGNED: MessageKind.REASSIGNED,
}


@dataclass(frozen=True, slots=True)
class Composer:
    """What rendering needs besides the data: templates, the sender, and the server's URL
    and secret (for the invitee's manage link)."""

    templates: MailTemplates
    sender: str
    public_url: str
    server_secret: bytes
    # Off: calendar writes only (the operator sends their own messages, from webhooks).
    send_email: bool = True


@dataclass(frozen=True, slots=True)
class _Context:
    bookings: dict[int, Booking]
    links: dict[int, Link]
    organizations: dict[int, Organization]
    users: dict[tuple[int, str], User]
    writing_calendars: set[int]


async def fan_out(
    composer: Composer, now: datetime, pause: Callable[[], Awaitable[None]] = _no_pause
) -> int:
    """Turns up to a batch of booking events into notifications; returns how many events it
    took. ``pause`` comes before each event's rendering: the caller's chance to let requests
    go first."""
    rows = await sql.fetch(_PENDING_EVENTS, {"no": False, "batch": BATCH})
    if not rows:
        return 0
    events = [outbox_event(row) for row in rows]
    context = await _load_context(events, messages=composer.send_email)
    made: dict[int, list[Notification]] = {}
    for event in events:
        await pause()
        made[event.id] = list(_notifications(composer, context, event, now))
    async with transaction():
        ids = [event.id for event in events]
        taken = await sql.fetch(
            _MARK_NOTIFIED.format(ids=", ".join(f":e{n}" for n in range(len(ids)))),
            {"yes": True, "no": False, **{f"e{n}": id_ for n, id_ in enumerate(ids)}},
        )
        ours = [notification for row in taken for notification in made[int(row["id"])]]
        if ours:
            await Notification.bulk_create(ours, ignore_conflicts=True)
    return len(taken)


async def _load_context(events: Sequence[OutboxEvent], *, messages: bool) -> _Context:
    """The batch's hosts and which of them write to a calendar; for messages also the
    bookings, their links (with owner and meeting type) and organizations. Six queries for
    the whole batch at most."""
    emails = {
        person["email"]
        for event in events
        for person in [
            *event.data.get("meeting", {}).get("hosts", []),
            *event.data.get("previousHosts", []),
        ]
    }
    users = {
        (user.organization_id, user.email): user
        for user in await User.filter(
            organization_id__in={event.organization_id for event in events}, email__in=emails
        )
    }
    writing = {
        int(row["user_id"])
        for row in await HostCalendar.filter(
            user_id__in=[user.id for user in users.values()], write_meetings=True
        ).values("user_id")
    }
    if not messages:
        return _Context({}, {}, {}, users, writing)
    booking_ids = {id_ for event in events if (id_ := event.object_id("booking", "id")) is not None}
    bookings = {b.id: b for b in await Booking.filter(id__in=booking_ids)}
    links = {
        link.id: link
        for link in await Link.filter(id__in={b.link_id for b in bookings.values()}).select_related(
            "owner", "meeting_type"
        )
    }
    organizations = {
        o.id: o
        for o in await Organization.filter(id__in={e.organization_id for e in events}).only(
            "id", "name"
        )
    }
    return _Context(bookings, links, organizations, users, writing)


def _notifications(
    composer: Composer, context: _Context, event: OutboxEvent, now: datetime
) -> Iterable[Notification]:
    kind = _KINDS.get(event.type)
    booking_id = event.object_id("booking", "id")
    if kind is None or booking_id is None:
        return
    hosts = _users(context, event, event.data["meeting"]["hosts"])
    previous_hosts = _users(context, event, event.data.get("previousHosts", []))
    booking = context.bookings.get(booking_id)
    if booking is not None and booking.link_id in context.links:
        yield from _messages(composer, context, event, kind, booking, hosts, previous_hosts, now)
    for host in [*hosts, *previous_hosts]:
        if host.id in context.writing_calendars:
            yield Notification(
                event_id=event.id,
                channel=NotificationChannel.CALENDAR,
                recipient=str(host.id),
                booking_id=booking_id,
                next_attempt_at=now,
            )


def _messages(
    composer: Composer,
    context: _Context,
    event: OutboxEvent,
    kind: MessageKind,
    booking: Booking,
    hosts: Sequence[User],
    previous_hosts: Sequence[User],
    now: datetime,
) -> Iterable[Notification]:
    """The invitee's, each host's, and each released host's."""
    link = context.links[booking.link_id]
    data = event.data
    meeting = _meeting(context, event, booking, link, hosts, previous_hosts)
    snapshot = _as_of(booking, data["booking"])
    token = _manage_token(composer, booking)
    link_for_invitee = None if token is None else manage_url(composer.public_url, token)

    def message(
        to: Person, audience: Audience, kind: MessageKind, calendar_file: bytes
    ) -> Notification:
        envelope = Envelope(composer.sender, _message_id(composer, event, to), now)
        return Notification(
            event_id=event.id,
            channel=NotificationChannel.EMAIL,
            recipient=to.email,
            booking_id=booking.id,
            content=compose(
                composer.templates,
                envelope,
                meeting,
                kind,
                audience,
                to,
                calendar_file=calendar_file,
                manage_url=link_for_invitee if audience is Audience.INVITEE else None,
            ),
            next_attempt_at=now,
        )

    for_hosts = booking_calendar(parts_at_hand(snapshot, link, hosts, composer.public_url, None))
    yield message(
        meeting.invitee,
        Audience.INVITEE,
        kind,
        booking_calendar(
            parts_at_hand(snapshot, link, hosts, composer.public_url, link_for_invitee)
        ),
    )
    for host in hosts:
        yield message(_person(host), Audience.HOST, kind, for_hosts)
    if previous_hosts:
        released = _as_of(booking, {**data["booking"], "status": BookingStatus.CANCELLED.value})
        removal = booking_calendar(
            parts_at_hand(released, link, previous_hosts, composer.public_url, None)
        )
        for host in previous_hosts:
            yield message(_person(host), Audience.HOST, MessageKind.RELEASED, removal)


def _users(context: _Context, event: OutboxEvent, people: Sequence[dict[str, Any]]) -> list[User]:
    found = (context.users.get((event.organization_id, person["email"])) for person in people)
    return [user for user in found if user is not None]


def _person(user: User) -> Person:
    return Person(user.name, user.email, user.time_zone)


def _meeting(
    context: _Context,
    event: OutboxEvent,
    booking: Booking,
    link: Link,
    hosts: Sequence[User],
    previous_hosts: Sequence[User],
) -> Meeting:
    data = event.data
    facts = data["booking"]
    invitee = facts["invitee"]
    labels = {question.key: question.label for question in questions_of(link.questions)}
    answers = [
        (
            labels.get(key, key),
            ", ".join(map(str, value)) if isinstance(value, list) else str(value),
        )
        for key, value in (facts.get("answers") or {}).items()
    ]
    previous = data.get("previousStartAt")
    organization = context.organizations.get(event.organization_id)
    return Meeting(
        organization="Slotlink" if organization is None else organization.name,
        title=data["meeting"]["title"],
        start=prepared.instant(facts["startAt"]),
        end=prepared.instant(facts["endAt"]),
        location=location_words(link.meeting_type),
        invitee=Person(invitee["name"], invitee["email"], invitee["timeZone"]),
        hosts=[_person(host) for host in hosts] or [_person(link.owner)],
        notes=facts.get("notes") or "",
        answers=answers,
        previous_start=None if previous is None else prepared.instant(previous),
        previous_hosts=[_person(host) for host in previous_hosts],
        reason=data.get("reason") or "",
    )


def _as_of(booking: Booking, facts: dict[str, Any]) -> Booking:
    """The booking as the event saw it: the row may have changed again since."""
    snapshot = copy.copy(booking)
    snapshot.start_at = prepared.instant(facts["startAt"])
    snapshot.end_at = prepared.instant(facts["endAt"])
    snapshot.status = BookingStatus(facts["status"])
    cancelled = 1 if snapshot.status is BookingStatus.CANCELLED else 0
    snapshot.reschedule_count = int(facts.get("sequence", booking.reschedule_count)) - cancelled
    return snapshot


def _manage_token(composer: Composer, booking: Booking) -> str | None:
    if not booking.sealed_manage_token:
        return None
    try:
        return unseal(composer.server_secret, MANAGE_TOKEN_PURPOSE, booking.sealed_manage_token)
    except SealBroken:
        # Sealed under an earlier secret: the message goes without the link.
        return None


def _message_id(composer: Composer, event: OutboxEvent, to: Person) -> str:
    """The same for every attempt: a receiving server or client that sees it twice keeps one."""
    host = urlsplit(composer.public_url).hostname or "slotlink"
    tag = hashlib.sha256(to.email.encode()).hexdigest()[:12]
    return f"<event-{event.id}.{tag}@{host}>"


async def claim_due(now: datetime, *, batch: int) -> list[Notification]:
    due = Notification.filter(status=NotificationStatus.PENDING, next_attempt_at__lte=now)
    if batch <= 0 or not await due.exists():
        return []
    rows = await sql.fetch(
        _CLAIM.format(lock=sql.skip_locked()),
        {
            "lease_until": now + LEASE,
            "now": now,
            "pending": NotificationStatus.PENDING.value,
            "batch": batch,
        },
    )
    if not rows:
        return []
    claimed = await Notification.filter(id__in=[int(row["id"]) for row in rows])
    return sorted(claimed, key=lambda notification: notification.id)


@dataclass(frozen=True, slots=True)
class Attempt:
    notification: Notification
    # None: sent (or written).
    error: str | None = None
    # Retrying cannot help (no such mailbox).
    permanent: bool = False


async def record_attempts(
    attempts: Sequence[Attempt], policy: RetryPolicy, now: datetime
) -> list[NotificationStatus]:
    """One transaction for a batch's results, and one statement for all that succeeded: on
    SQLite every write takes the bookings' lock, so the fewer the better. A failure is
    recorded only if the attempt count is still the one seen when claiming, as for webhook
    deliveries: after a lost lease the other process's result stands (a success always
    stands: the message went)."""
    statuses: list[NotificationStatus] = []
    async with transaction():
        sent = [attempt.notification.id for attempt in attempts if attempt.error is None]
        if sent:
            await Notification.filter(id__in=sent, status=NotificationStatus.PENDING).update(
                status=NotificationStatus.SENT, sent_at=now, last_error=""
            )
        for attempt in attempts:
            statuses.append(await _record_failure(attempt, policy, now))
    return statuses


async def _record_failure(
    attempt: Attempt, policy: RetryPolicy, now: datetime
) -> NotificationStatus:
    notification, error = attempt.notification, attempt.error
    if error is None:
        return NotificationStatus.SENT
    ours = Notification.filter(
        id=notification.id,
        status=NotificationStatus.PENDING,
        attempts=notification.attempts,
    )
    retry_at = None if attempt.permanent else policy.next_attempt_at(notification.attempts, now)
    if retry_at is None:
        await ours.update(status=NotificationStatus.FAILED, last_error=error[:500])
        return NotificationStatus.FAILED
    await ours.update(next_attempt_at=retry_at, last_error=error[:500])
    return NotificationStatus.PENDING
