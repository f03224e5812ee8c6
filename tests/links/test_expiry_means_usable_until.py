"""A link's expiry says until when it can be used, not when its meetings may start.

Seeds: "Single-use links retain all the properties of the original link, including expiration
dates", and "If a single-use link expires, it will no longer be usable, whether due to a
booked meeting or the expiration date." A person who sets "valid for 7 days" means the link
can be used for 7 days: a meeting booked on day 6 may be weeks later. When the meeting date
itself must be capped, ``startsBefore`` says so, separately."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from models.accounts.tokens import hash_secret
from models.booking.availability import SlotRefusal, refusal_message
from models.db.tables import SingleUseLink
from tests.conftest import GraphQLClient
from tests.support.booking_factories import at, create_booking_team, upcoming_monday
from tests.support.link_factories import Team, global_id

MINT = """mutation($input: CreateSingleUseLinkInput!) { createSingleUseLink(input: $input) {
  __typename
  ... on SingleUseLinkCreated { token singleUseLink { expiresAt effectiveStartsBefore } }
  ... on InvalidInput { fieldErrors { field message } } } }"""
UPDATE_LINK = """mutation($input: UpdateLinkInput!) { updateLink(input: $input) {
  __typename ... on LinkSaved { link { expiresAt startsBefore } }
  ... on InvalidInput { fieldErrors { field message } } } }"""
SLOTS = """query($key: String!, $from: DateTime!, $to: DateTime!) { publicLink(key: $key) {
  __typename ... on PublicLink { expiresAt startsBefore
    availableSlots(from: $from, to: $to) { ... on AvailableSlots { slots } } } } }"""
BOOK = """mutation($key: String!, $start: DateTime!) { bookMeeting(input: {key: $key,
  start: $start, invitee: {name: "Pat Prospect", email: "pat@prospect.example"}}) {
  __typename
  ... on BookingConfirmed { manageToken booking { startAt } }
  ... on LinkUnavailable { reason message }
  ... on SlotUnavailable { slotReason message } } }"""
RESCHEDULE = """mutation($token: String!, $start: DateTime!) {
  rescheduleBooking(input: {manageToken: $token, start: $start}) {
  __typename ... on BookingRescheduled { booking { startAt } }
  ... on SlotUnavailable { slotReason } } }"""


@pytest.fixture
async def team(client: GraphQLClient) -> Team:
    return await create_booking_team()


@pytest.fixture
def monday() -> date:
    return upcoming_monday()


async def _mint(client: GraphQLClient, team: Team, **fields: Any) -> dict[str, Any]:
    result = await client.execute(
        MINT,
        {"input": {"linkId": global_id("Link", team.link.id), **fields}},
        key=team.owner.key,
    )
    assert "errors" not in result, result
    minted: dict[str, Any] = result["data"]["createSingleUseLink"]  # type: ignore[index]
    return minted


async def _data(client: GraphQLClient, query: str, variables: dict[str, Any]) -> Any:
    result = await client.execute(query, variables)
    assert "errors" not in result, result
    return result["data"]


async def test_a_link_valid_for_15_seconds_books_a_meeting_next_week(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    """Minted to expire in 15 s, it still offers and books next week's times: the expiry
    bounds when it is used, not when the meeting is."""
    # given
    expires = datetime.now(UTC) + timedelta(seconds=15)
    minted = await _mint(client, team, expiresAt=expires.isoformat())
    token = minted["token"]

    # when
    page = await _data(
        client,
        SLOTS,
        {
            "key": token,
            "from": at(monday, "00:00").isoformat(),
            "to": at(monday, "23:59").isoformat(),
        },
    )
    booked = await _data(client, BOOK, {"key": token, "start": at(monday, "09:00").isoformat()})

    # then
    starts = page["publicLink"]["availableSlots"]["slots"]
    assert starts[:2] == [at(monday, "09:00").isoformat(), at(monday, "09:30").isoformat()]
    assert page["publicLink"]["startsBefore"] is None
    assert booked["bookMeeting"]["__typename"] == "BookingConfirmed"


async def test_once_expired_the_link_is_no_longer_usable(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    """ "If a single-use link expires, it will no longer be usable": the refusal is
    LinkUnavailable EXPIRED, naming whom to contact, for a time that was bookable before."""
    # given
    minted = await _mint(client, team)
    await SingleUseLink.filter(token_hash=hash_secret(minted["token"])).update(
        expires_at=datetime.now(UTC) - timedelta(seconds=1)
    )

    # when
    refused = await _data(
        client, BOOK, {"key": minted["token"], "start": at(monday, "09:00").isoformat()}
    )

    # then
    assert refused["bookMeeting"]["__typename"] == "LinkUnavailable"
    assert refused["bookMeeting"]["reason"] == "EXPIRED"
    assert "Max Member" in refused["bookMeeting"]["message"]


async def test_a_meeting_booked_in_time_moves_after_the_link_expired(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    """Expiry ends use of the link; the meeting it made still moves like any other."""
    # given
    minted = await _mint(client, team)
    booked = await _data(
        client, BOOK, {"key": minted["token"], "start": at(monday, "09:00").isoformat()}
    )
    await SingleUseLink.filter(token_hash=hash_secret(minted["token"])).update(
        expires_at=datetime.now(UTC) - timedelta(seconds=1)
    )

    # when
    moved = await _data(
        client,
        RESCHEDULE,
        {
            "token": booked["bookMeeting"]["manageToken"],
            "start": at(monday + timedelta(days=7), "10:00").isoformat(),
        },
    )

    # then
    assert moved["rescheduleBooking"] == {
        "__typename": "BookingRescheduled",
        "booking": {"startAt": at(monday + timedelta(days=7), "10:00").isoformat()},
    }


async def test_starts_before_caps_the_meeting_date_separately(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    """The owner who wants meetings before a date says so with startsBefore: the link's
    times stop there, a later start is refused with its own reason, and a single-use link
    may only bring it earlier."""
    # given: the link's meetings must start before Monday 10:00
    cutoff = at(monday, "10:00")
    updated = await client.execute(
        UPDATE_LINK,
        {"input": {"id": global_id("Link", team.link.id), "startsBefore": cutoff.isoformat()}},
        key=team.owner.key,
    )
    assert updated["data"]["updateLink"]["link"] == {  # type: ignore[index]
        "expiresAt": None,
        "startsBefore": cutoff.isoformat(),
    }
    key = "acme/discovery-call"

    # when
    page = await _data(
        client,
        SLOTS,
        {
            "key": key,
            "from": at(monday, "00:00").isoformat(),
            "to": at(monday, "23:59").isoformat(),
        },
    )
    late = await _data(client, BOOK, {"key": key, "start": at(monday, "10:00").isoformat()})
    later_child = await _mint(client, team, startsBefore=at(monday, "11:00").isoformat())
    earlier_child = await _mint(client, team, startsBefore=at(monday, "09:30").isoformat())

    # then
    starts = page["publicLink"]["availableSlots"]["slots"]
    assert starts == [at(monday, "09:00").isoformat(), at(monday, "09:30").isoformat()]
    assert late["bookMeeting"] == {
        "__typename": "SlotUnavailable",
        "slotReason": SlotRefusal.AFTER_CUTOFF.value,
        "message": refusal_message(SlotRefusal.AFTER_CUTOFF),
    }
    assert later_child["fieldErrors"] == [
        {"field": "startsBefore", "message": "may only bring the link's own cutoff earlier"}
    ]
    assert earlier_child["singleUseLink"]["effectiveStartsBefore"] == (
        at(monday, "09:30").isoformat()
    )


async def test_clearing_the_cutoff_offers_later_times_again(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    link_id = global_id("Link", team.link.id)
    await client.execute(
        UPDATE_LINK,
        {"input": {"id": link_id, "startsBefore": at(monday, "10:00").isoformat()}},
        key=team.owner.key,
    )

    cleared = await client.execute(
        UPDATE_LINK, {"input": {"id": link_id, "clearStartsBefore": True}}, key=team.owner.key
    )
    booked = await _data(
        client, BOOK, {"key": "acme/discovery-call", "start": at(monday, "11:00").isoformat()}
    )

    assert cleared["data"]["updateLink"]["link"]["startsBefore"] is None  # type: ignore[index]
    assert booked["bookMeeting"]["__typename"] == "BookingConfirmed"
