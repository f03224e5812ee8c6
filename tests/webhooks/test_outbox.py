"""The outbox: every change a webhook reports writes its event in the change's own
transaction, and nothing else does."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
import pytest
from tortoise import connections
from tortoise.exceptions import OperationalError

from models.booking.bookings import Actor, cancel_booking, reschedule_booking
from models.db.tables import Booking, BookingHost, Link, SingleUseLink, WebhookEvent
from models.errors import LinkUnavailableError, SlotUnavailableError
from models.links.single_use_links import MintOptions, revoke_single_use_link
from models.webhooks.expiry import announce_expired
from tests.support.booking_factories import (
    INVITEE_EMAIL,
    INVITEE_NAME,
    at,
    book,
    create_booking_team,
    upcoming_monday,
)
from tests.support.link_factories import Team, global_id, mint, mint_one, viewer_of

pytestmark = pytest.mark.usefixtures("db")


async def _events() -> list[tuple[str, dict[str, Any]]]:
    rows = await WebhookEvent.all().order_by("id")
    return [(row.type, orjson.loads(row.payload)) for row in rows]


async def _team_with_metadata() -> Team:
    team = await create_booking_team()
    await Link.filter(id=team.link.id).update(metadata={"crm": "hubspot", "stage": "parent"})
    return team


async def test_booking_through_a_single_use_link_writes_created_and_used_events() -> None:
    # given
    team = await _team_with_metadata()
    minted = await mint_one(
        team.owner, team.link, MintOptions(label="Deal 42", metadata={"stage": "demo"})
    )
    await WebhookEvent.all().delete()
    start = at(upcoming_monday(), "09:00")
    # when
    booked = await book(minted.token, start)
    # then
    events = await _events()
    assert [event_type for event_type, _ in events] == [
        "booking.created",
        "single_use_link.used",
    ]
    created = events[0][1]
    assert created["type"] == "booking.created"
    assert created["data"]["booking"] == {
        "id": global_id("Booking", booked.booking.id),
        "status": "CONFIRMED",
        "sequence": 0,
        "startAt": start.isoformat().replace("+00:00", "Z"),
        "endAt": (start + timedelta(minutes=30)).isoformat().replace("+00:00", "Z"),
        "invitee": {"name": INVITEE_NAME, "email": INVITEE_EMAIL, "timeZone": "UTC"},
        "notes": "",
        "answers": {},
    }
    # The link is the parent; the single-use link is described by its own object.
    assert created["data"]["linkType"] == "SINGLE_USE"
    assert created["data"]["link"] == {
        "id": global_id("Link", team.link.id),
        "name": "Discovery call",
        "slug": "discovery-call",
    }
    assert created["data"]["singleUseLink"] == {
        "id": global_id("SingleUseLink", minted.single_use_link.id),
        "label": "Deal 42",
        "prefix": minted.single_use_link.token_prefix,
        "maxUses": 1,
        "uses": 0,
        "expiresAt": None,
    }
    assert created["data"]["meeting"] == {
        "title": "Discovery call",
        "meetingType": {
            "id": global_id("MeetingType", team.meeting_type.id),
            "name": "Intro call",
        },
        "durationMinutes": 30,
        "location": {"kind": "VIDEO", "details": "https://meet.example/room"},
        "owner": {"name": "Max Member", "email": "max@acme.test"},
        "hosts": [
            {"name": "Max Member", "email": "max@acme.test"},
            {"name": "Hana Host", "email": "hana@acme.test"},
        ],
    }
    assert created["data"]["metadata"] == {"crm": "hubspot", "stage": "demo"}
    used = events[1][1]["data"]
    assert used["bookingId"] == global_id("Booking", booked.booking.id)
    assert used["metadata"] == {"crm": "hubspot", "stage": "demo"}


async def test_standard_booking_writes_one_event_of_link_type_standard() -> None:
    team = await create_booking_team()
    await book("acme/discovery-call", at(upcoming_monday(), "10:00"))
    events = await _events()
    assert [event_type for event_type, _ in events] == ["booking.created"]
    assert events[0][1]["data"]["linkType"] == "STANDARD"
    assert events[0][1]["data"]["singleUseLink"] is None
    assert events[0][1]["data"]["link"]["id"] == global_id("Link", team.link.id)


async def test_a_refused_booking_writes_no_event() -> None:
    team = await create_booking_team()
    minted = await mint_one(team.owner, team.link)
    start = at(upcoming_monday(), "09:00")
    await book(minted.token, start)
    before = await WebhookEvent.all().count()
    with pytest.raises(LinkUnavailableError):
        await book(minted.token, start + timedelta(hours=1))
    with pytest.raises(SlotUnavailableError):
        await book("acme/discovery-call", start)
    assert await WebhookEvent.all().count() == before


async def test_a_booking_whose_event_cannot_be_written_is_not_made() -> None:
    # given: the outbox table is unreachable, so the event's insert fails in the database
    team = await create_booking_team()
    minted = await mint_one(team.owner, team.link)
    connection = connections.get("default")
    await connection.execute_script("ALTER TABLE webhook_events RENAME TO webhook_events_away")
    try:
        # when
        with pytest.raises(OperationalError):
            await book(minted.token, at(upcoming_monday(), "09:00"))
    finally:
        await connection.execute_script("ALTER TABLE webhook_events_away RENAME TO webhook_events")
    # then: no booking, the use is not spent, no event
    assert await Booking.all().count() == 0
    assert await BookingHost.all().count() == 0
    assert (await SingleUseLink.get(id=minted.single_use_link.id)).uses == 0
    assert await WebhookEvent.filter(type="booking.created").count() == 0


async def test_reschedule_and_cancel_write_their_events_with_old_and_new_times() -> None:
    team = await create_booking_team()
    minted = await mint_one(team.owner, team.link, MintOptions(label="Deal 7"))
    day = upcoming_monday()
    booked = await book(minted.token, at(day, "09:00"))
    await WebhookEvent.all().delete()
    moved = await reschedule_booking(booked.booking, at(day, "11:00"), Actor.invitee())
    await cancel_booking(moved, Actor.user(team.owner.user_id), reason="No budget")
    events = await _events()
    assert [event_type for event_type, _ in events] == ["booking.rescheduled", "booking.cancelled"]
    rescheduled = events[0][1]["data"]
    assert rescheduled["previousStartAt"] == at(day, "09:00").isoformat().replace("+00:00", "Z")
    assert rescheduled["booking"]["startAt"] == at(day, "11:00").isoformat().replace("+00:00", "Z")
    assert rescheduled["singleUseLink"]["label"] == "Deal 7"
    assert rescheduled["actor"] == "INVITEE"
    cancelled = events[1][1]["data"]
    assert cancelled["booking"]["status"] == "CANCELLED"
    assert cancelled["reason"] == "No budget"
    assert cancelled["actor"] == "USER"
    # Both say who hosts what, like the booking's first event.
    for data in (rescheduled, cancelled):
        assert data["meeting"]["hosts"] == [
            {"name": "Max Member", "email": "max@acme.test"},
            {"name": "Hana Host", "email": "hana@acme.test"},
        ]
        assert data["meeting"]["owner"] == {"name": "Max Member", "email": "max@acme.test"}
        assert data["meeting"]["durationMinutes"] == 30
        assert data["linkType"] == "SINGLE_USE"


async def test_cancelling_twice_writes_one_event() -> None:
    await create_booking_team()
    booked = await book("acme/discovery-call", at(upcoming_monday(), "10:00"))
    cancelled = await cancel_booking(booked.booking, Actor.invitee())
    await cancel_booking(cancelled, Actor.invitee())
    types = [event_type for event_type, _ in await _events()]
    assert types.count("booking.cancelled") == 1


async def test_minting_and_revoking_write_created_and_revoked_events() -> None:
    team = await create_booking_team()
    minted = await mint_one(team.owner, team.link, MintOptions(label="Lead 9"))
    await revoke_single_use_link(await viewer_of(team.owner), minted.single_use_link.id)
    events = await _events()
    assert [event_type for event_type, _ in events] == [
        "single_use_link.created",
        "single_use_link.revoked",
    ]
    for _, body in events:
        assert body["data"]["singleUseLink"]["id"] == global_id(
            "SingleUseLink", minted.single_use_link.id
        )
        assert body["data"]["singleUseLink"]["label"] == "Lead 9"
    assert "token" not in events[0][1]["data"]["singleUseLink"]


async def test_bulk_minting_writes_one_created_event_per_link() -> None:
    team = await create_booking_team()
    minted = await mint(team.owner, team.link, count=3)
    events = await _events()
    assert [body["data"]["singleUseLink"]["id"] for _, body in events] == [
        global_id("SingleUseLink", m.single_use_link.id)
        for m in sorted(minted, key=lambda m: m.single_use_link.id)
    ]


async def test_expiry_sweep_announces_each_expired_unused_link_once() -> None:
    # given: one link that expired unused, one used, one revoked, one still valid
    team = await create_booking_team()
    now = datetime.now(UTC)
    soon = now + timedelta(days=20)
    expiring = await mint_one(team.owner, team.link, MintOptions(expires_at=soon))
    used = await mint_one(team.owner, team.link, MintOptions(expires_at=soon))
    await book(used.token, at(upcoming_monday(), "09:00"))
    revoked = await mint_one(team.owner, team.link, MintOptions(expires_at=soon))
    await revoke_single_use_link(await viewer_of(team.owner), revoked.single_use_link.id)
    await mint_one(team.owner, team.link)
    await WebhookEvent.all().delete()
    later = soon + timedelta(minutes=1)
    # when
    first = await announce_expired(later)
    second = await announce_expired(later + timedelta(minutes=5))
    # then
    assert (first, second) == (1, 0)
    events = await _events()
    assert [event_type for event_type, _ in events] == ["single_use_link.expired"]
    body = events[0][1]
    assert body["data"]["singleUseLink"]["id"] == global_id(
        "SingleUseLink", expiring.single_use_link.id
    )
    assert body["timestamp"] == soon.isoformat().replace("+00:00", "Z")


async def test_expiry_sweep_announces_links_whose_parent_expired() -> None:
    team = await create_booking_team()
    minted = await mint_one(team.owner, team.link)
    parent_expiry = datetime.now(UTC) + timedelta(days=1)
    await Link.filter(id=team.link.id).update(expires_at=parent_expiry)
    assert await announce_expired(datetime.now(UTC)) == 0
    assert await announce_expired(parent_expiry + timedelta(seconds=1)) == 1
    assert (await SingleUseLink.get(id=minted.single_use_link.id)).expiry_announced


async def test_concurrent_expiry_sweeps_announce_each_link_once() -> None:
    # given: 100 single-use links that expired unused
    team = await create_booking_team()
    expiry = datetime.now(UTC) + timedelta(days=20)
    await mint(team.owner, team.link, MintOptions(expires_at=expiry), count=100)
    await WebhookEvent.all().delete()
    later = expiry + timedelta(minutes=1)
    # when: four workers sweep at the same moment (separate connections on PostgreSQL)
    counts = await asyncio.gather(*(_sweep_all(later) for _ in range(4)))
    # then
    assert sum(counts) == 100
    assert await WebhookEvent.filter(type="single_use_link.expired").count() == 100


async def _sweep_all(now: datetime) -> int:
    total = 0
    while announced := await announce_expired(now):
        total += announced
    return total
