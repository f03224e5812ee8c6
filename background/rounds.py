"""The loop every background job runs in: one round after another, each in a task of its
own, backing off while rounds fail, until cancelled."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from typing import Any

from models.db.transactions import reopen_if_closed


def utc_now() -> datetime:
    """The jobs' clock (tests give them their own)."""
    return datetime.now(UTC)


# The longest wait between failed rounds: work resumes within this long of the database
# coming back.
MAX_BACKOFF_SECONDS = 5.0
# A failing job logs its traceback once, then a line at most this often until it recovers.
REPEAT_LOG_SECONDS = 60.0


async def keep_running(
    one_round: Callable[[], Coroutine[Any, Any, bool]],
    *,
    idle_seconds: float,
    name: str,
    logger: logging.Logger,
    busy_seconds: float = 0.0,
) -> None:
    """Runs ``one_round`` until cancelled; it returns whether it found work, and when it did
    not, the next round waits ``idle_seconds``. ``busy_seconds``: rounds start at most this
    often even while there is work, so that each takes a larger batch (fewer writes)."""
    failures = 0
    logged_at = 0.0
    while True:
        try:
            # A task per round: whatever a failed round leaves in its context (such as a
            # transaction the ORM still thinks is current) dies with that task.
            began = time.monotonic()
            busy: bool = await asyncio.create_task(one_round())
        except Exception:
            failures += 1
            reopen_if_closed()
            if failures == 1:
                logger.exception("%s failed; retrying with back-off", name)
                logged_at = time.monotonic()
            elif time.monotonic() - logged_at >= REPEAT_LOG_SECONDS:
                logger.error("%s still failing after %d rounds", name, failures)
                logged_at = time.monotonic()
            await asyncio.sleep(min(MAX_BACKOFF_SECONDS, idle_seconds * 2 ** (failures - 1)))
            continue
        if failures:
            logger.warning("%s recovered after %d failed rounds", name, failures)
            failures = 0
        if not busy:
            await asyncio.sleep(idle_seconds)
        elif (left := busy_seconds - (time.monotonic() - began)) > 0:
            await asyncio.sleep(left)
