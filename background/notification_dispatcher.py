"""Messages and calendar writes, sent by each server process beside its requests: it turns
new booking events into notifications, sends those due, and schedules retries. A booking
never waits for a mail server or a calendar: it only writes its event to the outbox."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine, Sequence
from datetime import datetime
from typing import Any

import httpx

from background.idle_time import IdleTime
from background.mail_senders import MailSender, Outgoing, mail_sender
from background.rounds import keep_running, utc_now
from config import Settings
from models.calendars.sources import CalendarUnreadable
from models.calendars.sync import MeetingWrite, meeting_writes, write_meeting
from models.db.tables import Notification, NotificationChannel, NotificationStatus
from models.notifications import outbox
from models.notifications.outbox import Attempt, Composer
from models.notifications.templates import MailTemplates
from models.webhooks.deliveries import RetryPolicy
from observability.metrics import Metrics

logger = logging.getLogger("slotlink.notifications")
# Notifications claimed a round, while the previous round's are still being sent: none.
CLAIM_BATCH = 200
# While there is work, a round at most this often: on SQLite every round's writes wait for
# the bookings' lock, so fewer and larger batches keep bookings fast. The delay it adds to a
# message is at most this.
BUSY_ROUND_SECONDS = 0.25
# Requests to calendar servers at once per process: they limit their clients' connections.
CALENDAR_REQUESTS_AT_ONCE = 4

_RESULT = {
    NotificationStatus.SENT: "sent",
    NotificationStatus.PENDING: "failed_will_retry",
    NotificationStatus.FAILED: "failed_gave_up",
}


class NotificationDispatcher:
    def __init__(
        self,
        settings: Settings,
        metrics: Metrics,
        *,
        sender: MailSender | None = None,
        clock: Callable[[], datetime] = utc_now,
        idle: IdleTime | None = None,
    ) -> None:
        self.settings = settings
        self.idle = idle or IdleTime()
        self.metrics = metrics
        self.clock = clock
        self.sender = sender or mail_sender(settings.mail)
        self.policy = RetryPolicy(settings.mail.retry_delays)
        self.composer = Composer(
            templates=MailTemplates(settings.mail.templates),
            sender=settings.mail.sender,
            public_url=settings.public_url,
            server_secret=settings.server_secret,
            send_email=settings.mail.enabled,
        )
        self._in_flight: set[asyncio.Task[None]] = set()
        self._calendar_requests = asyncio.Semaphore(CALENDAR_REQUESTS_AT_ONCE)
        # Calendar writes share one client: its connections stay open between writes.
        self._http = httpx.AsyncClient(
            timeout=httpx.Timeout(settings.calendars.timeout_seconds), follow_redirects=False
        )

    async def run(self) -> None:
        await keep_running(
            self._round,
            idle_seconds=self.settings.mail.poll_seconds,
            name="notifications",
            logger=logger,
            busy_seconds=BUSY_ROUND_SECONDS,
        )

    async def _round(self) -> bool:
        return await self.run_once() > 0

    async def run_once(self) -> int:
        """Makes notifications of new events and starts sending what is due: the messages
        together over one connection, the calendar writes side by side."""
        now = self.clock()
        made = await outbox.fan_out(self.composer, now, pause=self.idle.turn)
        # One round's sending at a time: its results are recorded before more is claimed.
        claimed = [] if self._in_flight else await outbox.claim_due(now, batch=CLAIM_BATCH)
        messages = [n for n in claimed if n.channel is NotificationChannel.EMAIL]
        writes = [n for n in claimed if n.channel is NotificationChannel.CALENDAR]
        if messages:
            self._start(self._send_messages(messages))
        if writes:
            self._start(self._write_calendars(writes))
        return made + len(claimed)

    def _start(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work)
        self._in_flight.add(task)
        task.add_done_callback(self._in_flight.discard)

    async def drain(self) -> None:
        while self._in_flight:
            await asyncio.gather(*self._in_flight, return_exceptions=True)

    async def close(self) -> None:
        for task in self._in_flight:
            task.cancel()
        await asyncio.gather(*self._in_flight, return_exceptions=True)
        await self._http.aclose()

    async def _send_messages(self, messages: list[Notification]) -> None:
        results = await self.sender.send_all(
            [Outgoing(message.recipient, message.content) for message in messages],
            pause=self.idle.turn,
        )
        await self._record(
            [
                Attempt(message)
                if failure is None
                else Attempt(message, failure.reason, failure.permanent)
                for message, failure in zip(messages, results, strict=True)
            ]
        )

    async def _write_calendars(self, notifications: list[Notification]) -> None:
        try:
            writes = await meeting_writes(
                [(int(n.recipient), n.booking_id) for n in notifications],
                self.settings.public_url,
            )
        except Exception:
            # The leases run out and another round tries again.
            logger.exception("%d calendar writes could not be prepared", len(notifications))
            return
        await self._record(
            await asyncio.gather(
                *(
                    self._write(notification, write)
                    for notification, write in zip(notifications, writes, strict=True)
                )
            )
        )

    async def _write(self, notification: Notification, write: MeetingWrite) -> Attempt:
        try:
            async with self._calendar_requests:
                await self.idle.turn()
                await write_meeting(write, self.settings, self._http)
        except CalendarUnreadable as failure:
            return Attempt(notification, str(failure))
        return Attempt(notification)

    async def _record(self, attempts: Sequence[Attempt]) -> None:
        try:
            statuses = await outbox.record_attempts(attempts, self.policy, self.clock())
        except Exception:
            # The leases run out and another round tries again.
            logger.exception("%d notifications could not be recorded", len(attempts))
            return
        for attempt, status in zip(attempts, statuses, strict=True):
            notification = attempt.notification
            channel = notification.channel.value.lower()
            self.metrics.notifications.labels(channel, _RESULT[status]).inc()
            logger.info(
                "notification",
                extra={
                    "fields": {
                        "notification_id": notification.id,
                        "channel": channel,
                        "attempt": notification.attempts,
                        "result": _RESULT[status],
                    }
                },
            )
