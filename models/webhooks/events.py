"""The events webhooks report, and their payloads. Each is written to the outbox inside the
transaction of the change it reports: no booking without its event, no event without its
booking."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

import orjson

from models.booking.calendar_files import sequence
from models.db import prepared
from models.db.prepared import Prepared
from models.db.sql_scripts import Step
from models.db.tables import Booking, Link, MeetingType, SingleUseLink, User, WebhookEvent
from models.global_ids import global_id, pk_at


class EventType(StrEnum):
    BOOKING_CREATED = "booking.created"
    BOOKING_RESCHEDULED = "booking.rescheduled"
    BOOKING_CANCELLED = "booking.cancelled"
    BOOKING_REASSIGNED = "booking.reassigned"
    SINGLE_USE_LINK_CREATED = "single_use_link.created"
    SINGLE_USE_LINK_USED = "single_use_link.used"
    SINGLE_USE_LINK_EXPIRED = "single_use_link.expired"
    SINGLE_USE_LINK_REVOKED = "single_use_link.revoked"
    LINK_UPDATED = "link.updated"
    # For live updates only (free times follow hosts' hours); no webhook listens to it.
    AVAILABILITY_CHANGED = "availability.changed"


# What webhook endpoints may listen to.
WEBHOOK_EVENTS = tuple(t for t in EventType if t is not EventType.AVAILABILITY_CHANGED)
# The events that also send messages and write hosts' calendars (models/notifications).
NOTIFYING_EVENTS = frozenset(
    {
        EventType.BOOKING_CREATED,
        EventType.BOOKING_RESCHEDULED,
        EventType.BOOKING_CANCELLED,
        EventType.BOOKING_REASSIGNED,
    }
)


def message_id(event_id: int) -> str:
    """The ``webhook-id``: the same for every attempt and redelivery of one event."""
    return f"evt_{event_id}"


def _instant(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat().replace("+00:00", "Z")


@dataclass(frozen=True, slots=True)
class MeetingFacts:
    """What a booking event says of the meeting besides the booking row: its link's owner and
    meeting type (loaded with the link) and the booking's hosts."""

    owner: User
    meeting_type: MeetingType
    hosts: Sequence[User]


def _person(user: User) -> dict[str, str]:
    return {"name": user.name, "email": user.email}


