"""Slots are the costliest answer an anonymous caller can ask for: each answer holds at most
500 (with where to go on), and each address may ask a bounded number of times a minute."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from datetime import date, timedelta
from typing import Any

import pytest

from config import Limits, Settings
from models.db.tables import Link
from tests.conftest import GraphQLClient, app_client
from tests.support.booking_factories import (
    STANDARD_KEY,
    create_booking_team,
    execute,
    iso,
    set_hours,
    upcoming_monday,
)
from tests.support.link_factories import Team

SLOTS = """
query ($key: String!, $from: DateTime!, $to: DateTime!) {
  publicLink(key: $key) {
    ... on PublicLink {
      availableSlots(from: $from, to: $to) {
        __typename
        ... on AvailableSlots { slots nextFrom }
        ... on RateLimited { retryAfterSeconds }
      }
    }
  }
}
"""
ALL_DAY = [(weekday, "00:00", "23:30") for weekday in range(7)]


@pytest.fixture
async def dense_team(db: object) -> Team:
    """Both hosts free all day, every day, on a 5-minute grid: about 280 slots a day."""
    team = await create_booking_team()
    await Link.filter(id=team.link.id).update(slot_interval_minutes=5, minimum_notice_minutes=0)
    for user_id in (team.owner.user_id, team.host.user_id):
        await set_hours(user_id, ALL_DAY)
    return team


@pytest.fixture
def monday() -> date:
    return upcoming_monday()


async def slots_between(client: GraphQLClient, start: str, end: str) -> Any:
    variables = {"key": STANDARD_KEY, "from": start, "to": end}
    return (await execute(client, SLOTS, variables))["publicLink"]["availableSlots"]


async def test_an_answer_stops_at_500_slots_and_says_where_to_go_on(
    client: GraphQLClient, dense_team: Team, monday: date
) -> None:
    # given a week of a link with about 2,000 slots
    start, end = iso(monday, "00:00"), iso(monday + timedelta(days=7), "00:00")

    # when the week is asked for, and then the rest from where the answer stopped
    first = await slots_between(client, start, end)
    rest = await slots_between(client, first["nextFrom"], end)

    # then the first answer holds 500 slots and the next one goes on right after them
    assert len(first["slots"]) == 500
    assert first["nextFrom"] == rest["slots"][0]
    assert first["slots"][-1] < rest["slots"][0]


async def test_an_answer_with_every_slot_has_no_next_from(
    client: GraphQLClient, dense_team: Team, monday: date
) -> None:
    answer = await slots_between(client, iso(monday, "00:00"), iso(monday, "12:00"))

    assert answer["nextFrom"] is None
    assert len(answer["slots"]) == 144  # every 5 minutes from 00:00 to 11:55


@pytest.fixture
async def stingy_client(settings: Settings) -> AsyncIterator[GraphQLClient]:
    limits = Limits(slot_queries_per_minute=3)
    async with app_client(dataclasses.replace(settings, limits=limits)) as client:
        yield client


async def test_anonymous_slot_queries_are_limited_per_address(
    stingy_client: GraphQLClient, dense_team: Team, monday: date
) -> None:
    # given an address allowed three slot queries a minute
    start, end = iso(monday, "09:00"), iso(monday, "10:00")

    # when it asks four times
    answers = [await slots_between(stingy_client, start, end) for _ in range(4)]

    # then the fourth is refused, typed, with when to come back
    assert [answer["__typename"] for answer in answers] == ["AvailableSlots"] * 3 + ["RateLimited"]
    assert 1 <= answers[3]["retryAfterSeconds"] <= 60
