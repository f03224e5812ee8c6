"""The booking path's reads and writes as prepared SQL (see ``models.db.prepared``): what the
booking engine and slot generation run on every request."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from models.db import prepared
from models.db.prepared import Prepared, numbered, placeholders
from models.db.sql_scripts import Script, Step
from models.db.tables import BookingStatus, DateOverride, User
from models.links.assignment import HostLoad, PoolHost
from models.links.status_sql import (
    StatusColumns,
    child_open,
    child_unexpired,
    minted_after_cutoff,
    parent_enabled,
    parent_unexpired,
)

_LINK_HOSTS = Prepared.of(
    f"""
    SELECT {prepared.columns(User, "u")}, h.weight AS host_weight, h.position AS host_position,
           h.priority AS host_priority
    FROM link_hosts h JOIN users u ON u.id = h.user_id
    WHERE h.link_id = :link_id
    ORDER BY h.position, h.id
    """  # noqa: S608 - column lists from the models, values as parameters
)

_CHILD = StatusColumns.joined(child="", parent="")
_CLAIMED = StatusColumns.joined(child="single_use_links", parent="p")
# Must be the first statement of the booking transaction: its row count decides the claim.
_CLAIM_USE = Prepared.of(
    f"""
    UPDATE single_use_links SET uses = uses + 1
    WHERE id = :id AND {child_open(_CHILD)} AND {child_unexpired(_CHILD)}
      AND EXISTS (
          SELECT 1 FROM links p
          WHERE p.id = single_use_links.link_id AND {minted_after_cutoff(_CLAIMED)}
      )
    """  # noqa: S608 - conditions built from the status rule, values as parameters
)

# Writes every host's counter: the rows that serialize their bookings. A booking locks only
# while its link is still bookable (it may have been archived or expired since it was read).
_LOCK_HOSTS = "UPDATE users SET booking_sequence = booking_sequence + 1 WHERE id IN ({hosts})"
_WHILE_LINK_BOOKABLE = f"""
    AND EXISTS (
        SELECT 1 FROM links
        WHERE id = :link_id AND {parent_enabled(_CHILD)} AND {parent_unexpired(_CHILD)}
    )
"""  # noqa: S608 - conditions built from the status rule, values as parameters

# Also a clash: a busy time in the host's own calendar, or a calendar not read recently
# enough to be believed (models/calendars/sync.py).
_CLASH = """
    SELECT 1 AS clash FROM booking_hosts
    WHERE user_id IN ({hosts}) AND active = :yes {other}
      AND ((start_at < :padded_end AND end_at > :padded_start)
           OR (blocked_start < :end AND blocked_end > :start))
    UNION ALL
    SELECT 1 AS clash FROM calendar_busy
    WHERE user_id IN ({hosts}) AND start_at < :padded_end AND end_at > :padded_start
    UNION ALL
    SELECT 1 AS clash FROM host_calendars
    WHERE user_id IN ({hosts}) AND (trusted_until IS NULL OR trusted_until < :trusted_at)
    LIMIT 1
"""

_OVERRIDES = f"""
    SELECT {prepared.columns(DateOverride, "d")} FROM date_overrides d
    WHERE d.user_id IN ({{hosts}}) AND d.date >= :first_date AND d.date <= :last_date
"""  # noqa: S608 - column lists from the models, values as parameters

# A host's meetings, the busy times of their own calendar, and, for a calendar not read
# recently enough to be believed, the whole window.
_BUSY = """
    SELECT user_id, start_at, end_at, blocked_start, blocked_end FROM booking_hosts
    WHERE user_id IN ({hosts}) AND active = :yes {other}
      AND blocked_end > :window_start AND blocked_start < :window_end
    UNION ALL
    SELECT user_id, start_at, end_at, start_at AS blocked_start, end_at AS blocked_end
    FROM calendar_busy
    WHERE user_id IN ({hosts}) AND end_at > :window_start AND start_at < :window_end
    UNION ALL
    SELECT user_id, :window_start AS start_at, :window_end AS end_at,
           :window_start AS blocked_start, :window_end AS blocked_end
    FROM host_calendars
    WHERE user_id IN ({hosts}) AND (trusted_until IS NULL OR trusted_until < :trusted_at)
"""


def _other_than(booking_id: int | None) -> str:
    return "" if booking_id is None else "AND booking_id <> :ignore_booking_id"


@dataclass(frozen=True, slots=True)
class LinkHosts:
    """The link's hosts in their order, and as a round robin's pool."""

    users: list[User]
    pool: list[PoolHost]


async def link_hosts(link_id: int) -> LinkHosts:
    rows = await prepared.fetch(_LINK_HOSTS, {"link_id": link_id})
    users = [prepared.instance(User, row, "u") for row in rows]
    pool = [
        PoolHost(
            user.id, int(row["host_weight"]), int(row["host_position"]), int(row["host_priority"])
        )
        for user, row in zip(users, rows, strict=True)
    ]
    return LinkHosts(users, pool)


# A round robin's pool, as many rows as hosts booked through the link since :since.
_LOADS = """
    SELECT h.user_id AS user_id, COUNT(*) AS bookings, MAX(b.created_at) AS last_booked_at
    FROM bookings b JOIN booking_hosts h ON h.booking_id = b.id
    WHERE b.link_id = :link_id AND b.status = :confirmed AND b.created_at >= :since
      AND h.user_id IN ({hosts})
    GROUP BY h.user_id
