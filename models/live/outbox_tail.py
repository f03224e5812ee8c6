"""Reading the outbox in order, for live updates: the events that changes wrote in their own
transactions, so that a reader sees only committed changes, and every one of them.

On SQLite writers take turns, so ids appear in commit order. On PostgreSQL a transaction may
commit after another that took a later id: a reader that has seen id 12 but not 11 keeps 11 as
a gap and asks for it again until it shows up or is surely gone (its transaction rolled back)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson

from models.db import prepared
from models.db.prepared import Prepared, numbered, placeholders
from models.webhooks.events import EventType

_COLUMNS = "id, organization_id, link_id, type, occurred_at, payload"
_AFTER = Prepared.of(
    f"SELECT {_COLUMNS} FROM webhook_events "  # noqa: S608 - constant columns
    "WHERE id > :after ORDER BY id LIMIT :take"
)
_NEWEST = Prepared.of("SELECT COALESCE(MAX(id), 0) AS newest FROM webhook_events")


@dataclass(frozen=True, slots=True)
class OutboxEvent:
    id: int
    type: EventType
    organization_id: int
    link_id: int | None
    occurred_at: datetime
    data: dict[str, Any]


def _event(row: dict[str, Any]) -> OutboxEvent:
    return OutboxEvent(
        id=int(row["id"]),
        type=EventType(row["type"]),
        organization_id=int(row["organization_id"]),
        link_id=None if row["link_id"] is None else int(row["link_id"]),
        occurred_at=prepared.instant(row["occurred_at"]),
        data=orjson.loads(row["payload"])["data"],
    )


async def newest_id() -> int:
    [row] = await prepared.fetch(_NEWEST, {})
    return int(row["newest"])


async def events_after(after: int, take: int) -> list[OutboxEvent]:
    return [_event(row) for row in await prepared.fetch(_AFTER, {"after": after, "take": take})]


async def events_by_id(ids: Sequence[int]) -> list[OutboxEvent]:
    if not ids:
        return []
    statement = Prepared.of(
        f"SELECT {_COLUMNS} FROM webhook_events "  # noqa: S608 - placeholders only
        f"WHERE id IN ({placeholders('id', len(ids))}) ORDER BY id"
    )
    return [_event(row) for row in await prepared.fetch(statement, numbered("id", list(ids)))]
