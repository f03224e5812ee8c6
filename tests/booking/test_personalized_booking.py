"""Personalized single-use links carry their invitee.

OnceHub: "One-time links can be personalized, allowing the Customer to pick a time and schedule
without having to fill out the Booking form": ``bookMeeting`` through such a link may omit
``invitee``."""

from __future__ import annotations

from typing import Any

import pytest

from models.links.single_use_links import MintOptions
from tests.conftest import GraphQLClient
from tests.support.booking_factories import at, create_booking_team, upcoming_monday
from tests.support.link_factories import Team, global_id, mint_one

BOOK_WITHOUT_FORM = """mutation($key: String!, $start: DateTime!) {
  bookMeeting(input: {key: $key, start: $start}) {
    __typename
    ... on BookingConfirmed { booking { invitee { name email timeZone } } }
    ... on InvalidInput { fieldErrors { field message } }
    ... on LinkUnavailable { reason }
  } }"""
MINT = """mutation($link: ID!, $skipForm: Boolean, $invitee: InviteeInput) {
  createSingleUseLink(input: {linkId: $link, skipForm: $skipForm, invitee: $invitee}) {
    __typename ... on InvalidInput { fieldErrors { field message } } } }"""


class _ManageToken:
    """Equal to any manage token."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and other.startswith("m_")


A_MANAGE_TOKEN = _ManageToken()
JANE = MintOptions(invitee_name="Jane Prospect", invitee_email="jane@prospect.example")


@pytest.fixture
async def team(client: GraphQLClient) -> Team:
    return await create_booking_team()


async def _book_without_form(client: GraphQLClient, key: str) -> dict[str, Any]:
    start = at(upcoming_monday(), "09:00").isoformat()
    result = await client.execute(BOOK_WITHOUT_FORM, {"key": key, "start": start})
    assert "errors" not in result, result
    data: Any = result["data"]
    payload: dict[str, Any] = data["bookMeeting"]
    return payload


async def test_a_personalized_link_books_with_its_own_invitee(
    client: GraphQLClient, team: Team
) -> None:
    minted = await mint_one(team.owner, team.link, JANE)

    booked = await _book_without_form(client, minted.token)

    assert booked == {
        "__typename": "BookingConfirmed",
        "booking": {
            "invitee": {
                "name": "Jane Prospect",
                "email": "jane@prospect.example",
                "timeZone": "UTC",
            }
        },
    }


async def test_a_link_that_does_not_know_its_invitee_asks_for_one(
    client: GraphQLClient, team: Team
) -> None:
    minted = await mint_one(team.owner, team.link)

    refused = await _book_without_form(client, minted.token)
    still_open = await client.execute(
        "query($key: String!) { publicLink(key: $key) { __typename } }", {"key": minted.token}
    )

    assert refused == {
        "__typename": "InvalidInput",
        "fieldErrors": [
            {"field": "invitee", "message": "is required: this link does not name its invitee"}
        ],
    }
    assert still_open["data"] == {"publicLink": {"__typename": "PublicLink"}}


async def test_a_form_less_link_must_name_its_invitee(client: GraphQLClient, team: Team) -> None:
    result = await client.execute(
        MINT, {"link": global_id("Link", team.link.id), "skipForm": True}, key=team.owner.key
    )

    assert result["data"] == {
        "createSingleUseLink": {
            "__typename": "InvalidInput",
            "fieldErrors": [
                {"field": "skipForm", "message": "needs an invitee to book without the form"}
            ],
        }
    }


async def test_a_retry_without_invitee_replays_the_booking_it_made(
    client: GraphQLClient, team: Team
) -> None:
    minted = await mint_one(team.owner, team.link, JANE)
    variables = {
        "key": minted.token,
        "start": at(upcoming_monday(), "09:00").isoformat(),
        "retry": "4d1f7c2a-9b3e-4e8f-a6d0-5c2b7e9f1a3d",
    }
    book = """mutation($key: String!, $start: DateTime!, $retry: String) {
      bookMeeting(input: {key: $key, start: $start, idempotencyKey: $retry}) {
        __typename ... on BookingConfirmed { manageToken } } }"""

    first = await client.execute(book, variables)
    again = await client.execute(book, variables)

    assert again == first
    assert first["data"] == {
        "bookMeeting": {"__typename": "BookingConfirmed", "manageToken": A_MANAGE_TOKEN}
    }
