"""bookMeeting over GraphQL: what a confirmed booking says, and every way a booking is refused."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from models.booking import bookings
from models.booking.availability import SlotRefusal, refusal_message
from models.db.tables import Booking, Link, MeetingType, SingleUseLink
from models.links import public_links
from models.links.links import set_archived
from models.links.single_use_links import MintOptions, revoke_single_use_link
from tests.conftest import GraphQLClient
from tests.support.booking_factories import (
    CONTACT_MAX,
    INVITEE_EMAIL,
    INVITEE_NAME,
    STANDARD_KEY,
    at,
    book,
    create_booking_team,
    execute,
    iso,
    upcoming_monday,
    uses_of,
)
from tests.support.link_factories import (
    Team,
    count_rows,
    global_id,
    make_link,
    make_meeting_type,
    mint_one,
    viewer_of,
)

BOOK_MEETING = """
mutation ($input: BookMeetingInput!) {
  bookMeeting(input: $input) {
    __typename
    ... on BookingConfirmed {
      manageToken manageUrl
      booking {
        id status startAt endAt title meetingTypeName durationMinutes locationKind
        locationDetails hostNames notes rescheduleCount cancelledAt
        invitee { name email timeZone }
      }
    }
    ... on LinkUnavailable { reason message }
    ... on SlotUnavailable { message slotReason }
    ... on InviteeNotAllowed { message }
    ... on InvalidInput { fieldErrors { field message } }
  }
}
"""
BOOKING_NODE = """
query ($id: ID!) {
  node(id: $id) { ... on Booking { linkType metadata startAt } }
}
"""
SLOT_UNAVAILABLE = {
    "__typename": "SlotUnavailable",
    "message": "This time is no longer available. Please pick another.",
    "slotReason": "TAKEN",
}


def slot_unavailable(reason: SlotRefusal) -> dict[str, str]:
    return {
        "__typename": "SlotUnavailable",
        "message": refusal_message(reason),
        "slotReason": reason.value,
    }


UNKNOWN_TOKEN = "A" * 43


@pytest.fixture
async def team(client: GraphQLClient) -> Team:
    return await create_booking_team()


@pytest.fixture
def monday() -> date:
    return upcoming_monday()


def booking_input(key: str, start: str, **fields: Any) -> dict[str, object]:
    invitee = {"name": INVITEE_NAME, "email": INVITEE_EMAIL, "timeZone": "UTC"}
    invitee.update(fields.pop("invitee", {}))
    return {"input": {"key": key, "start": start, "invitee": invitee, **fields}}


async def book_over_api(client: GraphQLClient, key: str, start: str, **fields: Any) -> Any:
    data = await execute(client, BOOK_MEETING, booking_input(key, start, **fields))
    return data["bookMeeting"]


async def test_standard_link_books_a_confirmed_meeting(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    # given: the meeting type is 45 minutes long
    await MeetingType.filter(id=team.meeting_type.id).update(duration_minutes=45)

    # when: the invitee gives the start in their own zone
    result = await book_over_api(
        client,
        STANDARD_KEY,
        iso(monday, "11:00", "Europe/Berlin"),
        invitee={"timeZone": "Europe/Berlin"},
        notes="  Agenda: pricing  ",
    )

    # then
    row = await Booking.get()
    token = result["manageToken"]
    assert result == {
        "__typename": "BookingConfirmed",
        "manageToken": token,
        "manageUrl": f"https://slotlink.test/m/{token}",
        "booking": {
            "id": global_id("InviteeBooking", row.id),
            "status": "CONFIRMED",
            "startAt": iso(monday, "10:00"),
            "endAt": iso(monday, "10:45"),
            "title": "Discovery call",
            "meetingTypeName": "Intro call",
            "durationMinutes": 45,
            "locationKind": "VIDEO",
            "locationDetails": "https://meet.example/room",
            "hostNames": ["Max Member", "Hana Host"],
            "notes": "Agenda: pricing",
            "rescheduleCount": 0,
            "cancelledAt": None,
            "invitee": {
                "name": INVITEE_NAME,
                "email": INVITEE_EMAIL,
                "timeZone": "Europe/Berlin",
            },
        },
    }


async def test_manage_token_is_tagged_and_carries_256_bits(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    result = await book_over_api(client, STANDARD_KEY, iso(monday, "10:00"))

    token = result["manageToken"]
    assert token.startswith("m_")
    assert len(token) == len("m_") + 43


async def test_single_use_token_books_a_meeting_and_spends_its_use(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    # given
    minted = await mint_one(team.owner, team.link)

    # when
    result = await book_over_api(client, minted.token, iso(monday, "09:30"))

    # then
    assert result["__typename"] == "BookingConfirmed"
    assert (result["booking"]["startAt"], result["booking"]["endAt"]) == (
        iso(monday, "09:30"),
        iso(monday, "10:00"),
    )
    assert await uses_of(minted.single_use_link.id) == 1
    row = await Booking.get()
    assert row.single_use_link_id == minted.single_use_link.id


async def test_booking_metadata_is_the_parents_merged_with_the_childs(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    # given
    await Link.filter(id=team.link.id).update(metadata={"source": "web", "campaign": "spring"})
    minted = await mint_one(
        team.owner, team.link, MintOptions(metadata={"campaign": "q4", "crm": "lead-42"})
    )
    await book_over_api(client, minted.token, iso(monday, "09:00"))

    # when: the owner reads the booking
    booking_id = global_id("Booking", (await Booking.get()).id)
    data = await execute(client, BOOKING_NODE, {"id": booking_id}, key=team.owner.key)

    # then
    assert data["node"] == {
        "linkType": "SINGLE_USE",
        "metadata": {"source": "web", "campaign": "q4", "crm": "lead-42"},
        "startAt": iso(monday, "09:00"),
    }


async def test_spent_token_refuses_a_second_booking_and_names_the_owner(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    # given
    minted = await mint_one(team.owner, team.link)
    await book(minted.token, at(monday, "09:00"))

    # when
    result = await book_over_api(
        client, minted.token, iso(monday, "11:00"), invitee={"email": "other@prospect.example"}
    )

    # then
    assert result == {
        "__typename": "LinkUnavailable",
        "reason": "USED",
        "message": f"This link has already been used to book a meeting. {CONTACT_MAX}",
    }
    assert await count_rows("bookings") == 1
    assert await uses_of(minted.single_use_link.id) == 1


async def test_losing_the_slot_to_a_booking_that_spent_the_same_link_says_used(
    client: GraphQLClient, team: Team, monday: date, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two invitees race through one single-use link for one time: the loser read the link
    before the winner spent it, then finds the time taken. The answer is that the link is
    used, not an invitation to pick another time that the link would then refuse."""
    # given: a resolution of the link from before the winner booked
    minted = await mint_one(team.owner, team.link)
    stale = await public_links.resolve_key(minted.token, datetime.now(UTC))
    await book(minted.token, at(monday, "09:00"))
    real = public_links.resolve_key
    calls: list[str] = []

    async def first_stale(key: str, now: datetime) -> public_links.ResolvedKey | None:
        calls.append(key)
        return stale if len(calls) == 1 else await real(key, now)

    monkeypatch.setattr(bookings, "resolve_key", first_stale)

    # when
    result = await book_over_api(client, minted.token, iso(monday, "09:00"))

    # then
    assert result == {
        "__typename": "LinkUnavailable",
        "reason": "USED",
        "message": f"This link has already been used to book a meeting. {CONTACT_MAX}",
    }
    assert len(calls) == 2
    assert await count_rows("bookings") == 1


