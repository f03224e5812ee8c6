"""Reads of the failed-lookup counters for requests that arrive together, sent as one statement.

Every anonymous request reads its address's counter before anything runs. Under load many
arrive in the same turn of the event loop; each of them would otherwise pay its own database
round trip (on SQLite, a hop to the driver's thread and back). Nothing is remembered between
reads: each answer comes from a statement sent after the question was asked.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from models.db.rate_limits import failures, window_start


@dataclass(slots=True)
class _Batch:
    window: datetime
    result: asyncio.Future[dict[str, int]]
    buckets: set[str] = field(default_factory=set)


class FailureReads:
    """One per app: requests of one app share its batches, and nothing else."""

    def __init__(self) -> None:
        self._open: _Batch | None = None
        self._sending: set[asyncio.Task[None]] = set()

    async def failures(self, buckets: Sequence[str], now: datetime) -> dict[str, int]:
        """What ``models.db.rate_limits.failures`` answers, read at the next turn of the loop
        together with every other request's question of this turn."""
        window = window_start(now)
        batch = self._open
        if batch is None or batch.window != window:
            loop = asyncio.get_running_loop()
            batch = _Batch(window=window, result=loop.create_future())
            # A waiter that goes away must not leave an unread exception behind.
            batch.result.add_done_callback(_retrieve)
            self._open = batch
            loop.call_soon(self._send, batch)
        batch.buckets.update(buckets)
        # Shielded: one caller cancelled must not cancel the read the others wait for.
        found = await asyncio.shield(batch.result)
        return {bucket: found[bucket] for bucket in buckets}

    def _send(self, batch: _Batch) -> None:
        if self._open is batch:
            self._open = None
        task = asyncio.get_running_loop().create_task(self._read(batch))
        # The loop keeps only a weak reference to a task.
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)

    @staticmethod
    async def _read(batch: _Batch) -> None:
        try:
            counts = await failures(sorted(batch.buckets), batch.window)
        except asyncio.CancelledError:
            batch.result.cancel()
            raise
        except Exception as error:  # every waiter of the batch gets it, as it would alone
            batch.result.set_exception(error)
        else:
            batch.result.set_result(counts)


def _retrieve(result: asyncio.Future[dict[str, int]]) -> None:
    if not result.cancelled():
        result.exception()
