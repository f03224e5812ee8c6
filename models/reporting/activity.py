"""The organization's activity stream: the events already written to the outbox (minted, used,
expired, revoked, booked, rescheduled, cancelled, link changed), newest first, scoped like the
meeting log. One statement for a page and one for its count."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from models.accounts.viewer import Viewer
from models.db import prepared
from models.db.prepared import Prepared, numbered, placeholders
from models.webhooks.events import OUTBOX_EVENT_COLUMNS, EventType, OutboxEvent, outbox_event


@dataclass(frozen=True, slots=True)
class ActivityFilter:
    types: Sequence[EventType] | None = None
    ids: Sequence[int] | None = None
    link_id: int | None = None
    occurred_from: datetime | None = None
    occurred_to: datetime | None = None


def _where(viewer: Viewer, given: ActivityFilter) -> tuple[str, dict[str, Any]]:
    conditions = ["e.organization_id = :organization_id", "e.link_id IS NOT NULL"]
    values: dict[str, Any] = {"organization_id": viewer.organization_id}
    if not viewer.is_admin:
        # As the meeting log: the links the member owns or hosts now.
        conditions.append(
            "(l.owner_id = :user_id OR EXISTS (SELECT 1 FROM link_hosts h "
            "WHERE h.link_id = e.link_id AND h.user_id = :user_id))"
        )
        values["user_id"] = viewer.user_id
    if given.types is not None:
        if not given.types:
            conditions.append("1 = 0")
        else:
            conditions.append(f"e.type IN ({placeholders('type', len(given.types))})")
            values.update(numbered("type", [t.value for t in given.types]))
    if given.ids is not None:
        conditions.append(
            f"e.id IN ({placeholders('id', len(given.ids))})" if given.ids else "1 = 0"
        )
        values.update(numbered("id", list(given.ids)))
    if given.link_id is not None:
        conditions.append("e.link_id = :link_id")
        values["link_id"] = given.link_id
    if given.occurred_from is not None:
        conditions.append("e.occurred_at >= :occurred_from")
        values["occurred_from"] = given.occurred_from
    if given.occurred_to is not None:
        conditions.append("e.occurred_at < :occurred_to")
        values["occurred_to"] = given.occurred_to
    return " AND ".join(conditions), values


_FROM = "FROM webhook_events e JOIN links l ON l.id = e.link_id"


async def activity_page(
    viewer: Viewer, given: ActivityFilter, *, take: int, before_id: int | None
) -> list[OutboxEvent]:
    """Events of links only (``link_id`` is set on every one)."""
    where, values = _where(viewer, given)
    if before_id is not None:
        where += " AND e.id < :before_id"
        values["before_id"] = before_id
    statement = Prepared.of(
        f"SELECT {OUTBOX_EVENT_COLUMNS} {_FROM} WHERE {where} ORDER BY e.id DESC LIMIT :take"
    )
    rows = await prepared.fetch(statement, {**values, "take": take})
    return [outbox_event(row) for row in rows]


async def activity_count(viewer: Viewer, given: ActivityFilter) -> int:
    where, values = _where(viewer, given)
    statement = Prepared.of(f"SELECT COUNT(*) AS total {_FROM} WHERE {where}")
    [row] = await prepared.fetch(statement, values)
    return int(row["total"])
