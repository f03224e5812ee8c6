"""Single-use links expire by the clock, not by a write: a periodic sweep finds those whose
status has become EXPIRED and writes their ``single_use_link.expired`` events, each once."""

from __future__ import annotations

from datetime import datetime

from models.db import sql
from models.db.tables import SingleUseLink
from models.db.transactions import transaction
from models.links.rules import SingleUseStatus
from models.links.status_sql import StatusColumns, status_is
from models.webhooks.events import EventType, record, single_use_link_event

BATCH = 500

# The flag is tested again outside the subquery: on PostgreSQL a sweep that waited for a
# competing one's row locks sees the flag that one set, and skips the row.
_ANNOUNCE = f"""
UPDATE single_use_links SET expiry_announced = :yes
WHERE expiry_announced = :no AND id IN (
    SELECT c.id FROM single_use_links c JOIN links l ON l.id = c.link_id
    WHERE c.expiry_announced = :no
      AND {status_is(SingleUseStatus.EXPIRED, StatusColumns.joined("c", "l"))}
    ORDER BY c.id LIMIT :batch
)
RETURNING id
"""  # noqa: S608 - conditions built from the status rule, values as parameters


async def announce_expired(now: datetime) -> int:
    """Returns how many links it announced (at most a batch per call)."""
    async with transaction():
        rows = await sql.fetch(_ANNOUNCE, {"yes": True, "no": False, "now": now, "batch": BATCH})
        if not rows:
            return 0
        children = (
            await SingleUseLink.filter(id__in=[int(row["id"]) for row in rows])
            .order_by("id")
            .select_related("link")
        )
        await record(
            [
                single_use_link_event(
                    EventType.SINGLE_USE_LINK_EXPIRED, child, child.link, _expired_at(child, now)
                )
                for child in children
            ]
        )
    return len(rows)


def _expired_at(child: SingleUseLink, now: datetime) -> datetime:
    passed = [
        moment
        for moment in (child.expires_at, child.link.expires_at)
        if moment is not None and moment <= now
    ]
    return min(passed, default=now)
