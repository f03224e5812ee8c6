"""Links bookable through their single-use links only.

OnceHub: a customer who receives a one-time link "will only be able to use it for the intended
booking and will not have access to your underlying Booking page". LeanData: single-use links
stop prospects from booking unauthorized follow-up meetings."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import GraphQLClient
from tests.support.booking_factories import at, create_booking_team, upcoming_monday
from tests.support.link_factories import Team, global_id, mint_one

PUBLIC_LINK = """query($key: String!) { publicLink(key: $key) {
  __typename ... on LinkUnavailable { reason message } } }"""
BOOK = """mutation($key: String!, $start: DateTime!) {
  bookMeeting(input: {key: $key, start: $start,
                      invitee: {name: "Jane Prospect", email: "jane@prospect.example"}}) {
    __typename
    ... on BookingConfirmed { manageToken manageUrl booking { id status startAt endAt
      invitee { name email } notes title meetingTypeName durationMinutes locationKind
      locationDetails hostNames rescheduleCount cancelledAt ics } }
    ... on LinkUnavailable { reason message }
  } }"""
MANAGED = """query($token: String!) { managedBooking(manageToken: $token) {
  id status title meetingTypeName hostNames locationDetails ics } }"""
PUBLIC_VIEW = """query($key: String!) { publicLink(key: $key) { ... on PublicLink {
  kind title meetingTypeName description durationMinutes locationKind hostNames ownerName
  ownerEmail expiresAt prefill { name email } skipForm lockToInvitee } } }"""
SET_BOOKABLE_BY = """mutation($id: ID!, $by: BookableBy!) {
  updateLink(input: {id: $id, bookableBy: $by}) {
    __typename ... on LinkSaved { link { bookableBy } } } }"""
SET_DEFAULT = """mutation($by: BookableBy!) {
  updateOrganization(input: {defaultBookableBy: $by}) {
    __typename ... on OrganizationUpdated { organization { defaultBookableBy } } } }"""
CREATE_LINK = """mutation($type: ID!, $name: String!, $by: BookableBy) {
  createLink(input: {name: $name, meetingTypeId: $type, bookableBy: $by}) {
    __typename ... on LinkSaved { link { slug bookableBy } } } }"""
SINGLE_USE_ONLY = {
    "__typename": "LinkUnavailable",
    "reason": "SINGLE_USE_ONLY",
    "message": "This link takes bookings only through personal one-time links. "
    "Please contact Max Member (max@acme.test) to arrange a meeting.",
}
SLUG_KEY = "acme/discovery-call"


@pytest.fixture
async def team(client: GraphQLClient) -> Team:
    return await create_booking_team()


def _data(result: dict[str, Any]) -> Any:
    assert "errors" not in result, result
    return result["data"]


async def _make_private(client: GraphQLClient, team: Team, by: str = "SINGLE_USE_ONLY") -> None:
    result = await client.execute(
        SET_BOOKABLE_BY, {"id": global_id("Link", team.link.id), "by": by}, key=team.owner.key
    )
    assert _data(result)["updateLink"] == {"__typename": "LinkSaved", "link": {"bookableBy": by}}


async def _book(client: GraphQLClient, key: str, clock: str) -> dict[str, Any]:
    start = at(upcoming_monday(), clock).isoformat()
    payload: dict[str, Any] = _data(await client.execute(BOOK, {"key": key, "start": start}))[
        "bookMeeting"
    ]
    return payload


async def test_a_private_link_refuses_its_own_address_and_books_through_its_single_use_links(
    client: GraphQLClient, team: Team
) -> None:
    """The prospect books the intended meeting through the one-time link, and cannot book a
    follow-up through the booking page behind it."""
    await _make_private(client, team)
    minted = await mint_one(team.owner, team.link)

    opened = _data(await client.execute(PUBLIC_LINK, {"key": SLUG_KEY}))["publicLink"]
    one_time = _data(await client.execute(PUBLIC_LINK, {"key": minted.token}))["publicLink"]
    intended = await _book(client, minted.token, "09:00")
    follow_up = await _book(client, SLUG_KEY, "10:00")

    assert opened == SINGLE_USE_ONLY
    assert one_time == {"__typename": "PublicLink"}
    assert intended["__typename"] == "BookingConfirmed"
    assert follow_up == SINGLE_USE_ONLY


async def test_switching_back_to_anyone_opens_the_address_again(
    client: GraphQLClient, team: Team
) -> None:
    await _make_private(client, team)
    await _make_private(client, team, by="ANYONE")

    booked = await _book(client, SLUG_KEY, "09:00")

    assert booked["__typename"] == "BookingConfirmed"


async def test_a_public_link_becomes_private_for_new_bookings_at_once(
    client: GraphQLClient, team: Team
) -> None:
    first = await _book(client, SLUG_KEY, "09:00")
    await _make_private(client, team)

    second = await _book(client, SLUG_KEY, "10:00")

    assert first["__typename"] == "BookingConfirmed"
    assert second == SINGLE_USE_ONLY


async def test_nothing_the_invitee_sees_of_a_single_use_link_names_the_link_behind_it(
    client: GraphQLClient, team: Team
) -> None:
    """The one-time link gives no access to the underlying booking page: neither the page,
    the confirmation, the manage view nor the calendar file show its address."""
    await _make_private(client, team)
    minted = await mint_one(team.owner, team.link)

    page = await client.execute(PUBLIC_VIEW, {"key": minted.token})
    confirmed = await _book(client, minted.token, "09:00")
    managed = await client.execute(MANAGED, {"token": confirmed["manageToken"]})

    seen = str(page) + str(confirmed) + str(managed)
    assert "discovery-call" not in seen
    assert SLUG_KEY not in seen
    assert confirmed["booking"]["ics"]
    assert _data(managed)["managedBooking"]["ics"]


async def test_an_admin_sets_what_new_links_default_to(client: GraphQLClient, team: Team) -> None:
    admin = team.admin.key
    changed = _data(await client.execute(SET_DEFAULT, {"by": "SINGLE_USE_ONLY"}, key=admin))

    meeting_type = global_id("MeetingType", team.meeting_type.id)
    defaulted = await client.execute(
        CREATE_LINK, {"type": meeting_type, "name": "Renewal"}, key=team.owner.key
    )
    explicit = await client.execute(
        CREATE_LINK, {"type": meeting_type, "name": "Demo", "by": "ANYONE"}, key=team.owner.key
    )

    assert changed["updateOrganization"]["organization"] == {"defaultBookableBy": "SINGLE_USE_ONLY"}
    assert _data(defaulted)["createLink"]["link"] == {
        "slug": "renewal",
        "bookableBy": "SINGLE_USE_ONLY",
    }
    assert _data(explicit)["createLink"]["link"] == {"slug": "demo", "bookableBy": "ANYONE"}
    # the existing link kept its own setting
    assert (await _book(client, SLUG_KEY, "09:00"))["__typename"] == "BookingConfirmed"


async def test_a_member_may_not_change_the_organization_default(
    client: GraphQLClient, team: Team
) -> None:
    result = await client.execute(SET_DEFAULT, {"by": "SINGLE_USE_ONLY"}, key=team.owner.key)

    assert _data(result)["updateOrganization"]["__typename"] == "Forbidden"
