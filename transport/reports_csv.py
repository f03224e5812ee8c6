"""GET /reports/single-use-links.csv: the single-use link report for spreadsheets."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from datetime import datetime

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from models.accounts.viewer import Viewer
from models.errors import FieldError, InvalidInputError
from models.reporting.permissions import REPORTS_ARE_ADMINS, may_read_reports
from models.reporting.reports import SINGLE_USE_GROUPINGS, Grouping, SingleUseLinkFigures
from models.reporting.spreadsheet import safe_cell
from resolvers.reports import single_use_link_rows

COLUMNS = [
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


def _csv_line(values: list[object]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow([safe_cell(value) for value in values])
    return buffer.getvalue()


def _values(row: SingleUseLinkFigures) -> list[object]:
    return [
        row.key,
        row.label,
        row.minted,
        row.active,
        row.used,
        row.expired,
        row.revoked,
        row.disabled,
        row.booked,
        row.conversion_rate,
        "" if row.median_minutes_to_booking is None else row.median_minutes_to_booking,
        row.refused_attempts,
    ]


def _parse(request: Request) -> tuple[Grouping, datetime, datetime]:
    params = request.query_params
    problems: list[tuple[str, str]] = []
    grouping = Grouping.OWNER
    given = params.get("groupBy", "OWNER")
    if given in SINGLE_USE_GROUPINGS:
        grouping = Grouping(given)
    else:
        problems.append(("groupBy", "must be one of OWNER, LINK, DAY, WEEK"))
    moments: dict[str, datetime] = {}
    for name in ("from", "to"):
        try:
            moment = datetime.fromisoformat(params[name])
        except (KeyError, ValueError):
            moment = None
        if moment is None or moment.utcoffset() is None:
            problems.append((name, "is required, as an ISO 8601 instant with an offset"))
        else:
            moments[name] = moment
    if problems:
        raise InvalidInputError([FieldError(field, message) for field, message in problems])
    return grouping, moments["from"], moments["to"]


async def single_use_links_csv(request: Request) -> Response:
    viewer: Viewer | None = getattr(request.state, "viewer", None)
    if viewer is None:
        return JSONResponse(
            {"error": "unauthenticated", "message": "Send an admin API key as a Bearer token."},
            status_code=401,
        )
    if not may_read_reports(viewer):
        return JSONResponse({"error": "forbidden", "message": REPORTS_ARE_ADMINS}, status_code=403)
    try:
        grouping, start, end = _parse(request)
        rows = await single_use_link_rows(viewer.organization_id, start, end, grouping)
    except InvalidInputError as error:
        return JSONResponse(
            {
                "error": "invalid_input",
                "fieldErrors": [
                    {"field": e.field, "message": e.message} for e in error.field_errors
                ],
            },
            status_code=400,
        )

    async def lines() -> AsyncIterator[str]:
        yield _csv_line(list(COLUMNS))
        for row in rows:
            yield _csv_line(_values(row))

    return StreamingResponse(
        lines(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="single-use-links.csv"'},
    )
