"""GET /reports/single-use-links.csv: the GraphQL report's rows, for spreadsheets."""

from __future__ import annotations

import csv
import io

import httpx
import pytest

from models.db.tables import Link
from models.reporting.spreadsheet import safe_cell
from tests.conftest import GraphQLClient
from tests.support.booking_factories import execute
from tests.support.factories import create_tenant
from tests.support.log_factories import REPORT_FROM, REPORT_TO, create_report_scenario

CSV_PATH = "/reports/single-use-links.csv"
SINGLE_USE_LINK_REPORT = """
query ($range: ReportRange!, $groupBy: ReportGrouping!) {
  reports {
    ... on Reports {
      singleUseLinks(range: $range, groupBy: $groupBy) {
        ... on SingleUseLinkReport {
          rows {
            key label minted active used expired revoked disabled booked conversionRate
            medianMinutesToBooking refusedAttempts
          }
        }
      }
    }
  }
}
"""
HEADER = [
    "key",
    "label",
    "minted",
    "active",
    "used",
    "expired",
    "revoked",
    "disabled",
    "booked",
    "conversion_rate",
    "median_minutes_to_booking",
    "refused_attempts",
]
JUNE = {"from": REPORT_FROM.isoformat(), "to": REPORT_TO.isoformat()}
FORMAT_HINT = "is required, as an ISO 8601 instant with an offset"


async def get_csv(client: GraphQLClient, params: dict[str, str], key: str | None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {key}"} if key is not None else {}
    return await client.http.get(CSV_PATH, params=params, headers=headers)


def as_report_rows(text: str) -> tuple[list[str], list[dict[str, object]]]:
    """The header, and each line typed as the GraphQL report types it."""
    header, *lines = list(csv.reader(io.StringIO(text)))
    rows: list[dict[str, object]] = [
        {
            "key": line[0],
            "label": line[1],
            "minted": int(line[2]),
            "active": int(line[3]),
            "used": int(line[4]),
            "expired": int(line[5]),
            "revoked": int(line[6]),
            "disabled": int(line[7]),
            "booked": int(line[8]),
            "conversionRate": float(line[9]),
            "medianMinutesToBooking": float(line[10]) if line[10] else None,
            "refusedAttempts": int(line[11]),
        }
        for line in lines
    ]
    return header, rows


@pytest.mark.parametrize("group_by", ["OWNER", "LINK", "DAY", "WEEK"])
async def test_the_csv_rows_equal_the_graphql_report_rows(
    client: GraphQLClient, group_by: str
) -> None:
    # given
    scenario = await create_report_scenario()
    admin = scenario.team.admin.key
    data = await execute(
        client, SINGLE_USE_LINK_REPORT, {"range": JUNE, "groupBy": group_by}, key=admin
    )
    expected = data["reports"]["singleUseLinks"]["rows"]

    # when
    response = await get_csv(client, {"groupBy": group_by, **JUNE}, admin)

    # then
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == (
        'attachment; filename="single-use-links.csv"'
    )
    header, rows = as_report_rows(response.text)
    assert header == HEADER
    assert len(expected) >= 2
    assert rows == expected


async def test_an_empty_report_is_the_header_alone(client: GraphQLClient) -> None:
    tenant = await create_tenant()

    response = await get_csv(client, {"groupBy": "DAY", **JUNE}, tenant.admin.key)

    assert response.status_code == 200
    assert response.text == ",".join(HEADER) + "\r\n"


async def test_a_member_is_forbidden(client: GraphQLClient) -> None:
    tenant = await create_tenant()

    response = await get_csv(client, {"groupBy": "OWNER", **JUNE}, tenant.member.key)

    assert response.status_code == 403
    assert response.json() == {"error": "forbidden", "message": "Only an admin may read reports."}


async def test_no_key_is_unauthenticated(client: GraphQLClient) -> None:
    response = await get_csv(client, {"groupBy": "OWNER", **JUNE}, None)

    assert response.status_code == 401
    assert response.json() == {
        "error": "unauthenticated",
        "message": "Send an admin API key as a Bearer token.",
    }


@pytest.mark.parametrize(
    ("params", "field_errors"),
    [
        ({"to": JUNE["to"]}, [{"field": "from", "message": FORMAT_HINT}]),
        ({"from": "yesterday", "to": JUNE["to"]}, [{"field": "from", "message": FORMAT_HINT}]),
        # no offset: which day it is depends on where the server runs
        (
            {"from": "2025-06-01T00:00:00", "to": JUNE["to"]},
            [{"field": "from", "message": FORMAT_HINT}],
        ),
        (
            {**JUNE, "groupBy": "MONTH"},
            [{"field": "groupBy", "message": "must be one of OWNER, LINK, DAY, WEEK"}],
        ),
        (
            {"groupBy": "OWNER"},
            [
                {"field": "from", "message": FORMAT_HINT},
                {"field": "to", "message": FORMAT_HINT},
            ],
        ),
    ],
)
async def test_bad_parameters_are_a_400_naming_the_field(
    client: GraphQLClient, params: dict[str, str], field_errors: list[dict[str, str]]
) -> None:
    tenant = await create_tenant()

    response = await get_csv(client, params, tenant.admin.key)

    assert response.status_code == 400
    assert response.json() == {"error": "invalid_input", "fieldErrors": field_errors}


async def test_a_range_over_366_days_is_a_400_naming_range_to(client: GraphQLClient) -> None:
    tenant = await create_tenant()

    response = await get_csv(
        client,
        {"from": "2025-01-01T00:00:00+00:00", "to": "2026-01-03T00:00:00+00:00"},
        tenant.admin.key,
    )

    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_input",
        "fieldErrors": [{"field": "range.to", "message": "the range may span at most 366 days"}],
    }


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Discovery call", "Discovery call"),
        (-1, -1),
        (0.5, 0.5),
    ],
)
def test_text_a_spreadsheet_would_run_is_kept_as_text(value: object, written: object) -> None:
    assert safe_cell(value) == written


async def test_a_link_named_like_a_formula_is_text_in_the_csv(client: GraphQLClient) -> None:
    # given a report row whose label someone chose
    scenario = await create_report_scenario()
    await Link.filter(id=scenario.team.link.id).update(name="=cmd|' /C calc'!A0")

    # when the report is exported by link
    response = await get_csv(client, {"groupBy": "LINK", **JUNE}, scenario.team.admin.key)

    # then the label cell is text, not a formula
    labels = [line[1] for line in csv.reader(io.StringIO(response.text))][1:]
    assert "'=cmd|' /C calc'!A0" in labels
    assert not any(label.startswith("=") for label in labels)
