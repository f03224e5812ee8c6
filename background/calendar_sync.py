"""Reads hosts' calendars as they fall due, in every server process (the claim keeps two
processes off the same calendar)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime

from background.idle_time import IdleTime
from background.rounds import keep_running, utc_now
from config import Settings
from models.calendars import sync
from models.db.tables import HostCalendar

logger = logging.getLogger("slotlink.calendars")
# How often a process looks for due calendars; each is read every refresh interval.
POLL_SECONDS = 5.0
# Calendars read at once per process: calendar servers limit their clients' connections.
READS_AT_ONCE = 4


class CalendarSync:
    def __init__(
        self,
        settings: Settings,
        clock: Callable[[], datetime] = utc_now,
        *,
        idle: IdleTime | None = None,
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.idle = idle or IdleTime()

    async def run(self) -> None:
        idle = min(POLL_SECONDS, self.settings.calendars.refresh_seconds)
        await keep_running(
            self.run_once_busy, idle_seconds=idle, name="calendar reads", logger=logger
        )

    async def run_once_busy(self) -> bool:
        return await self.run_once() > 0

    async def run_once(self) -> int:
        """Reads every calendar due now, side by side; returns how many it read."""
        now = self.clock()
        due = await sync.claim_due(now)
        at_once = asyncio.Semaphore(READS_AT_ONCE)

        async def read(calendar: HostCalendar) -> sync.Read:
            async with at_once:
                await self.idle.turn()
                return await sync.read(calendar, self.settings, now)

        results = await asyncio.gather(*(read(calendar) for calendar in due))
        for result in results:
            if result.busy is None:
                logger.warning(
                    "calendar not read",
                    extra={"fields": {"user_id": result.calendar.user_id, "error": result.error}},
                )
            await sync.store(result, self.settings, self.clock())
        return len(due)
