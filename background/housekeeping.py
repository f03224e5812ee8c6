"""A background loop in each server process that prunes expired rows now and then."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from background.rounds import keep_running
from models import maintenance

INTERVAL_SECONDS = 600
logger = logging.getLogger("slotlink.housekeeping")


async def housekeeping_loop(interval_seconds: float = INTERVAL_SECONDS) -> None:
    await keep_running(_prune, idle_seconds=interval_seconds, name="housekeeping", logger=logger)


async def _prune() -> bool:
    await maintenance.prune(datetime.now(UTC))
    return False
