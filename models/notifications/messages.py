"""A booking event as the messages its people receive: for each recipient a subject, a plain
text and an HTML body in their own time zone, and the calendar file that adds, updates or
removes the meeting in their calendar."""

from __future__ import annotations

import base64
import binascii
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.header import Header
from email.utils import format_datetime, formataddr
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from models.notifications.templates import HTML, SUBJECTS, TEXT, MailTemplates


class MessageKind(StrEnum):
    BOOKED = "booked"
    RESCHEDULED = "rescheduled"
    CANCELLED = "cancelled"
    # To the invitee and the new host when a meeting changes hands; the old host is released.
    REASSIGNED = "reassigned"
    RELEASED = "released"

    @property
    def removes_meeting(self) -> bool:
        return self in {MessageKind.CANCELLED, MessageKind.RELEASED}


class Audience(StrEnum):
    INVITEE = "invitee"
    HOST = "host"


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    email: str
    time_zone: str


@dataclass(frozen=True, slots=True)
class Meeting:
    """What every message of one event says, whoever receives it."""

    organization: str
    title: str
    start: datetime
    end: datetime
    location: str
    invitee: Person
    hosts: Sequence[Person]
    notes: str
    answers: Sequence[tuple[str, str]]
    previous_start: datetime | None = None
    previous_hosts: Sequence[Person] = ()
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Envelope:
    sender: str
    message_id: str
    sent_at: datetime


_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


def one_line(text: str) -> str:
    """Line breaks and other control characters in a header become one space: a name can
    never start a header of its own."""
    return " ".join(_CONTROL.sub(" ", text).split())


def _names(people: Sequence[Person]) -> str:
    names = [person.name for person in people]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _when(start: datetime, end: datetime, time_zone: str) -> str:
    zone = ZoneInfo(time_zone)
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    day = f"{local_start:%A}, {local_start.day} {local_start:%B %Y}"
    return f"{day}, {local_start:%H:%M}\u2013{local_end:%H:%M} ({time_zone})"


def _when_short(start: datetime, time_zone: str) -> str:
    local = start.astimezone(ZoneInfo(time_zone))
    return f"{local:%a} {local.day} {local:%b}, {local:%H:%M}"


def template_values(
    meeting: Meeting,
    kind: MessageKind,
    audience: Audience,
    recipient: Person,
    manage_url: str | None,
) -> dict[str, Any]:
    zone = recipient.time_zone
    duration = meeting.end - meeting.start
    previous = meeting.previous_start
    return {
        "kind": kind.value,
        "audience": audience.value,
        "recipient_name": recipient.name,
        "organization": meeting.organization,
        "title": meeting.title,
        "when": _when(meeting.start, meeting.end, zone),
        "when_short": _when_short(meeting.start, zone),
        "previous_when": None if previous is None else _when(previous, previous + duration, zone),
        "location": meeting.location,
        "hosts_names": _names(meeting.hosts),
        "previous_hosts_names": _names(meeting.previous_hosts) if meeting.previous_hosts else "",
        "invitee_name": meeting.invitee.name,
        "invitee_email": meeting.invitee.email,
        "notes": meeting.notes,
        "answers": list(meeting.answers) if audience is Audience.HOST else [],
        "reason": meeting.reason,
        "manage_url": manage_url if audience is Audience.INVITEE else None,
    }


def _boundary() -> str:
    """Random, so it cannot occur in the parts."""
    return f"slotlink-{secrets.token_hex(16)}"


def _text_part(subtype: str, text: str, parameters: str = "") -> str:
    """UTF-8 as quoted-printable: still readable as it travels (base64 is not)."""
    one_style = text.replace("\r\n", "\n").replace("\r", "\n")
    body = binascii.b2a_qp(one_style.encode("utf-8"), istext=True).decode("ascii")
    return (
        f'Content-Type: text/{subtype}; charset="utf-8"{parameters}\n'
        "MIME-Version: 1.0\n"
        "Content-Transfer-Encoding: quoted-printable\n\n"
        f"{body}"
    )


def _attachment(content_type: str, filename: str, content: bytes) -> str:
    return (
        f"Content-Type: {content_type}\n"
        "MIME-Version: 1.0\n"
        "Content-Transfer-Encoding: base64\n"
        f'Content-Disposition: attachment; filename="{filename}"\n\n'
        f"{base64.encodebytes(content).decode('ascii')}"
    )


def _multipart(subtype: str, parts: Sequence[str], headers: str = "") -> str:
    boundary = _boundary()
    body = "".join(f"--{boundary}\n{part}\n" for part in parts)
    return (
        f'Content-Type: multipart/{subtype}; boundary="{boundary}"\n'
        f"MIME-Version: 1.0\n{headers}\n{body}--{boundary}--\n"
    )


def _address(person: Person) -> str:
    return formataddr((one_line(person.name), person.email), charset="utf-8")


def compose(
    templates: MailTemplates,
    envelope: Envelope,
    meeting: Meeting,
    kind: MessageKind,
    audience: Audience,
    recipient: Person,
    *,
    calendar_file: bytes,
    manage_url: str | None,
) -> str:
    """The whole message as sent. The calendar file travels twice, as mail clients expect:
    as the text/calendar alternative that shows the invitation's buttons, and attached.

    Written out directly, in the fixed shape every message has: the mail library's classic
    MIME classes took over a millisecond a message (its newer API ten times that), and this
    runs for every recipient of every booking. Every header value is one line by then:
    names pass through ``one_line`` and are encoded when not ASCII."""
    values = template_values(meeting, kind, audience, recipient, manage_url)
    subject = one_line(templates.render(SUBJECTS, values))
    values["subject"] = subject
    reply_to = meeting.invitee if audience is Audience.HOST else meeting.hosts[0]
    headers = {
        "From": formataddr((one_line(meeting.organization), envelope.sender), charset="utf-8"),
        "To": _address(recipient),
        "Reply-To": _address(reply_to),
        "Subject": subject if subject.isascii() else Header(subject, "utf-8").encode(),
        "Date": format_datetime(envelope.sent_at),
        "Message-ID": one_line(envelope.message_id),
        "Auto-Submitted": "auto-generated",
    }
    method = "CANCEL" if kind.removes_meeting else "REQUEST"
    bodies = _multipart(
        "alternative",
        [
            _text_part("plain", templates.render(TEXT, values)),
            _text_part("html", templates.render(HTML, values)),
            _text_part("calendar", calendar_file.decode("utf-8"), f'; method="{method}"'),
        ],
    )
    return _multipart(
        "mixed",
        [bodies, _attachment("application/ics", "invite.ics", calendar_file)],
        "".join(f"{name}: {value}\n" for name, value in headers.items()),
    )
