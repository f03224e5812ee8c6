"""The cancel/reschedule policy of a link, followed live by its single-use links.

OnceHub: "Customers can make bookings as normal using the one-time link, and Users and
Customers can cancel and reschedule as usual based on your Cancel/reschedule policy." Per link:
whether the invitee may reschedule, whether they may cancel, the notice each needs, and how
often one booking may be moved. The invitee sees the policy before and after booking; a refusal
names the rule and whom to contact; owners and admins are not bound by it."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

import pytest

from models.booking.bookings import Booked
from models.db.tables import Booking
from tests.booking.test_reschedule_cancel_api import booking_gid, cancel, reschedule
from tests.conftest import GraphQLClient
from tests.support.booking_factories import (
    STANDARD_KEY,
    at,
    book,
    create_booking_team,
    execute,
    iso,
    upcoming_monday,
)
from tests.support.link_factories import Team, global_id, mint_one

POLICY = """inviteeMayReschedule inviteeMayCancel rescheduleNoticeMinutes cancelNoticeMinutes
  maxReschedules"""
SET_POLICY = f"""mutation($input: UpdateLinkInput!) {{ updateLink(input: $input) {{ __typename
  ... on LinkSaved {{ link {{ changePolicy {{ {POLICY} }} }} }}
  ... on InvalidInput {{ fieldErrors {{ field message }} }} }} }}"""
PUBLIC_POLICY = f"""query($key: String!) {{ publicLink(key: $key) {{
  ... on PublicLink {{ changePolicy {{ {POLICY} }} }} }} }}"""
MANAGED = f"""query($token: String!) {{ managedBooking(manageToken: $token) {{
  rescheduleCount reschedulesLeft changePolicy {{ {POLICY} }} }} }}"""
CONTACT = "Please contact Max Member (max@acme.test)"
A_MONTH = 60 * 24 * 30


@pytest.fixture
async def team(client: GraphQLClient) -> Team:
    return await create_booking_team()


@pytest.fixture
def monday() -> date:
    return upcoming_monday()


@pytest.fixture
async def booked(team: Team, monday: date) -> Booked:
    return await book(STANDARD_KEY, at(monday, "09:00"))


async def set_policy(client: GraphQLClient, team: Team, **policy: Any) -> Any:
    data = await execute(
        client,
        SET_POLICY,
        {"input": {"id": global_id("Link", team.link.id), "changePolicy": policy}},
        key=team.owner.key,
    )
    return data["updateLink"]


async def test_by_default_the_invitee_may_change_until_the_minimum_notice_and_sees_so(
    client: GraphQLClient, booked: Booked
) -> None:
    public = await execute(client, PUBLIC_POLICY, {"key": STANDARD_KEY})
    managed = await execute(client, MANAGED, {"token": booked.manage_token})

    default = {
        "inviteeMayReschedule": True,
        "inviteeMayCancel": True,
        "rescheduleNoticeMinutes": 240,
        "cancelNoticeMinutes": 240,
        "maxReschedules": None,
    }
    assert public["publicLink"]["changePolicy"] == default
    assert managed["managedBooking"] == {
        "rescheduleCount": 0,
        "reschedulesLeft": None,
        "changePolicy": default,
    }


async def test_a_link_that_allows_no_online_rescheduling_refuses_the_invitee_by_that_rule(
    client: GraphQLClient, team: Team, booked: Booked, monday: date
) -> None:
    """... while the invitee may still cancel, and the owner may still move the meeting."""
    await set_policy(client, team, inviteeMayReschedule=False)

    refused = await reschedule(client, manageToken=booked.manage_token, start=iso(monday, "11:00"))
    by_owner = await reschedule(
        client, team.owner.key, bookingId=booking_gid(booked), start=iso(monday, "11:00")
    )
    cancelled = await cancel(client, manageToken=booked.manage_token)

    assert refused == {
        "__typename": "ChangeNotAllowed",
        "rule": "RESCHEDULE_OFF",
        "message": f"This meeting cannot be rescheduled online. {CONTACT} to move it.",
    }
    assert by_owner["__typename"] == "BookingRescheduled"
    assert cancelled["__typename"] == "BookingCancelled"


async def test_a_link_that_allows_no_online_cancelling_refuses_the_invitee_not_the_owner(
    client: GraphQLClient, team: Team, booked: Booked
) -> None:
    await set_policy(client, team, inviteeMayCancel=False)

    refused = await cancel(client, manageToken=booked.manage_token)
    by_owner = await cancel(client, team.owner.key, bookingId=booking_gid(booked))

    assert refused == {
        "__typename": "ChangeNotAllowed",
        "rule": "CANCEL_OFF",
        "message": f"This meeting cannot be cancelled online. {CONTACT} to cancel it.",
    }
    assert by_owner["__typename"] == "BookingCancelled"


async def test_rescheduling_and_cancelling_have_notices_of_their_own(
    client: GraphQLClient, team: Team, booked: Booked, monday: date
) -> None:
    # given: moving needs no notice, cancelling a month (the meeting is days off)
    await set_policy(client, team, rescheduleNoticeMinutes=0, cancelNoticeMinutes=A_MONTH)

    # when
    moved = await reschedule(client, manageToken=booked.manage_token, start=iso(monday, "11:00"))
    refused = await cancel(client, manageToken=booked.manage_token)

    # then
    assert moved["__typename"] == "BookingRescheduled"
    assert refused == {
        "__typename": "ChangeNotAllowed",
        "rule": "CANCEL_NOTICE",
        "message": "This meeting starts too soon to be cancelled online (it can be cancelled "
        f"until 30 days before it starts). {CONTACT}.",
    }


async def test_a_booking_moves_as_often_as_the_link_allows_then_the_owner_decides(
    client: GraphQLClient, team: Team, booked: Booked, monday: date
) -> None:
    # given
    await set_policy(client, team, maxReschedules=1)

    # when
    first = await reschedule(client, manageToken=booked.manage_token, start=iso(monday, "10:00"))
    managed = await execute(client, MANAGED, {"token": booked.manage_token})
    second = await reschedule(client, manageToken=booked.manage_token, start=iso(monday, "11:00"))
    by_owner = await reschedule(
        client, team.owner.key, bookingId=booking_gid(booked), start=iso(monday, "11:00")
    )

    # then
    assert first["__typename"] == "BookingRescheduled"
    assert (
        managed["managedBooking"]["rescheduleCount"],
        managed["managedBooking"]["reschedulesLeft"],
    ) == (1, 0)
    assert second == {
        "__typename": "ChangeNotAllowed",
        "rule": "RESCHEDULE_LIMIT",
        "message": "This meeting has been rescheduled once already, as often as its link "
        f"allows. {CONTACT} to move it again.",
    }
    assert by_owner["__typename"] == "BookingRescheduled"


async def test_single_use_links_follow_their_parents_policy_live(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    """Changed after the booking was made through a single-use link, the parent's policy
    applies to it at once."""
    # given
    minted = await mint_one(team.owner, team.link)
    booked = await book(minted.token, at(monday, "09:00"))

    # when
    await set_policy(client, team, inviteeMayCancel=False)
    refused = await cancel(client, manageToken=booked.manage_token)
    managed = await execute(client, MANAGED, {"token": booked.manage_token})

    # then
    assert refused["rule"] == "CANCEL_OFF"
    assert managed["managedBooking"]["changePolicy"]["inviteeMayCancel"] is False


async def test_an_owner_is_never_told_to_contact_themselves(
    client: GraphQLClient, team: Team, booked: Booked, monday: date
) -> None:
    await cancel(client, manageToken=booked.manage_token)

    refused = await reschedule(
        client, team.owner.key, bookingId=booking_gid(booked), start=iso(monday, "11:00")
    )

    assert refused == {
        "__typename": "ChangeNotAllowed",
        "rule": "CANCELLED",
        "message": "This meeting was cancelled.",
    }


async def test_a_policy_update_changes_only_what_it_names_and_null_goes_back_to_default(
    client: GraphQLClient, team: Team
) -> None:
    await set_policy(client, team, maxReschedules=2, cancelNoticeMinutes=60)

    only_limit = await set_policy(client, team, maxReschedules=3)
    reset = await set_policy(client, team, maxReschedules=None, cancelNoticeMinutes=None)

    assert only_limit["link"]["changePolicy"] == {
        "inviteeMayReschedule": True,
        "inviteeMayCancel": True,
        "rescheduleNoticeMinutes": 240,
        "cancelNoticeMinutes": 60,
        "maxReschedules": 3,
    }
    assert reset["link"]["changePolicy"]["maxReschedules"] is None
    assert reset["link"]["changePolicy"]["cancelNoticeMinutes"] == 240


async def test_a_policy_out_of_range_is_invalid_input_naming_the_field(
    client: GraphQLClient, team: Team
) -> None:
    refused = await set_policy(client, team, maxReschedules=-1, rescheduleNoticeMinutes=10**7)

    assert refused == {
        "__typename": "InvalidInput",
        "fieldErrors": [
            {
                "field": "changePolicy.rescheduleNoticeMinutes",
                "message": "must be between 0 and 525600",
            },
            {"field": "changePolicy.maxReschedules", "message": "must be between 0 and 100"},
        ],
    }


async def test_two_moves_at_once_never_pass_the_limit_together(
    client: GraphQLClient, team: Team, booked: Booked, monday: date
) -> None:
    await set_policy(client, team, maxReschedules=1)

    results = await asyncio.gather(
        reschedule(client, manageToken=booked.manage_token, start=iso(monday, "10:00")),
        reschedule(client, manageToken=booked.manage_token, start=iso(monday, "11:00")),
    )

    outcomes = sorted(result["__typename"] for result in results)
    assert outcomes == ["BookingRescheduled", "ChangeNotAllowed"]
    assert (await Booking.get(id=booked.booking.id)).reschedule_count == 1
