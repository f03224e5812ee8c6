"""Admin reports, aggregated in the database: one SQL statement per report, any data size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from models.db import sql
from models.errors import InvalidInputError
from models.links.rules import SingleUseStatus
from models.links.status_sql import StatusColumns, status_is


class Grouping(StrEnum):
    OWNER = "OWNER"
    LINK = "LINK"
    DAY = "DAY"
    WEEK = "WEEK"
    # Meetings only, by who attends them (a collective meeting counts for each of its hosts).
    HOST = "HOST"


# Single-use links have no host of their own until they book.
SINGLE_USE_GROUPINGS = (Grouping.OWNER, Grouping.LINK, Grouping.DAY, Grouping.WEEK)


@dataclass(frozen=True, slots=True)
class SingleUseLinkFigures:
    key: str
    label: str
    minted: int
    # Each link minted is in exactly one of these five, by its status now.
    active: int
    used: int
    expired: int
    revoked: int
    disabled: int
    # Links booked through at least once (a link allowing several uses may still be active).
    booked: int
    median_minutes_to_booking: float | None
    refused_attempts: int

    @property
    def conversion_rate(self) -> float:
        return self.booked / self.minted if self.minted else 0.0


@dataclass(frozen=True, slots=True)
class BookingFigures:
    key: str
    label: str
    total: int
    standard: int
    single_use: int
    rescheduled: int
    reschedules: int
    cancelled: int


# Days and weeks are UTC days and ISO weeks (starting on Monday).
_GROUP_SQL: dict[str, dict[Grouping, tuple[str, str]]] = {
    "sqlite": {
        Grouping.OWNER: ("CAST(l.owner_id AS TEXT)", "u.name"),
        Grouping.HOST: ("CAST(h.user_id AS TEXT)", "hu.name"),
        Grouping.LINK: ("CAST(l.id AS TEXT)", "l.name"),
        Grouping.DAY: ("date({at})", "date({at})"),
        Grouping.WEEK: ("date({at}, 'weekday 0', '-6 days')", "date({at}, 'weekday 0', '-6 days')"),
    },
    "postgres": {
        Grouping.OWNER: ("CAST(l.owner_id AS TEXT)", "u.name"),
        Grouping.HOST: ("CAST(h.user_id AS TEXT)", "hu.name"),
        Grouping.LINK: ("CAST(l.id AS TEXT)", "l.name"),
        Grouping.DAY: (
            "to_char({at} AT TIME ZONE 'UTC', 'YYYY-MM-DD')",
            "to_char({at} AT TIME ZONE 'UTC', 'YYYY-MM-DD')",
        ),
        Grouping.WEEK: (
            "to_char(date_trunc('week', {at} AT TIME ZONE 'UTC'), 'YYYY-MM-DD')",
            "to_char(date_trunc('week', {at} AT TIME ZONE 'UTC'), 'YYYY-MM-DD')",
        ),
    },
}
# A julianday is a float of ~2.46 million days, good to ~40 microseconds: rounded to whole
# milliseconds, 20 minutes come out as 20.0 and not 20.000000149.
_MINUTES_BETWEEN = {
    "sqlite": "(ROUND((julianday({later}) - julianday({earlier})) * 86400000.0) / 60000.0)",
    "postgres": "(EXTRACT(EPOCH FROM ({later} - {earlier})) / 60.0)",
}

_SINGLE_USE_LINKS = """
WITH children AS (
    SELECT s.id, s.created_at, s.uses, s.max_uses, s.revoked_at, s.expires_at,
           l.expires_at AS parent_expires_at, l.is_active, l.archived_at,
           l.single_use_cutoff_at AS parent_cutoff_at,
           {key} AS grp, {label} AS label
    FROM single_use_links s
    JOIN links l ON l.id = s.link_id
    JOIN users u ON u.id = l.owner_id
    WHERE l.organization_id = :org AND s.created_at >= :start AND s.created_at < :end
),
first_bookings AS (
    SELECT b.single_use_link_id AS id, MIN(b.created_at) AS booked_at
    FROM bookings b
    WHERE b.single_use_link_id IN (SELECT id FROM children)
    GROUP BY b.single_use_link_id
),
waits AS (
    SELECT c.grp, {minutes} AS minutes,
           ROW_NUMBER() OVER (PARTITION BY c.grp ORDER BY {minutes}) AS position,
           COUNT(*) OVER (PARTITION BY c.grp) AS n
    FROM children c JOIN first_bookings f ON f.id = c.id
),
medians AS (
    SELECT grp, AVG(minutes) AS median
    FROM waits WHERE position IN ((n + 1) / 2, (n + 2) / 2)
    GROUP BY grp
),
refusals AS (
    SELECT c.grp, COUNT(*) AS refused
    FROM refused_attempts r JOIN children c ON c.id = r.single_use_link_id
    GROUP BY c.grp
)
SELECT c.grp AS grp, MIN(c.label) AS label, COUNT(*) AS minted,
    SUM(CASE WHEN [active] THEN 1 ELSE 0 END) AS active,
    SUM(CASE WHEN [used] THEN 1 ELSE 0 END) AS used,
    SUM(CASE WHEN [expired] THEN 1 ELSE 0 END) AS expired,
    SUM(CASE WHEN [revoked] THEN 1 ELSE 0 END) AS revoked,
    SUM(CASE WHEN [disabled] THEN 1 ELSE 0 END) AS disabled,
    SUM(CASE WHEN c.uses > 0 THEN 1 ELSE 0 END) AS booked,
    MIN(m.median) AS median,
    MIN(COALESCE(r.refused, 0)) AS refused
