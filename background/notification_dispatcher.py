"""Messages and calendar writes, sent by each server process beside its requests: it turns
new booking events into notifications, sends those due, and schedules retries. A booking
never waits for a mail server or a calendar: it only writes its event to the outbox."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime

from background.mail_senders import MailSender, NotSent, mail_sender
from background.rounds import keep_running
from config import Settings
from models.calendars.sources import CalendarUnreadable
from models.calendars.sync import write_meeting
from models.db.tables import Notification, NotificationChannel, NotificationStatus
from models.notifications import outbox
from models.notifications.outbox import Composer
from models.notifications.templates import MailTemplates
from models.webhooks.deliveries import RetryPolicy
from observability.metrics import Metrics

logger = logging.getLogger("slotlink.notifications")
MAX_IN_FLIGHT = 20

_RESULT = {
    NotificationStatus.SENT: "sent",
    NotificationStatus.PENDING: "failed_will_retry",
    NotificationStatus.FAILED: "failed_gave_up",
}


def utc_now() -> datetime:
    return datetime.now(UTC)


class NotificationDispatcher:
    def __init__(
        self,
        settings: Settings,
        metrics: Metrics,
        *,
        sender: MailSender | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.settings = settings
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

    async def run(self) -> None:
        await keep_running(
            self._round,
            idle_seconds=self.settings.mail.poll_seconds,
            name="notifications",
            logger=logger,
        )

    async def _round(self) -> bool:
        return await self.run_once() > 0

    async def run_once(self) -> int:
        """Makes notifications of new events and starts sending what is due."""
        now = self.clock()
        made = await outbox.fan_out(self.composer, now)
        room = MAX_IN_FLIGHT - len(self._in_flight)
        claimed = await outbox.claim_due(now, batch=room)
        for notification in claimed:
            task = asyncio.create_task(self._attempt(notification))
            self._in_flight.add(task)
            task.add_done_callback(self._in_flight.discard)
        return made + len(claimed)

    async def drain(self) -> None:
        while self._in_flight:
            await asyncio.gather(*self._in_flight, return_exceptions=True)

    async def close(self) -> None:
        for task in self._in_flight:
            task.cancel()
        await asyncio.gather(*self._in_flight, return_exceptions=True)

    async def _attempt(self, notification: Notification) -> None:
        error, permanent = await self._send(notification)
        try:
            status = await outbox.record_attempt(
                notification, error, self.policy, self.clock(), permanent=permanent
            )
        except Exception:
            # The lease runs out and another round tries again.
            logger.exception("notification %s could not be recorded", notification.id)
            return
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

    async def _send(self, notification: Notification) -> tuple[str | None, bool]:
        """What went wrong (None: nothing), and whether retrying cannot help."""
        try:
            if notification.channel is NotificationChannel.EMAIL:
                await self.sender.send(notification.recipient, notification.content)
            else:
                await write_meeting(
                    int(notification.recipient), notification.booking_id, self.settings
                )
        except NotSent as failure:
            return failure.reason, failure.permanent
        except CalendarUnreadable as failure:
            return str(failure), False
        return None, False
