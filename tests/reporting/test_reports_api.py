"""Admin reports over GraphQL: exact figures of a seeded month, access, and range checks.

The scenario is described in ``tests.support.log_factories.create_report_scenario``; every expected
figure below is counted by hand from that table.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from tests.conftest import GraphQLClient
from tests.support.booking_factories import execute
from tests.support.factories import create_tenant
from tests.support.link_factories import global_id
from tests.support.log_factories import (
    REPORT_FROM,
    REPORT_TO,
    ReportScenario,
    create_report_scenario,
)

SINGLE_USE_LINK_REPORT = """
query ($range: ReportRange!, $groupBy: ReportGrouping!) {
  reports {
    __typename
    ... on Reports {
      singleUseLinks(range: $range, groupBy: $groupBy) {
        __typename
        ... on SingleUseLinkReport {
          rows {
            key label minted active used expired revoked disabled booked conversionRate
            medianMinutesToBooking refusedAttempts
          }
        }
        ... on InvalidInput { fieldErrors { field message } }
      }
    }
    ... on Forbidden { message }
  }
}
"""
BOOKING_REPORT = """
query ($range: ReportRange!, $groupBy: ReportGrouping!) {
  reports {
    __typename
    ... on Reports {
      bookings(range: $range, groupBy: $groupBy) {
        __typename
        ... on BookingReport {
          rows { key label total standard singleUse rescheduled reschedules cancelled }
        }
        ... on InvalidInput { fieldErrors { field message } }
      }
    }
    ... on Forbidden { message }
  }
}
"""
JUNE = {"from": REPORT_FROM.isoformat(), "to": REPORT_TO.isoformat()}
ADMINS_ONLY = "Only an admin of the organization may do this."


def single_use_row(
    key: str,
    label: str,
    counts: tuple[int, int, int, int, int, int, int],
    conversion_rate: float,
    median: float | None,
    refused: int,
) -> dict[str, object]:
    """``counts``: minted, then by status now active, used, expired, revoked, disabled (which
    add up to minted), then booked (used at least once)."""
    minted, active, used, expired, revoked, disabled, booked = counts
    assert minted == active + used + expired + revoked + disabled
    return {
        "key": key,
        "label": label,
        "minted": minted,
        "active": active,
        "used": used,
        "expired": expired,
        "revoked": revoked,
        "disabled": disabled,
        "booked": booked,
        "conversionRate": conversion_rate,
        "medianMinutesToBooking": median,
        "refusedAttempts": refused,
    }


def single_use_report(rows: list[dict[str, object]]) -> dict[str, object]:
    return {"__typename": "SingleUseLinkReport", "rows": rows}


def booking_report(rows: list[dict[str, object]]) -> dict[str, object]:
    return {"__typename": "BookingReport", "rows": rows}


def booking_row(key: str, label: str, counts: tuple[int, ...]) -> dict[str, object]:
    total, standard, single_use, rescheduled, reschedules, cancelled = counts
    return {
        "key": key,
        "label": label,
        "total": total,
        "standard": standard,
        "singleUse": single_use,
        "rescheduled": rescheduled,
        "reschedules": reschedules,
        "cancelled": cancelled,
    }


def day(key: str) -> tuple[str, str]:
    return key, key


def max_owner(s: ReportScenario) -> tuple[str, str]:
    return s.team.owner.global_id, "Max Member"


def olga_owner(s: ReportScenario) -> tuple[str, str]:
    return s.team.other.global_id, "Olga Other"


def discovery_link(s: ReportScenario) -> tuple[str, str]:
    return global_id("Link", s.logs.discovery.id), "Discovery call"


def demo_link(s: ReportScenario) -> tuple[str, str]:
    return global_id("Link", s.logs.demo.id), "Demo"


# Max: c1-c6 (c1-c3 used after 10, 20 and 40 minutes: median 20; c4 revoked, c5 expired, c6
# active). Olga: d1-d5 (d1-d4 booked after 10, 20, 40 and 60 minutes: median 30; d3 has a use
# left, so it is active, not used; d5 revoked).
def max_single_use(key: tuple[str, str]) -> dict[str, object]:
    return single_use_row(*key, (6, 1, 3, 1, 1, 0, 3), 0.5, 20.0, 4)


def olga_single_use(key: tuple[str, str]) -> dict[str, object]:
    return single_use_row(*key, (5, 1, 3, 0, 1, 0, 4), 0.8, 30.0, 1)


SINGLE_USE_ROWS: dict[str, Callable[[ReportScenario], list[dict[str, object]]]] = {
    "OWNER": lambda s: [max_single_use(max_owner(s)), olga_single_use(olga_owner(s))],
    "LINK": lambda s: [max_single_use(discovery_link(s)), olga_single_use(demo_link(s))],
    # By the UTC day each link was minted on
    "DAY": lambda s: [
        single_use_row(*day("2025-06-02"), (2, 0, 2, 0, 0, 0, 2), 1.0, 10.0, 2),  # c1 d1
        single_use_row(*day("2025-06-03"), (1, 0, 1, 0, 0, 0, 1), 1.0, 20.0, 0),  # c2
        single_use_row(*day("2025-06-04"), (1, 0, 1, 0, 0, 0, 1), 1.0, 20.0, 1),  # d2
        single_use_row(*day("2025-06-05"), (1, 1, 0, 0, 0, 0, 1), 1.0, 40.0, 0),  # d3
        single_use_row(*day("2025-06-06"), (2, 0, 1, 0, 1, 0, 1), 0.5, 60.0, 0),  # d4 d5
        single_use_row(*day("2025-06-08"), (1, 0, 1, 0, 0, 0, 1), 1.0, 40.0, 0),  # c3
        single_use_row(*day("2025-06-09"), (2, 0, 0, 1, 1, 0, 0), 0.0, None, 2),  # c4 c5
        single_use_row(*day("2025-06-10"), (1, 1, 0, 0, 0, 0, 0), 0.0, None, 0),  # c6
    ],
    # By the Monday of the ISO week each link was minted in: c3 (Sunday) is still in the first
    "WEEK": lambda s: [
        # waits 10 10 20 20 40 40 60
        single_use_row(*day("2025-06-02"), (8, 1, 6, 0, 1, 0, 7), 0.875, 20.0, 3),
        single_use_row(*day("2025-06-09"), (3, 1, 0, 1, 1, 0, 0), 0.0, None, 2),
    ],
}

# Booked in June: on discovery s0, c1, c2 (cancelled), s1 (moved twice), c3; on demo d1
# (moved once), d2, d3, d4, s2 (cancelled). Not s8 (a second early) nor s9 (at the end).
BOOKING_ROWS: dict[str, Callable[[ReportScenario], list[dict[str, object]]]] = {
    "OWNER": lambda s: [
        booking_row(*max_owner(s), (5, 2, 3, 1, 2, 1)),
        booking_row(*olga_owner(s), (5, 1, 4, 1, 1, 1)),
    ],
    "LINK": lambda s: [
        booking_row(*discovery_link(s), (5, 2, 3, 1, 2, 1)),
        booking_row(*demo_link(s), (5, 1, 4, 1, 1, 1)),
    ],
    "DAY": lambda s: [
        booking_row(*day("2025-06-01"), (1, 1, 0, 0, 0, 0)),  # s0
        booking_row(*day("2025-06-02"), (2, 0, 2, 1, 1, 0)),  # c1 d1
        booking_row(*day("2025-06-03"), (2, 1, 1, 1, 2, 1)),  # c2 s1
        booking_row(*day("2025-06-04"), (1, 0, 1, 0, 0, 0)),  # d2
        booking_row(*day("2025-06-05"), (1, 0, 1, 0, 0, 0)),  # d3
        booking_row(*day("2025-06-06"), (1, 0, 1, 0, 0, 0)),  # d4
        booking_row(*day("2025-06-09"), (2, 1, 1, 0, 0, 1)),  # c3 (00:30) s2
    ],
    "WEEK": lambda s: [
        booking_row(*day("2025-05-26"), (1, 1, 0, 0, 0, 0)),  # s0, on a Sunday
        booking_row(*day("2025-06-02"), (7, 1, 6, 2, 3, 1)),
        booking_row(*day("2025-06-09"), (2, 1, 1, 0, 0, 1)),
    ],
}


@pytest.fixture
async def scenario(client: GraphQLClient) -> ReportScenario:
    return await create_report_scenario()


async def report(
    client: GraphQLClient, document: str, key: str | None, group_by: str, range_: object = JUNE
) -> object:
    data = await execute(client, document, {"range": range_, "groupBy": group_by}, key=key)
    return data["reports"]


@pytest.mark.parametrize("group_by", list(SINGLE_USE_ROWS))
async def test_single_use_link_report(
    client: GraphQLClient, scenario: ReportScenario, group_by: str
) -> None:
    rows = await report(client, SINGLE_USE_LINK_REPORT, scenario.team.admin.key, group_by)

    assert rows == {
        "__typename": "Reports",
        "singleUseLinks": single_use_report(SINGLE_USE_ROWS[group_by](scenario)),
    }


@pytest.mark.parametrize("group_by", list(BOOKING_ROWS))
async def test_booking_report(
    client: GraphQLClient, scenario: ReportScenario, group_by: str
) -> None:
    rows = await report(client, BOOKING_REPORT, scenario.team.admin.key, group_by)

    assert rows == {
        "__typename": "Reports",
        "bookings": booking_report(BOOKING_ROWS[group_by](scenario)),
    }


async def test_a_range_given_with_an_offset_means_the_same_instants(
    client: GraphQLClient, scenario: ReportScenario
) -> None:
    # 03:00 at UTC+3 is midnight UTC: s0 is still in, s8 still out
    june_at_utc_plus_3 = {"from": "2025-06-01T03:00:00+03:00", "to": "2025-07-01T03:00:00+03:00"}

    rows = await report(
        client, BOOKING_REPORT, scenario.team.admin.key, "WEEK", range_=june_at_utc_plus_3
    )

    assert rows == {
        "__typename": "Reports",
        "bookings": booking_report(BOOKING_ROWS["WEEK"](scenario)),
    }


async def test_another_organizations_admin_sees_none_of_the_figures(
    client: GraphQLClient, scenario: ReportScenario
) -> None:
    globex = await create_tenant("Globex", domain="globex.test")

    links = await report(client, SINGLE_USE_LINK_REPORT, globex.admin.key, "OWNER")
    bookings = await report(client, BOOKING_REPORT, globex.admin.key, "DAY")

    assert links == {"__typename": "Reports", "singleUseLinks": single_use_report([])}
    assert bookings == {"__typename": "Reports", "bookings": booking_report([])}


# --- access and ranges (no scenario needed) -----------------------------------------------


@pytest.mark.parametrize("document", [SINGLE_USE_LINK_REPORT, BOOKING_REPORT])
async def test_a_member_gets_forbidden(client: GraphQLClient, document: str) -> None:
    tenant = await create_tenant()

    result = await report(client, document, tenant.member.key, "OWNER")

    assert result == {"__typename": "Forbidden", "message": ADMINS_ONLY}


@pytest.mark.parametrize("document", [SINGLE_USE_LINK_REPORT, BOOKING_REPORT])
async def test_an_anonymous_caller_gets_forbidden(client: GraphQLClient, document: str) -> None:
    result = await report(client, document, None, "OWNER")

    assert result == {
        "__typename": "Forbidden",
        "message": "Authentication required: send an API key as a Bearer token.",
    }


@pytest.mark.parametrize("document", [SINGLE_USE_LINK_REPORT, BOOKING_REPORT])
async def test_a_range_of_exactly_366_days_is_accepted(
    client: GraphQLClient, document: str
) -> None:
    tenant = await create_tenant()
    year = {"from": REPORT_FROM.isoformat(), "to": (REPORT_FROM + timedelta(days=366)).isoformat()}

    result = await report(client, document, tenant.admin.key, "DAY", range_=year)

    expected = (
        {"singleUseLinks": single_use_report([])}
        if document is SINGLE_USE_LINK_REPORT
        else {"bookings": booking_report([])}
    )
    assert result == {"__typename": "Reports", **expected}


@pytest.mark.parametrize(
    ("to", "message"),
    [
        (REPORT_FROM + timedelta(days=366, seconds=1), "the range may span at most 366 days"),
        (REPORT_FROM, "must be after range.from"),
        (REPORT_FROM - timedelta(days=1), "must be after range.from"),
    ],
)
@pytest.mark.parametrize("document", [SINGLE_USE_LINK_REPORT, BOOKING_REPORT])
async def test_a_range_too_long_or_backwards_is_invalid_input_naming_range_to(
    client: GraphQLClient, document: str, to: datetime, message: str
) -> None:
    tenant = await create_tenant()
    range_ = {"from": REPORT_FROM.isoformat(), "to": to.isoformat()}

    result = await report(client, document, tenant.admin.key, "DAY", range_=range_)

    field = "singleUseLinks" if document is SINGLE_USE_LINK_REPORT else "bookings"
    assert result == {
        "__typename": "Reports",
        field: {
            "__typename": "InvalidInput",
            "fieldErrors": [{"field": "range.to", "message": message}],
        },
    }