FROM children c
LEFT JOIN medians m ON m.grp = c.grp
LEFT JOIN refusals r ON r.grp = c.grp
GROUP BY c.grp
ORDER BY c.grp
"""

# The children CTE carries its parent's columns under these names.
_CHILD_COLUMNS = StatusColumns(
    revoked_at="c.revoked_at",
    uses="c.uses",
    max_uses="c.max_uses",
    expires_at="c.expires_at",
    created_at="c.created_at",
    parent_is_active="c.is_active",
    parent_archived_at="c.archived_at",
    parent_expires_at="c.parent_expires_at",
    parent_cutoff_at="c.parent_cutoff_at",
)
for _status in SingleUseStatus:
    _SINGLE_USE_LINKS = _SINGLE_USE_LINKS.replace(
        f"[{_status.value.lower()}]", status_is(_status, _CHILD_COLUMNS)
    )

_BOOKINGS = """
SELECT {key} AS grp, MIN({label}) AS label, COUNT(*) AS total,
    SUM(CASE WHEN b.single_use_link_id IS NULL THEN 1 ELSE 0 END) AS standard,
    SUM(CASE WHEN b.single_use_link_id IS NOT NULL THEN 1 ELSE 0 END) AS single_use,
    SUM(CASE WHEN b.reschedule_count > 0 THEN 1 ELSE 0 END) AS rescheduled,
    SUM(b.reschedule_count) AS reschedules,
    SUM(CASE WHEN b.status = 'CANCELLED' THEN 1 ELSE 0 END) AS cancelled
FROM bookings b
JOIN links l ON l.id = b.link_id
JOIN users u ON u.id = l.owner_id
{hosts}
WHERE b.organization_id = :org AND b.created_at >= :start AND b.created_at < :end
GROUP BY {key}
ORDER BY {key}
"""


_BY_HOST = "JOIN booking_hosts h ON h.booking_id = b.id JOIN users hu ON hu.id = h.user_id"


async def _rows(
    template: str, grouping: Grouping, at: str, values: dict[str, Any]
) -> list[dict[str, Any]]:
    sql_dialect = sql.dialect()
    key, label = _GROUP_SQL[sql_dialect][grouping]
    minutes = _MINUTES_BETWEEN[sql_dialect].format(later="f.booked_at", earlier="c.created_at")
    return await sql.fetch(
        template.format(
            key=key.format(at=at),
            label=label.format(at=at),
            minutes=minutes,
            hosts=_BY_HOST if grouping is Grouping.HOST else "",
        ),
        values,
    )


async def single_use_link_report(
    organization_id: int, start: datetime, end: datetime, grouping: Grouping, now: datetime
) -> list[SingleUseLinkFigures]:
    """Links minted in [start, end), grouped; statuses as of ``now``."""
    if grouping not in SINGLE_USE_GROUPINGS:
        raise InvalidInputError.single(
            "groupBy", "single-use links are grouped by OWNER, LINK, DAY or WEEK"
        )
    rows = await _rows(
        _SINGLE_USE_LINKS,
        grouping,
        "s.created_at",
        {"org": organization_id, "start": start, "end": end, "now": now},
    )
    return [
        SingleUseLinkFigures(
            key=str(row["grp"]),
            label=str(row["label"]),
            minted=int(row["minted"]),
            active=int(row["active"]),
            used=int(row["used"]),
            expired=int(row["expired"]),
            revoked=int(row["revoked"]),
            disabled=int(row["disabled"]),
            booked=int(row["booked"]),
            median_minutes_to_booking=None if row["median"] is None else float(row["median"]),
            refused_attempts=int(row["refused"]),
        )
        for row in rows
    ]


async def booking_report(
    organization_id: int, start: datetime, end: datetime, grouping: Grouping
) -> list[BookingFigures]:
    """Bookings made (booked at) in [start, end), grouped."""
    rows = await _rows(
        _BOOKINGS, grouping, "b.created_at", {"org": organization_id, "start": start, "end": end}
    )
    return [
        BookingFigures(
            key=str(row["grp"]),
            label=str(row["label"]),
            total=int(row["total"]),
            standard=int(row["standard"]),
            single_use=int(row["single_use"]),
            rescheduled=int(row["rescheduled"]),
            reschedules=int(row["reschedules"]),
            cancelled=int(row["cancelled"]),
        )
        for row in rows
    ]