def _meeting(booking: Booking, link: Link, facts: MeetingFacts) -> dict[str, Any]:
    meeting_type = facts.meeting_type
    return {
        "title": link.name,
        "meetingType": {
            "id": global_id("MeetingType", meeting_type.id),
            "name": meeting_type.name,
        },
        "durationMinutes": int((booking.end_at - booking.start_at).total_seconds() // 60),
        "location": {
            "kind": meeting_type.location_kind.value,
            "details": meeting_type.location_details,
        },
        "owner": _person(facts.owner),
        "hosts": [_person(host) for host in facts.hosts],
    }


def _link(link: Link) -> dict[str, Any]:
    """The link itself: for a booking through a single-use link, its parent."""
    return {"id": global_id("Link", link.id), "name": link.name, "slug": link.slug}


def _single_use_link(child: SingleUseLink) -> dict[str, Any]:
    return {
        "id": global_id("SingleUseLink", child.id),
        "label": child.label,
        "prefix": child.token_prefix,
        "maxUses": child.max_uses,
        "uses": child.uses,
        "expiresAt": _instant(child.expires_at),
    }


def _event(
    type_: EventType, link: Link, occurred_at: datetime, data: dict[str, Any]
) -> WebhookEvent:
    body = {"type": type_.value, "timestamp": _instant(occurred_at), "data": data}
    return WebhookEvent(
        organization_id=link.organization_id,
        link_owner_id=link.owner_id,
        link_id=link.id,
        type=type_.value,
        payload=orjson.dumps(body).decode("utf-8"),
        occurred_at=occurred_at,
    )


def booking_event(
    type_: EventType,
    booking: Booking,
    link: Link,
    child: SingleUseLink | None,
    occurred_at: datetime,
    *,
    facts: MeetingFacts,
    actor: str,
    previous: tuple[datetime, datetime] | None = None,
    reason: str | None = None,
    previous_hosts: Sequence[User] = (),
) -> WebhookEvent:
    data: dict[str, Any] = {
        "booking": {
            "id": global_id("Booking", booking.id),
            "status": booking.status.value,
            # The calendar invitation's SEQUENCE after this change.
            "sequence": sequence(booking),
            "startAt": _instant(booking.start_at),
            "endAt": _instant(booking.end_at),
            "invitee": {
                "name": booking.invitee_name,
                "email": booking.invitee_email,
                "timeZone": booking.invitee_time_zone,
            },
            "notes": booking.notes,
            "answers": booking.answers,
        },
        "meeting": _meeting(booking, link, facts),
        "linkType": "STANDARD" if child is None else "SINGLE_USE",
        "link": _link(link),
        "singleUseLink": None if child is None else _single_use_link(child),
        # Merged when the meeting was booked: the parent's keys, overridden by the child's.
        "metadata": booking.metadata,
        "actor": actor,
    }
    if previous is not None:
        data["previousStartAt"], data["previousEndAt"] = map(_instant, previous)
    if reason is not None:
        data["reason"] = reason
    if previous_hosts:
        data["previousHosts"] = [_person(host) for host in previous_hosts]
    return _event(type_, link, occurred_at, data)


def single_use_link_event(
    type_: EventType,
    child: SingleUseLink,
    link: Link,
    occurred_at: datetime,
    *,
    booking: Booking | None = None,
) -> WebhookEvent:
    data: dict[str, Any] = {
        "singleUseLink": _single_use_link(child),
        "link": _link(link),
        "metadata": {**link.metadata, **child.metadata},
    }
    if booking is not None:
        data["bookingId"] = global_id("Booking", booking.id)
    return _event(type_, link, occurred_at, data)


def link_event(
    link: Link, occurred_at: datetime, *, changed: Sequence[str], actor_user_id: int
) -> WebhookEvent:
    """A link's settings changed: ``changed`` names the fields as the API does."""
    data: dict[str, Any] = {
        "link": _link(link),
        "changed": list(changed),
        "actor": "USER",
        "actorId": global_id("User", actor_user_id),
    }
    return _event(EventType.LINK_UPDATED, link, occurred_at, data)


def availability_event(user: User, occurred_at: datetime) -> WebhookEvent:
    """A user's working hours or date overrides changed: the free times of their links."""
    data = {"user": {"id": global_id("User", user.id)}}
    body = {"type": EventType.AVAILABILITY_CHANGED.value, "timestamp": _instant(occurred_at)}
    return WebhookEvent(
        organization_id=user.organization_id,
        link_owner_id=user.id,
        link_id=None,
        type=EventType.AVAILABILITY_CHANGED.value,
        payload=orjson.dumps({**body, "data": data}).decode("utf-8"),
        occurred_at=occurred_at,
    )


@dataclass(frozen=True, slots=True)
class OutboxEvent:
    """An outbox row read back: what happened, to which link, with the payload's data."""

    id: int
    type: EventType
    organization_id: int
    link_id: int | None
    occurred_at: datetime
    data: dict[str, Any]

    def object_id(self, *path: str) -> int | None:
        """The primary key behind a global ID in the data, e.g. ``("booking", "id")``."""
        return pk_at(self.data, *path)


# The columns ``outbox_event`` reads, of ``webhook_events`` aliased ``e``.
OUTBOX_EVENT_COLUMNS = "e.id, e.organization_id, e.link_id, e.type, e.occurred_at, e.payload"


def outbox_event(row: dict[str, Any]) -> OutboxEvent:
    return OutboxEvent(
        id=int(row["id"]),
        type=EventType(row["type"]),
        organization_id=int(row["organization_id"]),
        link_id=None if row["link_id"] is None else int(row["link_id"]),
        occurred_at=prepared.instant(row["occurred_at"]),
        data=orjson.loads(row["payload"])["data"],
    )


_OUTBOX_ROWS = """
    INSERT INTO webhook_events (
        organization_id, link_owner_id, link_id, type, payload, occurred_at, fanned_out, notified
    ) VALUES {rows}
"""
_OUTBOX_ROW = (
    "(:organization{n}, :owner{n}, :link{n}, :type{n}, :payload{n}, :occurred{n}, :no,"
    " :notified{n})"
)


def outbox_step(events: Sequence[WebhookEvent]) -> Step:
    """One INSERT of every event's row, for a transaction's script."""
    rows = ", ".join(_OUTBOX_ROW.format(n=n) for n in range(len(events)))
    values: dict[str, Any] = {"no": False}
    for n, event in enumerate(events):
        values[f"organization{n}"] = event.organization_id
        values[f"owner{n}"] = event.link_owner_id
        values[f"link{n}"] = event.link_id
        values[f"type{n}"] = event.type
        values[f"payload{n}"] = event.payload
        values[f"occurred{n}"] = event.occurred_at
        values[f"notified{n}"] = event.type not in NOTIFYING_EVENTS
    return Step(Prepared.of(_OUTBOX_ROWS.format(rows=rows)), values)


async def record(events: Sequence[WebhookEvent]) -> None:
    """Call inside the transaction of the change the events report."""
    if events:
        step = outbox_step(events)
        await prepared.execute(step.statement, step.values)
