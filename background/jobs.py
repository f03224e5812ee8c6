"""Every background job a process runs beside (or, with ``slotlink background``, instead of)
its requests: webhook deliveries, messages and calendar writes, calendar reads, housekeeping.
Each claims its work with leases, so any number of processes may run them at once."""

from __future__ import annotations

import asyncio
from contextlib import suppress

from background.calendar_sync import CalendarSync
from background.housekeeping import housekeeping_loop
from background.idle_time import IdleTime
from background.notification_dispatcher import NotificationDispatcher
from background.webhook_dispatcher import WebhookDispatcher
from config import Settings
from observability.metrics import Metrics


class BackgroundJobs:
    def __init__(self, settings: Settings, metrics: Metrics, idle: IdleTime | None = None) -> None:
        """``idle``: the web process's requests, which the jobs let go first; none in a
        process of their own."""
        self.idle = idle or IdleTime()
        self.webhooks = WebhookDispatcher(settings, metrics, idle=self.idle)
        self.notifications = NotificationDispatcher(settings, metrics, idle=self.idle)
        self.calendars = CalendarSync(settings, idle=self.idle)
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        self._tasks = [
            asyncio.create_task(housekeeping_loop()),
            asyncio.create_task(self.webhooks.run()),
            asyncio.create_task(self.notifications.run()),
            asyncio.create_task(self.calendars.run()),
        ]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with suppress(asyncio.CancelledError):
                await task
        await self.webhooks.close()
        await self.notifications.close()
        await self.idle.close()
