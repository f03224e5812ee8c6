"""Retried bookMeeting calls, one after the other: the first result comes back, and the manage
token it carries is never stored in plain text. (Racing retries: test_booking_concurrency.)"""

from __future__ import annotations

import base64
from datetime import date
from typing import Any

import pytest
from tortoise import connections

from tests.conftest import GraphQLClient
from tests.support.booking_factories import (
    INVITEE_EMAIL,
    INVITEE_NAME,
    STANDARD_KEY,
    create_booking_team,
    execute,
    iso,
    upcoming_monday,
    uses_of,
)
from tests.support.databases import Backend
from tests.support.link_factories import Team, count_rows, mint_one

BOOK_MEETING = """
mutation ($input: BookMeetingInput!) {
  bookMeeting(input: $input) {
    __typename
    ... on BookingConfirmed { manageToken booking { id startAt } }
    ... on LinkUnavailable { reason }
    ... on InvalidInput { fieldErrors { field message } }
  }
}
"""
RETRY_KEY = "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d"
SQLITE_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table'"
POSTGRES_TABLES = "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'"


@pytest.fixture
async def team(client: GraphQLClient) -> Team:
    return await create_booking_team()


@pytest.fixture
def monday() -> date:
    return upcoming_monday()


async def book_over_api(
    client: GraphQLClient, key: str, start: str, *, idempotency_key: str | None = RETRY_KEY
) -> Any:
    variables: dict[str, object] = {
        "input": {
            "key": key,
            "start": start,
            "invitee": {"name": INVITEE_NAME, "email": INVITEE_EMAIL},
            "idempotencyKey": idempotency_key,
        }
    }
    return (await execute(client, BOOK_MEETING, variables))["bookMeeting"]


async def every_stored_value(backend: Backend) -> list[str]:
    """Every value of every row of every table, as text."""
    connection = connections.get("default")
    _, tables = await connection.execute_query(
        SQLITE_TABLES if backend.name == "sqlite" else POSTGRES_TABLES
    )
    values: list[str] = []
    for table in tables:
        _, rows = await connection.execute_query(f'SELECT * FROM "{table["name"]}"')
        values.extend(str(value) for row in rows for value in dict(row).values())
    return values


async def test_retry_with_the_same_key_returns_the_first_booking(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    # given
    first = await book_over_api(client, STANDARD_KEY, iso(monday, "09:00"))

    # when
    retried = await book_over_api(client, STANDARD_KEY, iso(monday, "09:00"))

    # then
    assert first["__typename"] == "BookingConfirmed"
    assert retried == first
    assert await count_rows("bookings") == 1
    assert await count_rows("booking_hosts") == 2


async def test_retry_on_a_spent_single_use_link_returns_the_first_booking(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    # given
    minted = await mint_one(team.owner, team.link)
    first = await book_over_api(client, minted.token, iso(monday, "09:00"))

    # when
    retried = await book_over_api(client, minted.token, iso(monday, "09:00"))

    # then
    assert retried == first
    assert await uses_of(minted.single_use_link.id) == 1


async def test_same_key_with_different_input_is_refused(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    # given
    await book_over_api(client, STANDARD_KEY, iso(monday, "09:00"))

    # when
    result = await book_over_api(client, STANDARD_KEY, iso(monday, "10:00"))

    # then
    assert result == {
        "__typename": "InvalidInput",
        "fieldErrors": [
            {
                "field": "idempotencyKey",
                "message": "was already used for a different booking request",
            }
        ],
    }
    assert await count_rows("bookings") == 1


async def test_same_key_on_another_link_books_again(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    # given
    minted = await mint_one(team.owner, team.link)
    first = await book_over_api(client, STANDARD_KEY, iso(monday, "09:00"))

    # when
    other = await book_over_api(client, minted.token, iso(monday, "10:00"))

    # then
    assert other["__typename"] == "BookingConfirmed"
    assert other["booking"]["id"] != first["booking"]["id"]
    assert await count_rows("bookings") == 2


@pytest.mark.parametrize("idempotency_key", ["", "k" * 201], ids=["empty", "too-long"])
async def test_idempotency_key_length_is_checked(
    client: GraphQLClient, team: Team, monday: date, idempotency_key: str
) -> None:
    result = await book_over_api(
        client, STANDARD_KEY, iso(monday, "09:00"), idempotency_key=idempotency_key
    )

    assert result == {
        "__typename": "InvalidInput",
        "fieldErrors": [{"field": "idempotencyKey", "message": "must be 1 to 200 characters"}],
    }
    assert await count_rows("bookings") == 0


async def test_database_never_holds_the_plain_manage_token_yet_the_replay_returns_it(
    client: GraphQLClient, db: Backend, team: Team, monday: date
) -> None:
    # given
    first = await book_over_api(client, STANDARD_KEY, iso(monday, "09:00"))
    token = first["manageToken"]

    # when
    stored = await every_stored_value(db)
    retried = await book_over_api(client, STANDARD_KEY, iso(monday, "09:00"))

    # then
    assert len(stored) > 100, "the scan must have read the tables"
    assert [value for value in stored if token in value] == []
    assert [value for value in stored if RETRY_KEY in value] == []
    assert retried["manageToken"] == token


def test_one_idempotency_key_on_two_links_seals_with_two_streams() -> None:
    # Given the same idempotency key used on two links, sealing the same-length tokens
    from models.booking import idempotency

    key = "retry-1"
    first_token, second_token = "m_" + "a" * 43, "m_" + "b" * 43
    first = idempotency.seal(key, idempotency.scope_hash("acme/one"), first_token)
    second = idempotency.seal(key, idempotency.scope_hash("acme/two"), second_token)
    # When an attacker with the database XORs the two sealed values
    xored = bytes(
        a ^ b
        for a, b in zip(
            base64.urlsafe_b64decode(first), base64.urlsafe_b64decode(second), strict=True
        )
    )
    # Then that is not the XOR of the tokens (distinct streams), and each unseals in its scope
    plain_xor = bytes(
        a ^ b for a, b in zip(first_token.encode(), second_token.encode(), strict=True)
    )
    assert xored != plain_xor
    assert idempotency.unseal(key, idempotency.scope_hash("acme/one"), first) == first_token
