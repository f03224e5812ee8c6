"""Retried bookMeeting calls, one after the other: the first result comes back, and the manage
token it carries is never stored in plain text. (Racing retries: test_booking_concurrency.)"""

from __future__ import annotations

import base64
import hashlib
from datetime import date
from typing import Any

import pytest
from tortoise import connections

from models.booking import idempotency
from models.db.tables import IdempotencyRecord
from tests.conftest import GraphQLClient
from tests.support.booking_factories import (
    INVITEE_EMAIL,
    INVITEE_NAME,
    SERVER_SECRET,
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


def booking_input(
    start: str, idempotency_key: str | None, key: str = STANDARD_KEY
) -> dict[str, object]:
    return {
        "input": {
            "key": key,
            "start": start,
            "invitee": {"name": INVITEE_NAME, "email": INVITEE_EMAIL},
            "idempotencyKey": idempotency_key,
        }
    }


async def book_over_api(
    client: GraphQLClient, key: str, start: str, *, idempotency_key: str | None = RETRY_KEY
) -> Any:
    variables = booking_input(start, idempotency_key, key)
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


@pytest.mark.parametrize(
    ("idempotency_key", "problem"),
    [
        ("", "must be 16 to 200 characters (a UUID is a good key)"),
        ("k", "must be 16 to 200 characters (a UUID is a good key)"),
        ("k" * 201, "must be 16 to 200 characters (a UUID is a good key)"),
        ("abababababababab", "must hold at least 8 different characters (a UUID is a good key)"),
    ],
    ids=["empty", "one-character", "too-long", "few-characters"],
)
async def test_an_idempotency_key_must_be_hard_to_guess(
    client: GraphQLClient, team: Team, monday: date, idempotency_key: str, problem: str
) -> None:
    result = await book_over_api(
        client, STANDARD_KEY, iso(monday, "09:00"), idempotency_key=idempotency_key
    )

    assert result == {
        "__typename": "InvalidInput",
        "fieldErrors": [{"field": "idempotencyKey", "message": problem}],
    }
    assert await count_rows("bookings") == 0


async def test_the_stored_key_hash_needs_the_servers_secret(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    # given a booking made with an idempotency key
    await book_over_api(client, STANDARD_KEY, iso(monday, "09:00"))

    # when the stored hash is compared with hashes anyone could compute from a guessed key
    stored = (await IdempotencyRecord.get()).key_hash

    # then only the server's secret reproduces it
    assert stored != hashlib.sha256(b"key:" + RETRY_KEY.encode()).hexdigest()
    assert stored != hashlib.sha256(RETRY_KEY.encode()).hexdigest()
    assert stored == idempotency.key_hash(SERVER_SECRET, RETRY_KEY)


async def test_wrong_guesses_at_an_idempotency_key_count_as_failed_lookups(
    client: GraphQLClient, team: Team, monday: date
) -> None:
    # given the victim's booking, made with an idempotency key
    at_nine = iso(monday, "09:00")
    await book_over_api(client, STANDARD_KEY, at_nine)

    # when someone who knows the slot and the invitee guesses keys, up to the limit
    answers = [
        (await book_over_api(client, STANDARD_KEY, at_nine, idempotency_key=guess))["__typename"]
        for guess in (f"guess-{n:04d}-abcdefgh" for n in range(30))
    ]
    one_more = await client.post(BOOK_MEETING, booking_input(at_nine, "guess-9999-abcdefgh"))

    # then each wrong guess spent the caller's budget, and the guessing stops there
    assert answers == ["SlotUnavailable"] * 30
    assert one_more.status_code == 429


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
    key = RETRY_KEY
    first_token, second_token = "m_" + "a" * 43, "m_" + "b" * 43
    first = idempotency.seal(SERVER_SECRET, key, idempotency.scope_hash("acme/one"), first_token)
    second = idempotency.seal(SERVER_SECRET, key, idempotency.scope_hash("acme/two"), second_token)
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
    assert (
        idempotency.unseal(SERVER_SECRET, key, idempotency.scope_hash("acme/one"), first)
        == first_token
    )
