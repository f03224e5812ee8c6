"""A background loop in each server process that prunes expired rows now and then."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

from models import maintenance

INTERVAL_SECONDS = 600
logger = logging.getLogger("slotlink.housekeeping")


async def housekeeping_loop(interval_seconds: float = INTERVAL_SECONDS) -> None:
    while True:
        try:
            await maintenance.prune(datetime.now(UTC))
        except Exception:  # keep looping: a failed prune is retried on the next round
            logger.exception("housekeeping failed")
        await asyncio.sleep(interval_seconds)