async def _revoke(team: Team, child: SingleUseLink) -> None:
    await revoke_single_use_link(await viewer_of(team.owner), child.id)


async def _expire(team: Team, child: SingleUseLink) -> None:
    await SingleUseLink.filter(id=child.id).update(
        expires_at=datetime.now(UTC) - timedelta(minutes=1)
    )


async def _archive_parent(team: Team, child: SingleUseLink) -> None:
    await set_archived(await viewer_of(team.owner), team.link.id, archived=True)


@pytest.mark.parametrize(
    ("spoil", "reason", "sentence"),
    [
        pytest.param(_revoke, "REVOKED", "This link has been withdrawn.", id="revoked"),
        pytest.param(_expire, "EXPIRED", "This link has expired.", id="expired"),
        pytest.param(
            _archive_parent, "DISABLED", "This link is no longer available.", id="parent-archived"
        ),
    ],
)
async def test_unbookable_single_use_link_refuses_with_its_reason(
    client: GraphQLClient,
    team: Team,
    monday: date,
    spoil: Callable[[Team, SingleUseLink], Awaitable[None]],
    reason: str,
    sentence: str,
) -> None:
    # given
    minted = await mint_one(team.owner, team.link)
    await spoil(team, minted.single_use_link)

    # when
    result = await book_over_api(client, minted.token, iso(monday, "09:00"))

    # then
    assert result == {
        "__typename": "LinkUnavailable",
        "reason": reason,
        "message": f"{sentence} {CONTACT_MAX}",
    }
    assert await count_rows("bookings") == 0
    assert await uses_of(minted.single_use_link.id) == 0


