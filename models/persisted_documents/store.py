"""Documents registered by automatic persisted queries, kept in the database so that every
worker and host of a deployment knows a hash once one of them has seen its document.

The store is bounded: past ``capacity`` documents the least recently used go. A document is
the same forever under its hash, so each process also keeps the ones it used lately in memory
and records a use in the database at most once per ``USE_RECORDED_EVERY``: a hit costs no
write."""

from __future__ import annotations

from collections import OrderedDict
from datetime import UTC, datetime, timedelta

from models.db import sql

USE_RECORDED_EVERY = timedelta(hours=1)
KEPT_IN_MEMORY = 1000

_FIND = "SELECT document FROM persisted_documents WHERE sha256 = :sha256"

_REMEMBER = """
INSERT INTO persisted_documents (sha256, document, last_used_at)
VALUES (:sha256, :document, :now)
ON CONFLICT (sha256) DO UPDATE SET last_used_at = excluded.last_used_at
"""

_TOUCH = "UPDATE persisted_documents SET last_used_at = :now WHERE sha256 = :sha256"

# Everything used before the capacity-th most recent use. The index on last_used_at makes it a
# walk of at most ``capacity`` index entries.
_EVICT = """
DELETE FROM persisted_documents WHERE last_used_at < (
    SELECT last_used_at FROM persisted_documents
    ORDER BY last_used_at DESC LIMIT 1 OFFSET :keep
)
"""


class PersistedDocuments:
    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        # sha256 -> (document, when this process last recorded its use)
        self._recent: OrderedDict[str, tuple[str, datetime]] = OrderedDict()

    async def find(self, sha256: str, now: datetime | None = None) -> str | None:
        moment = now or datetime.now(UTC)
        kept = self._recent.get(sha256)
        if kept is not None:
            document, recorded_at = kept
            self._recent.move_to_end(sha256)
            if moment - recorded_at >= USE_RECORDED_EVERY:
                await sql.execute(_TOUCH, {"sha256": sha256, "now": moment})
                self._keep(sha256, document, moment)
            return document
        rows = await sql.fetch(_FIND, {"sha256": sha256})
        if not rows:
            return None
        document = str(rows[0]["document"])
        await sql.execute(_TOUCH, {"sha256": sha256, "now": moment})
        self._keep(sha256, document, moment)
        return document

    async def remember(self, sha256: str, document: str, now: datetime | None = None) -> None:
        """Registers a document that has passed validation under its hash."""
        moment = now or datetime.now(UTC)
        if sha256 in self._recent:
            return
        await sql.execute(_REMEMBER, {"sha256": sha256, "document": document, "now": moment})
        await sql.execute(_EVICT, {"keep": self.capacity - 1})
        self._keep(sha256, document, moment)

    def forget_recent(self) -> None:
        self._recent.clear()

    def _keep(self, sha256: str, document: str, recorded_at: datetime) -> None:
        self._recent[sha256] = (document, recorded_at)
        self._recent.move_to_end(sha256)
        while len(self._recent) > KEPT_IN_MEMORY:
            self._recent.popitem(last=False)
