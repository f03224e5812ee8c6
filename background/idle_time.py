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
        # Set while no request is being served: waiters sleep on it rather than polling,
        # so that a busy process spends nothing on them until its load drops.
        self._not_serving = asyncio.Event()
        self._not_serving.set()

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

    async def turn(self) -> None:
        """Returns when background work may run: at once in an idle process, else at the
        next idle moment or after the longest wait."""
        # Even when idle: a request that has just arrived gets the loop first.
        await asyncio.sleep(0)
        deadline = time.monotonic() + self.longest_wait_seconds
        while (now := time.monotonic()) < deadline:
            if self._serving:
                try:
                    await asyncio.wait_for(self._not_serving.wait(), deadline - now)
                except TimeoutError:
                    return
                continue
            quiet_for = now - self._last_activity
            if quiet_for >= self.quiet_seconds:
                return
            await asyncio.sleep(min(self.quiet_seconds - quiet_for, deadline - now))
