"""The meeting log and the reports cost a constant number of SQL statements (no N+1)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.conftest import GraphQLClient
from tests.support.booking_factories import execute, upcoming_monday
from tests.support.link_factories import Team, create_team
from tests.support.log_factories import insert_bookings, slot_starts
from tests.support.statements import record_statements

MEETING_LOGS_WITH_EVERYTHING = """
query ($first: Int) {
  meetingLogs(first: $first, orderBy: START_AT_ASC) {
    totalCount
    edges {
      node {
        startAt linkType
        hosts { email }
        link { name }
        singleUseLink { label prefix status }
        events { kind actorKind actor { email } }
      }
    }
  }
}
"""
REPORTS = """
query ($range: ReportRange!) {
  reports {
    ... on Reports {
      singleUseLinks(range: $range, groupBy: DAY) {
        ... on SingleUseLinkReport { rows { minted used medianMinutesToBooking } }
      }
      bookings(range: $range, groupBy: OWNER) {
        ... on BookingReport { rows { total standard singleUse } }
      }
    }
  }
}
"""
WARM_UP = "{ viewer { id } }"
# Authentication (1), the count and the page (2), then one batch per loader: booking hosts,
# links, single-use links, events and the hosts' users. (Users reached by two paths, such as
# link owners and hosts, may be batched together or not, depending on timing.)
STATEMENTS_PER_LOG_PAGE = 8
# Authentication (1) and one aggregate statement per report.
STATEMENTS_PER_REPORTS = 3


@pytest.fixture
async def statements(client: GraphQLClient, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return record_statements(monkeypatch)


@pytest.fixture
async def team(client: GraphQLClient) -> Team:
    team = await create_team()
    # The first request of a key records its use; later ones within a minute do not.
    await client.execute(WARM_UP, key=team.admin.key)
    return team


async def run(
    client: GraphQLClient,
    statements: list[str],
    document: str,
    variables: dict[str, object],
    key: str,
) -> tuple[dict[str, Any], list[str]]:
    statements.clear()
    data = await execute(client, document, variables, key=key)
    return data, list(statements)


async def test_a_log_page_of_fifty_costs_what_a_page_of_five_costs(
    client: GraphQLClient, team: Team, statements: list[str]
) -> None:
    # given: sixty meetings, every other one through a single-use link
    await insert_bookings(team, team.link, slot_starts(upcoming_monday(), 60))

    # when
    five, five_statements = await run(
        client, statements, MEETING_LOGS_WITH_EVERYTHING, {"first": 5}, team.admin.key
    )
    fifty, fifty_statements = await run(
        client, statements, MEETING_LOGS_WITH_EVERYTHING, {"first": 50}, team.admin.key
    )

    # then
    assert (len(five["meetingLogs"]["edges"]), len(fifty["meetingLogs"]["edges"])) == (5, 50)
    assert five["meetingLogs"]["totalCount"] == 60
    first = fifty["meetingLogs"]["edges"][0]["node"]
    assert first["linkType"] == "SINGLE_USE"
    assert first["singleUseLink"]["label"] == "Child 0"
    assert [host["email"] for host in first["hosts"]] == ["max@acme.test", "hana@acme.test"]
    assert first["events"] == [{"kind": "BOOKED", "actorKind": "INVITEE", "actor": None}]
    assert len(five_statements) == STATEMENTS_PER_LOG_PAGE, five_statements
    assert len(fifty_statements) == STATEMENTS_PER_LOG_PAGE, fifty_statements


async def test_the_reports_cost_the_same_for_three_bookings_and_for_sixty(
    client: GraphQLClient, team: Team, statements: list[str]
) -> None:
    # given
    now = datetime.now(UTC)
    today: dict[str, object] = {
        "range": {
            "from": (now - timedelta(days=1)).isoformat(),
            "to": (now + timedelta(days=1)).isoformat(),
        }
    }
    starts = slot_starts(upcoming_monday(), 60)
    await insert_bookings(team, team.link, starts[:3])
    three, three_statements = await run(client, statements, REPORTS, today, team.admin.key)

    # when
    await insert_bookings(team, team.link, starts[3:])
    sixty, sixty_statements = await run(client, statements, REPORTS, today, team.admin.key)

    # then
    assert [row["total"] for row in three["reports"]["bookings"]["rows"]] == [3]
    assert [row["total"] for row in sixty["reports"]["bookings"]["rows"]] == [60]
    assert sum(row["minted"] for row in sixty["reports"]["singleUseLinks"]["rows"]) == 2 + 29
    assert len(three_statements) == STATEMENTS_PER_REPORTS, three_statements
    assert len(sixty_statements) == STATEMENTS_PER_REPORTS, sixty_statements
