"""A live subscription's inbox, and what resolvers ask of the process's feed of committed
events (``background.live_feed`` serves it)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from typing import Protocol

from models.live.changes import Change


class SubscriptionRefused(Exception):
    """Too many subscriptions for one key in this process."""


class Subscriber:
    """One subscription's inbox: bounded, so that a consumer that does not read cannot grow
    the server's memory; when it is full the subscription is ended through ``on_overflow``.

    ``turns`` is shared by the process's subscribers: a subscriber holds one from taking an
    event until it asks for the next (the event has been shown and sent by then), so that a
    burst shown to thousands of subscribers leaves the requests of the process their turns."""

    def __init__(
        self,
        wants: Callable[[Change], bool],
        capacity: int,
        on_overflow: Callable[[], Awaitable[None]],
        turns: asyncio.Semaphore | None = None,
    ) -> None:
        self.wants = wants
        self.queue: asyncio.Queue[Change] = asyncio.Queue(maxsize=capacity)
        self.on_overflow = on_overflow
        self.overflowed = False
        self.turns = turns
        self._holding = False

    def offer(self, change: Change) -> None:
        if self.overflowed or not self.wants(change):
            return
        try:
            self.queue.put_nowait(change)
        except asyncio.QueueFull:
            self.overflowed = True
            _background(self.on_overflow())

    async def next(self) -> Change:
        self.done()
        change = await self.queue.get()
        if self.turns is not None:
            await self.turns.acquire()
            self._holding = True
        return change

    def done(self) -> None:
        """Gives back the turn taken with the last event."""
        if self._holding and self.turns is not None:
            self.turns.release()
            self._holding = False


_tasks: set[asyncio.Task[None]] = set()


def _background(work: Awaitable[None]) -> None:
    async def run() -> None:
        await work

    task = asyncio.get_running_loop().create_task(run())
    _tasks.add(task)
    task.add_done_callback(_tasks.discard)


class LiveEvents(Protocol):
    def subscribe(
        self,
        wants: Callable[[Change], bool],
        *,
        key_id: int | None,
        on_overflow: Callable[[], Awaitable[None]],
    ) -> AbstractAsyncContextManager[Subscriber]: ...
