"""Reading the outbox in order, for live updates: the events that changes wrote in their own
transactions, so that a reader sees only committed changes, and every one of them.

On SQLite writers take turns, so ids appear in commit order. On PostgreSQL a transaction may
commit after another that took a later id: a reader that has seen id 12 but not 11 keeps 11 as
a gap and asks for it again until it shows up or is surely gone (its transaction rolled back)."""

from __future__ import annotations

from collections.abc import Sequence

from models.db import prepared
from models.db.prepared import Prepared, numbered, placeholders
from models.webhooks.events import OUTBOX_EVENT_COLUMNS, OutboxEvent, outbox_event

_AFTER = Prepared.of(
    f"SELECT {OUTBOX_EVENT_COLUMNS} FROM webhook_events e "  # noqa: S608 - constant columns
    "WHERE e.id > :after ORDER BY e.id LIMIT :take"
)
_NEWEST = Prepared.of("SELECT COALESCE(MAX(id), 0) AS newest FROM webhook_events")


async def newest_id() -> int:
    [row] = await prepared.fetch(_NEWEST, {})
    return int(row["newest"])


async def events_after(after: int, take: int) -> list[OutboxEvent]:
    rows = await prepared.fetch(_AFTER, {"after": after, "take": take})
    return [outbox_event(row) for row in rows]


async def events_by_id(ids: Sequence[int]) -> list[OutboxEvent]:
    if not ids:
        return []
    statement = Prepared.of(
        f"SELECT {OUTBOX_EVENT_COLUMNS} FROM webhook_events e "  # noqa: S608 - placeholders only
        f"WHERE e.id IN ({placeholders('id', len(ids))}) ORDER BY e.id"
    )
    return [outbox_event(row) for row in await prepared.fetch(statement, numbered("id", list(ids)))]
