"""The README's permissions table, cell by cell, against the API: each operation tried by the
admin, the link's owner, a host, another member and an anonymous caller, allowed exactly where
the table says "yes"."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import GraphQLClient
from tests.support.booking_factories import (
    STANDARD_KEY,
    at,
    book,
    create_booking_team,
    upcoming_monday,
)
from tests.support.link_factories import Team, global_id

README = Path(__file__).resolve().parents[2] / "README.md"
ROLES = ("admin", "owner", "host", "member", "anonymous")
PROBLEMS = {"InvalidInput", "NotFound", "Forbidden", "RateLimited", "ChangeNotAllowed"}


def readme_table() -> dict[str, dict[str, bool]]:
    """Operation (the name in backquotes in its first cell) -> role -> allowed."""
    text = README.read_text()
    start = text.index("| operation | admin | owner | host | member | anonymous |")
    table: dict[str, dict[str, bool]] = {}
    for line in text[start:].splitlines()[2:]:
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != len(ROLES) + 1:
            break
        operation = re.search(r"`(\w+)`", cells[0])
        key = operation.group(1) if operation is not None else cells[0]
        table[key] = {role: cell == "yes" for role, cell in zip(ROLES, cells[1:], strict=True)}
    return table


@dataclass(frozen=True)
class World:
    team: Team
    manage_token: str
    booking_id: str


Attempt = Callable[[GraphQLClient, World, str | None], Awaitable[bool]]


async def _payload(
    client: GraphQLClient, document: str, variables: dict[str, Any], key: str | None
) -> Any:
    """The root field's answer; None when the request was refused with an error (a query
    that needs a signed-in caller, asked anonymously)."""
    result = await client.execute(document, variables, key=key)
    data = result["data"]
    if result.get("errors"):
        assert key is None, result
        return None
    assert isinstance(data, dict)
    return next(iter(data.values()))


def _mutation(document: str, variables: Callable[[World], dict[str, Any]]) -> Attempt:
    async def attempt(client: GraphQLClient, world: World, key: str | None) -> bool:
        payload = await _payload(client, document, variables(world), key)
        return payload is not None and payload["__typename"] not in PROBLEMS

    return attempt


def _query(
    document: str, variables: Callable[[World], dict[str, Any]], allowed: Callable[[Any], bool]
) -> Attempt:
    async def attempt(client: GraphQLClient, world: World, key: str | None) -> bool:
        payload = await _payload(client, document, variables(world), key)
        return payload is not None and allowed(payload)

    return attempt


ATTEMPTS: dict[str, Attempt] = {
    "link": _query(
        "query ($id: ID!) { link(id: $id) { id } }",
        lambda w: {"id": global_id("Link", w.team.link.id)},
        lambda link: link is not None,
    ),
    "updateLink": _mutation(
        'mutation ($id: ID!) { updateLink(input: {id: $id, name: "Renamed"}) { __typename } }',
        lambda w: {"id": global_id("Link", w.team.link.id)},
    ),
    "createSingleUseLink": _mutation(
        "mutation ($id: ID!) { createSingleUseLink(input: {linkId: $id}) { __typename } }",
        lambda w: {"id": global_id("Link", w.team.link.id)},
    ),
    "publicLink": _query(
        "query ($key: String!) { publicLink(key: $key) { __typename } }",
        lambda w: {"key": STANDARD_KEY},
        lambda page: page["__typename"] == "PublicLink",
    ),
    "cancelBooking": _mutation(
        "mutation ($id: ID!) { cancelBooking(input: {bookingId: $id}) { __typename } }",
        lambda w: {"id": w.booking_id},
    ),
    "cancel a meeting with its manage token": _mutation(
        "mutation ($token: String!) { cancelBooking(input: {manageToken: $token}) { __typename } }",
        lambda w: {"token": w.manage_token},
    ),
    "createMeetingType": _mutation(
        'mutation { createMeetingType(input: {name: "Demo", durationMinutes: 30, '
        "locationKind: VIDEO}) { __typename } }",
        lambda w: {},
    ),
    "createUser": _mutation(
        'mutation { createUser(input: {email: "new@acme.test", name: "New"}) { __typename } }',
        lambda w: {},
    ),
    "node": _query(
        "query ($id: ID!) { node(id: $id) { id } }",
        lambda w: {"id": global_id("User", w.team.tenant.admin.user_id)},
        lambda node: node is not None,
    ),
    "setWorkingHours": _mutation(
        "mutation ($user: ID!) { setWorkingHours(input: {userId: $user, ranges: "
        '[{weekday: 1, start: "09:00", end: "10:00"}]}) { __typename } }',
        lambda w: {"user": global_id("User", w.team.tenant.admin.user_id)},
    ),
    "reports": _query(
        "query { reports { __typename } }",
        lambda w: {},
        lambda reports: reports["__typename"] == "Reports",
    ),
    "disconnectCalendar": _mutation(
        "mutation { disconnectCalendar { __typename } }",
        lambda w: {},
    ),
    "createWebhookEndpoint": _mutation(
        'mutation { createWebhookEndpoint(input: {url: "https://hooks.acme.test/in", '
        "events: [BOOKING_CREATED]}) { __typename } }",
        lambda w: {},
    ),
}
TABLE = readme_table()
CELLS = [(operation, role) for operation in TABLE for role in ROLES]


def test_the_table_covers_every_attempt() -> None:
    assert set(TABLE) == set(ATTEMPTS)


@pytest.mark.parametrize(("operation", "role"), CELLS)
async def test_a_cell_of_the_table_holds(client: GraphQLClient, operation: str, role: str) -> None:
    # given a team (Ada the admin, Max who owns the link, Hana who hosts it, Olga) and a
    # meeting booked through the link
    team = await create_booking_team()
    booked = await book(STANDARD_KEY, at(upcoming_monday(), "09:00"))
    world = World(team, booked.manage_token, global_id("Booking", booked.booking.id))
    key = {
        "admin": team.admin.key,
        "owner": team.owner.key,
        "host": team.host.key,
        "member": team.other.key,
        "anonymous": None,
    }[role]

    # when the role tries the operation
    allowed = await ATTEMPTS[operation](client, world, key)

    # then it is allowed exactly where the README says so
    assert allowed is TABLE[operation][role]
