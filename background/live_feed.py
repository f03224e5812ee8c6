"""Live updates' single reader of the outbox in each process: it follows the committed events
in order and hands each to this process's subscribers that want it.

Wake-ups: on PostgreSQL a trigger on the outbox sends NOTIFY at commit and the reader LISTENs
(with a poll every second in case a notification is lost); on SQLite, whose workers share one
machine, a poll every 250 ms. The reader runs only while the process has subscribers."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, suppress

import asyncpg

from background.rounds import keep_running
from config import Settings
from models.live import outbox_tail
from models.live.changes import Change, changes_of
from models.live.subscribers import Subscriber, SubscriptionRefused

NOTIFY_CHANNEL = "slotlink_events"
SQLITE_POLL_SECONDS = 0.25
POSTGRES_POLL_SECONDS = 1.0
# A missing id on PostgreSQL is a transaction that has not committed yet, or never will.
GAP_PATIENCE_SECONDS = 10.0
BATCH = 500
# Subscribers showing and sending an event at one time, in this process, and woken at once.
SHOWN_AT_ONCE = 8
HANDED_OUT_AT_ONCE = 32
logger = logging.getLogger("slotlink.live")


class LiveFeed:
    """The process's implementation of ``models.live.subscribers.LiveEvents``."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.subscribers: set[Subscriber] = set()
        self.per_key: dict[int, int] = {}
        self._reader: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._turns = asyncio.Semaphore(SHOWN_AT_ONCE)
        self._starting = asyncio.Lock()

    @asynccontextmanager
    async def subscribe(
        self,
        wants: Callable[[Change], bool],
        *,
        key_id: int | None,
        on_overflow: Callable[[], Awaitable[None]],
    ) -> AsyncIterator[Subscriber]:
        limits = self.settings.limits
        if key_id is not None:
            if self.per_key.get(key_id, 0) >= limits.max_subscriptions_per_key:
                raise SubscriptionRefused(
                    f"This API key has {limits.max_subscriptions_per_key} subscriptions open "
                    "on this server already; close some first."
                )
            self.per_key[key_id] = self.per_key.get(key_id, 0) + 1
        subscriber = Subscriber(wants, limits.subscriber_queue, on_overflow, self._turns)
        self.subscribers.add(subscriber)
        try:
            await self._ensure_reader()
            yield subscriber
        finally:
            subscriber.done()
            self.subscribers.discard(subscriber)
            if key_id is not None:
                self.per_key[key_id] -= 1
                if not self.per_key[key_id]:
                    del self.per_key[key_id]
            if not self.subscribers:
                await self.stop()

    async def stop(self) -> None:
        reader, self._reader = self._reader, None
        if reader is not None:
            reader.cancel()
            with suppress(asyncio.CancelledError):
                await reader

    async def _ensure_reader(self) -> None:
        # One reader however many subscribe at once: the first starts it, the others wait.
        async with self._starting:
            if self._reader is None or self._reader.done():
                position = await outbox_tail.newest_id()
                self._reader = asyncio.get_running_loop().create_task(self._read_from(position))

    async def _read_from(self, position: int) -> None:
        postgres = not self.settings.is_sqlite
        state = _TailState(position)
        listener = asyncio.get_running_loop().create_task(self._listen()) if postgres else None

        async def one_round() -> bool:
            poll = POSTGRES_POLL_SECONDS if postgres else SQLITE_POLL_SECONDS
            with suppress(TimeoutError):
                async with asyncio.timeout(poll):
                    await self._wake.wait()
            self._wake.clear()
            await self._deliver(state, watch_gaps=postgres)
            return True

        try:
            await keep_running(one_round, idle_seconds=0.25, name="live feed", logger=logger)
        finally:
            if listener is not None:
                listener.cancel()
                with suppress(asyncio.CancelledError):
                    await listener

    async def _deliver(self, state: _TailState, *, watch_gaps: bool) -> None:
        while True:
            fresh = await outbox_tail.events_after(state.position, BATCH)
            late = await outbox_tail.events_by_id(state.gap_ids()) if state.gaps else []
            events = sorted(late + fresh, key=lambda event: event.id)
            state.saw([event.id for event in late], [event.id for event in fresh], watch_gaps)
            if events:
                for change in await changes_of(events):
                    await self._hand_out(change)
            if len(fresh) < BATCH:
                return

    async def _hand_out(self, change: Change) -> None:
        """A slice of subscribers at a time: each woken subscriber is a task the event loop
        runs before anything that became ready after it, so waking thousands at once would
        hold up every request of the process (a booking's transaction waits at each step)."""
        for number, subscriber in enumerate(list(self.subscribers), start=1):
            subscriber.offer(change)
            if number % HANDED_OUT_AT_ONCE == 0:
                await asyncio.sleep(0)

    async def _listen(self) -> None:
        """LISTEN on a connection of its own; reconnects after a failure."""
        url = "postgresql://" + self.settings.database_url.split("://", 1)[1]
        while True:
            connection: asyncpg.Connection | None = None
            closed = asyncio.Event()
            try:
                connection = await asyncpg.connect(url)
                connection.add_termination_listener(lambda *_, closed=closed: closed.set())
                await connection.add_listener(NOTIFY_CHANNEL, lambda *_: self._wake.set())
                # A commit that came between the reader's last round and LISTEN.
                self._wake.set()
                await closed.wait()
                logger.warning("live feed: the LISTEN connection closed; reconnecting")
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("live feed: LISTEN failed; polling until it is back", exc_info=True)
                await asyncio.sleep(5)
            finally:
                if connection is not None and not connection.is_closed():
                    with contextlib.suppress(Exception):
                        await connection.close()


class _TailState:
    def __init__(self, position: int) -> None:
        self.position = position
        # id -> until when it is waited for
        self.gaps: dict[int, float] = {}

    def gap_ids(self) -> list[int]:
        now = time.monotonic()
        for gap in [gap for gap, until in self.gaps.items() if until < now]:
            del self.gaps[gap]
        return sorted(self.gaps)

    def saw(self, late: list[int], fresh: list[int], watch_gaps: bool) -> None:
        for found in late:
            self.gaps.pop(found, None)
        expected = self.position + 1
        for event_id in fresh:
            if watch_gaps:
                until = time.monotonic() + GAP_PATIENCE_SECONDS
                for missing in range(expected, event_id):
                    self.gaps[missing] = until
            expected = event_id + 1
            self.position = event_id
