"""Requests first: background work in a web process takes its turns in the process's idle
moments, so that rendering messages or writing calendars never holds up a booking behind it.
Each unit of background work (one event's messages, one message sent, one calendar or webhook
request) waits for its turn; a turn comes once no request has been served for a moment, or
after a bounded wait, so that under constant load the work still goes on, slowly, and catches
up when the load falls. A process that serves no requests (``slotlink background``) never
waits."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from contextlib import suppress

# Where a unit of background work waits for its turn.
Pause = Callable[[], Awaitable[None]]


async def no_pause() -> None:
    await asyncio.sleep(0)


# No request started or finished for this long: the process is idle. Longer than the gap
# between one request's answer and a busy client's next request.
QUIET_SECONDS = 0.005
# The longest a unit of background work waits for an idle moment.
LONGEST_WAIT_SECONDS = 0.5


class IdleTime:
    def __init__(
        self,
        quiet_seconds: float = QUIET_SECONDS,
        longest_wait_seconds: float = LONGEST_WAIT_SECONDS,
    ) -> None:
        self.quiet_seconds = quiet_seconds
        self.longest_wait_seconds = longest_wait_seconds
        self._serving = 0
        self._last_activity = float("-inf")
        self._not_serving = asyncio.Event()
        self._not_serving.set()
        # One watcher finds the next idle moment for every unit waiting: a busy process
        # wakes one task per request for them, not one per waiting unit.
        self._watcher: asyncio.Task[None] | None = None

    def request_started(self) -> None:
        self._serving += 1
        self._last_activity = time.monotonic()
        self._not_serving.clear()

    def request_finished(self) -> None:
        self._serving -= 1
        self._last_activity = time.monotonic()
        if self._serving == 0:
            self._not_serving.set()

    @property
    def serving(self) -> int:
        return self._serving

    def _quiet_for(self) -> float:
        return float("-inf") if self._serving else time.monotonic() - self._last_activity

    async def turn(self) -> None:
        """Returns when background work may run: at once in an idle process, else at the
        next idle moment or after the longest wait."""
        # Even when idle: a request that has just arrived gets the loop first.
        await asyncio.sleep(0)
        if self._quiet_for() >= self.quiet_seconds:
            return
        if self._watcher is None or self._watcher.done():
            self._watcher = asyncio.create_task(self._next_idle_moment())
        with suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(self._watcher), self.longest_wait_seconds)

    async def _next_idle_moment(self) -> None:
        while (quiet_for := self._quiet_for()) < self.quiet_seconds:
            if self._serving:
                await self._not_serving.wait()
            else:
                await asyncio.sleep(self.quiet_seconds - quiet_for)

    async def close(self) -> None:
        if self._watcher is not None:
            self._watcher.cancel()
            with suppress(asyncio.CancelledError):
                await self._watcher