@pytest.mark.parametrize(
    "key",
    [
        pytest.param("acme/no-such-link", id="unknown-slug"),
        pytest.param("globex/discovery-call", id="unknown-organization"),
        pytest.param(UNKNOWN_TOKEN, id="unknown-token"),
        pytest.param("not-a-token", id="malformed-token"),
        pytest.param("x" * 300, id="overlong"),
    ],
)
async def test_unknown_or_malformed_key_is_not_found(
    client: GraphQLClient, team: Team, monday: date, key: str
) -> None:
    result = await book_over_api(client, key, iso(monday, "09:00"))

    assert result == {
        "__typename": "LinkUnavailable",
        "reason": "NOT_FOUND",
        "message": "This booking link does not exist. "
        "Please check the address, or ask the person who sent it for a new link.",
    }
    assert await count_rows("bookings") == 0


async def test_locked_link_refuses_another_invitee_without_spending_it(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    # given
    minted = await mint_one(
        team.owner,
        team.link,
        MintOptions(invitee_name=INVITEE_NAME, invitee_email=INVITEE_EMAIL, lock_to_invitee=True),
    )

    # when
    result = await book_over_api(
        client, minted.token, iso(monday, "09:00"), invitee={"email": "mallory@else.example"}
    )

    # then
    assert result == {
        "__typename": "InviteeNotAllowed",
        "message": "This link is reserved for its invitee. Please contact Max Member "
        "(max@acme.test) to arrange a meeting.",
    }
    assert await uses_of(minted.single_use_link.id) == 0
    assert await count_rows("bookings") == 0


async def test_locked_link_accepts_its_invitee_whatever_the_case_of_the_email(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    minted = await mint_one(
        team.owner,
        team.link,
        MintOptions(invitee_name=INVITEE_NAME, invitee_email=INVITEE_EMAIL, lock_to_invitee=True),
    )

    result = await book_over_api(
        client, minted.token, iso(monday, "09:00"), invitee={"email": "Jane@Prospect.example"}
    )

    assert result["__typename"] == "BookingConfirmed"
    assert result["booking"]["invitee"]["email"] == INVITEE_EMAIL


async def _off_grid(team: Team, monday: date) -> tuple[MintOptions, str]:
    return MintOptions(), iso(monday, "09:15")


async def _outside_working_hours(team: Team, monday: date) -> tuple[MintOptions, str]:
    return MintOptions(), iso(monday, "12:00")


async def _on_a_day_off(team: Team, monday: date) -> tuple[MintOptions, str]:
    return MintOptions(), iso(monday - timedelta(days=1), "10:00")


async def _inside_minimum_notice(team: Team, monday: date) -> tuple[MintOptions, str]:
    await Link.filter(id=team.link.id).update(minimum_notice_minutes=60 * 24 * 30)
    return MintOptions(), iso(monday, "09:00")


async def _beyond_horizon(team: Team, monday: date) -> tuple[MintOptions, str]:
    await Link.filter(id=team.link.id).update(booking_horizon_days=1)
    return MintOptions(), iso(monday, "09:00")


async def _at_own_start_cutoff(team: Team, monday: date) -> tuple[MintOptions, str]:
    return MintOptions(starts_before=at(monday, "10:00")), iso(monday, "10:00")


async def _after_parents_start_cutoff(team: Team, monday: date) -> tuple[MintOptions, str]:
    await Link.filter(id=team.link.id).update(starts_before=at(monday, "09:30"))
    return MintOptions(), iso(monday, "10:00")


@pytest.mark.parametrize(
    ("refused_start", "reason"),
    [
        pytest.param(_off_grid, SlotRefusal.NOT_ON_GRID, id="off-the-grid"),
        pytest.param(_outside_working_hours, SlotRefusal.OUTSIDE_HOURS, id="outside-hours"),
        pytest.param(_on_a_day_off, SlotRefusal.OUTSIDE_HOURS, id="weekend"),
        pytest.param(_inside_minimum_notice, SlotRefusal.TOO_SOON, id="inside-minimum-notice"),
        pytest.param(_beyond_horizon, SlotRefusal.BEYOND_HORIZON, id="beyond-horizon"),
        pytest.param(_at_own_start_cutoff, SlotRefusal.AFTER_CUTOFF, id="at-own-cutoff"),
        pytest.param(
            _after_parents_start_cutoff, SlotRefusal.AFTER_CUTOFF, id="after-parent-cutoff"
        ),
    ],
)
async def test_start_not_offered_is_refused_with_its_reason_without_spending_the_link(
    client: GraphQLClient,
    team: Team,
    monday: date,
    refused_start: Callable[[Team, date], Awaitable[tuple[MintOptions, str]]],
    reason: SlotRefusal,
) -> None:
    # given
    options, start = await refused_start(team, monday)
    minted = await mint_one(team.owner, team.link, options)

    # when
    result = await book_over_api(client, minted.token, start)

    # then
    assert result == slot_unavailable(reason)
    assert await uses_of(minted.single_use_link.id) == 0
    assert await count_rows("bookings") == 0


async def test_last_start_before_the_effective_start_cutoff_is_bookable(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    minted = await mint_one(team.owner, team.link, MintOptions(starts_before=at(monday, "10:00")))

    result = await book_over_api(client, minted.token, iso(monday, "09:30"))

    assert result["__typename"] == "BookingConfirmed"


async def test_host_booked_through_another_link_is_not_double_booked(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    # given: Hana's own hour-long workshop from 09:30 to 10:30
    workshop = await make_meeting_type(
        team.tenant.organization_id, name="Workshop", duration_minutes=60
    )
    await make_link(team.host, workshop, name="Workshop")
    await book("acme/workshop", at(monday, "09:30"))
    minted = await mint_one(team.owner, team.link)

    # when: the team link, which Hana co-hosts, is asked for 10:00
    result = await book_over_api(client, minted.token, iso(monday, "10:00"))

    # then
    assert result == SLOT_UNAVAILABLE
    assert await uses_of(minted.single_use_link.id) == 0
    assert await count_rows("bookings") == 1


async def test_meeting_may_start_when_the_hosts_other_meeting_ends(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    workshop = await make_meeting_type(
        team.tenant.organization_id, name="Workshop", duration_minutes=60
    )
    await make_link(team.host, workshop, name="Workshop")
    await book("acme/workshop", at(monday, "09:30"))

    result = await book_over_api(client, STANDARD_KEY, iso(monday, "10:30"))

    assert result["__typename"] == "BookingConfirmed"


async def _buffer_after_15_on_a_15_minute_grid(team: Team, monday: date) -> None:
    await MeetingType.filter(id=team.meeting_type.id).update(buffer_after_minutes=15)
    await Link.filter(id=team.link.id).update(slot_interval_minutes=15)
    await book(STANDARD_KEY, at(monday, "10:00"))


async def test_buffer_after_refuses_the_slot_right_after_a_meeting(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    # given: 10:00-10:30 is booked, and the meeting type keeps 15 minutes free after each
    await _buffer_after_15_on_a_15_minute_grid(team, monday)

    # when
    result = await book_over_api(
        client, STANDARD_KEY, iso(monday, "10:30"), invitee={"email": "second@prospect.example"}
    )

    # then
    assert result == SLOT_UNAVAILABLE
    assert await count_rows("bookings") == 1


async def test_buffer_after_offers_the_slot_once_the_buffer_is_over(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    await _buffer_after_15_on_a_15_minute_grid(team, monday)

    result = await book_over_api(
        client, STANDARD_KEY, iso(monday, "10:45"), invitee={"email": "second@prospect.example"}
    )

    assert result["__typename"] == "BookingConfirmed"
    assert result["booking"]["startAt"] == iso(monday, "10:45")


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        pytest.param(
            {"invitee": {"email": "jane-at-prospect"}},
            "invitee.email",
            "must be an email address",
            id="invalid-email",
        ),
        pytest.param(
            {"invitee": {"timeZone": "Mars/Olympus"}},
            "invitee.timeZone",
            "'Mars/Olympus' is not an IANA time zone (e.g. Europe/Berlin)",
            id="bad-time-zone",
        ),
        pytest.param(
            {"invitee": {"name": "   "}}, "invitee.name", "must not be empty", id="blank-name"
        ),
        pytest.param(
            {"start": "{monday}T09:00:00"},
            "start",
            "must carry a UTC offset, e.g. 2030-01-31T09:00:00+01:00",
            id="naive-start",
        ),
        pytest.param(
            {"start": "{monday}T09:00:30+00:00"},
            "start",
            "must be on a whole minute",
            id="start-with-seconds",
        ),
        pytest.param({"key": "   "}, "key", "must not be empty", id="empty-key"),
        pytest.param(
            {"notes": "n" * 5001}, "notes", "must be at most 5000 characters", id="long-notes"
        ),
    ],
)
async def test_invalid_input_names_the_field_and_writes_nothing(
    client: GraphQLClient,
    team: Team,
    monday: date,
    fields: dict[str, Any],
    field: str,
    message: str,
) -> None:
    # given
    minted = await mint_one(team.owner, team.link)
    fields = {"key": minted.token, "start": "{monday}T09:00:00+00:00", **fields}
    key, start = fields.pop("key"), fields.pop("start").format(monday=monday)

    # when
    result = await book_over_api(client, key, start, **fields)

    # then
    assert result == {
        "__typename": "InvalidInput",
        "fieldErrors": [{"field": field, "message": message}],
    }
    assert await uses_of(minted.single_use_link.id) == 0
    assert await count_rows("bookings") == 0


async def test_every_invalid_field_is_reported_at_once(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    result = await book_over_api(
        client,
        STANDARD_KEY,
        iso(monday, "09:00"),
        invitee={"email": "nope", "timeZone": "Nowhere/City"},
    )

    assert result["__typename"] == "InvalidInput"
    assert [e["field"] for e in result["fieldErrors"]] == ["invitee.email", "invitee.timeZone"]
