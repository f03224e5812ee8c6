"""Whatever people type (names and notes in any script, long lines, trailing spaces, "=",
lines of a lone dot, line breaks of any style), a message reads back in a standard mail
parser as the text that was rendered: the same bodies, the same calendar file, the same
names in its headers, and no line over the 998-octet limit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email import message_from_string, policy
from email.message import EmailMessage

from hypothesis import given, settings
from hypothesis import strategies as st

from models.notifications.messages import (
    Audience,
    Envelope,
    Meeting,
    MessageKind,
    Person,
    compose,
    one_line,
)
from models.notifications.templates import HTML, TEXT, MailTemplates

TYPED = (
    st.lists(
        st.one_of(
            st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=90),
            st.sampled_from(["\n", "\r\n", "\r", " ", "\t", "=", ".", "From ", "--"]),
        ),
        min_size=1,
        max_size=12,
    )
    .map("".join)
    .filter(bool)
)
NAME = TYPED.map(one_line).filter(bool)
START = datetime(2027, 3, 1, 9, tzinfo=UTC)
TEMPLATES = MailTemplates()


def _parsed(text: str) -> EmailMessage:
    parsed = message_from_string(text, policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def _body(message: EmailMessage, subtype: str) -> str:
    part = message.get_body((subtype,))
    assert part is not None
    return str(part.get_content())


@settings(max_examples=150, deadline=None)
@given(
    invitee=NAME,
    host=NAME,
    organization=NAME,
    notes=TYPED,
    kind=st.sampled_from(list(MessageKind)),
    audience=st.sampled_from(list(Audience)),
    calendar_text=TYPED,
)
def test_a_message_reads_back_as_it_was_rendered(
    invitee: str,
    host: str,
    organization: str,
    notes: str,
    kind: MessageKind,
    audience: Audience,
    calendar_text: str,
) -> None:
    meeting = Meeting(
        organization=organization,
        title="Discovery call",
        start=START,
        end=START + timedelta(minutes=30),
        location="Zoom",
        invitee=Person(invitee, "iris@prospect.test", "Asia/Tokyo"),
        hosts=[Person(host, "hana@acme.test", "Europe/Berlin")],
        notes=notes,
        answers=[("Team size", notes)],
        previous_start=START - timedelta(days=1),
    )
    recipient = meeting.invitee if audience is Audience.INVITEE else meeting.hosts[0]
    calendar_file = ("BEGIN:VCALENDAR\r\n" + calendar_text + "\r\nEND:VCALENDAR\r\n").encode()
    envelope = Envelope("bookings@slotlink.test", "<event-7.abc@slotlink.test>", START)

    text = compose(
        TEMPLATES,
        envelope,
        meeting,
        kind,
        audience,
        recipient,
        calendar_file=calendar_file,
        manage_url="https://slotlink.test/m/token",
    )

    message = _parsed(text)
    assert not message.defects
    assert all(len(line.encode()) <= 998 for line in text.split("\n"))
    assert message["To"].addresses[0].display_name == recipient.name
    assert message["From"].addresses[0].display_name == organization
    assert message["Message-ID"] == envelope.message_id
    values_text = _body(message, "plain")
    assert values_text.startswith(f"Hello {recipient.name},")
    assert _body(message, "html").startswith("<!doctype html>")
    rendered = {TEXT: values_text, HTML: _body(message, "html")}
    assert all("\r" not in body for body in rendered.values())
    [invitation] = [part for part in message.walk() if part.get_content_type() == "text/calendar"]
    assert invitation.get_param("method") == ("CANCEL" if kind.removes_meeting else "REQUEST")
    one_style = calendar_file.decode().replace("\r\n", "\n").replace("\r", "\n")
    assert invitation.get_content() == one_style
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "invite.ics"
    assert attachment.get_content() == calendar_file