"""


def loads_step(link_id: int, host_ids: Sequence[int], since: datetime) -> Step:
    return Step(
        Prepared.of(_LOADS.format(hosts=placeholders("host", len(host_ids)))),
        {
            "link_id": link_id,
            "confirmed": BookingStatus.CONFIRMED.value,
            "since": since,
            **numbered("host", host_ids),
        },
        returns_rows=True,
    )


def loads_of(rows: Sequence[Mapping[str, Any]]) -> dict[int, HostLoad]:
    return {
        int(row["user_id"]): HostLoad(
            bookings=int(row["bookings"]), last_booked_at=prepared.instant(row["last_booked_at"])
        )
        for row in rows
    }


async def claim_use(single_use_link_id: int, now: datetime) -> bool:
    return await prepared.execute(_CLAIM_USE, {"id": single_use_link_id, "now": now}) == 1


def lock_hosts_step(
    host_ids: Sequence[int], *, bookable_link_id: int | None, now: datetime
) -> Step:
    """Changes every host's row (while ``bookable_link_id``, if given, is bookable), or none.
    Booking, rescheduling and the overlap check all serialize on these rows."""
    sql = _LOCK_HOSTS.format(hosts=placeholders("host", len(host_ids)))
    if bookable_link_id is not None:
        sql += _WHILE_LINK_BOOKABLE
    values = {"link_id": bookable_link_id, "now": now, **numbered("host", host_ids)}
    return Step(Prepared.of(sql), values)


async def lock_hosts(host_ids: Sequence[int], now: datetime) -> None:
    """``lock_hosts_step`` on its own, in the caller's transaction."""
    step = lock_hosts_step(host_ids, bookable_link_id=None, now=now)
    await prepared.execute(step.statement, step.values)


def clash_step(
    host_ids: Sequence[int],
    padded: tuple[datetime, datetime],
    meeting: tuple[datetime, datetime],
    ignore_booking_id: int | None,
) -> Step:
    """A row if a confirmed meeting of these hosts overlaps ``padded`` (the new meeting widened
    by its buffers), or another meeting's blocked range overlaps ``meeting``."""
    statement = Prepared.of(
        _CLASH.format(
            hosts=placeholders("host", len(host_ids)), other=_other_than(ignore_booking_id)
        )
    )
    values = {
        "yes": True,
        "trusted_at": datetime.now(UTC),
        "padded_start": padded[0],
        "padded_end": padded[1],
        "start": meeting[0],
        "end": meeting[1],
        "ignore_booking_id": ignore_booking_id,
        **numbered("host", host_ids),
    }
    return Step(statement, values, returns_rows=True)


async def has_clash(
    host_ids: Sequence[int],
    padded: tuple[datetime, datetime],
    meeting: tuple[datetime, datetime],
    ignore_booking_id: int | None,
) -> bool:
    step = clash_step(host_ids, padded, meeting, ignore_booking_id)
    return bool(await prepared.fetch(step.statement, step.values))


@dataclass(frozen=True, slots=True)
class ScheduleRows:
    overrides: list[DateOverride]
    busy: list[tuple[int, datetime, datetime, datetime, datetime]]


def schedule_reads(
    host_ids: Sequence[int],
    dates: tuple[date, date],
    window: tuple[datetime, datetime],
    ignore_booking_id: int | None,
) -> Script[ScheduleRows]:
    """The hosts' date overrides between ``dates`` and, as (user id, start, end, blocked
    start, blocked end), their meetings whose blocked range reaches into ``window``: one hop
    on SQLite."""
    hosts = placeholders("host", len(host_ids))
    overrides = yield Step(
        Prepared.of(_OVERRIDES.format(hosts=hosts)),
        {"first_date": dates[0], "last_date": dates[1], **numbered("host", host_ids)},
        returns_rows=True,
    )
    busy = yield Step(
        Prepared.of(_BUSY.format(hosts=hosts, other=_other_than(ignore_booking_id))),
        {
            "yes": True,
            "trusted_at": datetime.now(UTC),
            "window_start": window[0],
            "window_end": window[1],
            "ignore_booking_id": ignore_booking_id,
            **numbered("host", host_ids),
        },
        returns_rows=True,
    )
    assert isinstance(overrides, list)
    assert isinstance(busy, list)
    instant = prepared.instant
    return ScheduleRows(
        overrides=[prepared.instance(DateOverride, row, "d") for row in overrides],
        busy=[
            (
                int(row["user_id"]),
                instant(row["start_at"]),
                instant(row["end_at"]),
                instant(row["blocked_start"]),
                instant(row["blocked_end"]),
            )
            for row in busy
        ],
    )
