"""The webhook dispatcher each server process runs beside its requests: it fans new events
out to endpoints, sends due deliveries, signed, and schedules retries. Requests never wait
for it; they only write events to the outbox."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime

import httpx

from background.idle_time import IdleTime
from background.rounds import keep_running, utc_now
from config import Settings
from models.db.rate_limits import WINDOW, reserve, window_start
from models.db.tables import WebhookDelivery, WebhookDeliveryStatus
from models.webhooks import deliveries as webhook_deliveries
from models.webhooks.deliveries import AttemptResult, RetryPolicy
from models.webhooks.events import message_id
from models.webhooks.expiry import announce_expired
from models.webhooks.signing import delivery_headers
from models.webhooks.urls import UnsafeUrlError, check_destination
from observability.metrics import Metrics

logger = logging.getLogger("slotlink.webhooks")
USER_AGENT = "Slotlink-Webhooks/1"
# Deliveries in flight at once per process; a slow receiver holds one of them at most for
# the timeout, and never the loop.
MAX_IN_FLIGHT = 50

_METRIC_RESULT = {
    WebhookDeliveryStatus.SUCCEEDED: "succeeded",
    WebhookDeliveryStatus.PENDING: "failed_will_retry",
    WebhookDeliveryStatus.FAILED: "failed_gave_up",
}


class WebhookDispatcher:
    def __init__(
        self,
        settings: Settings,
        metrics: Metrics,
        clock: Callable[[], datetime] = utc_now,
        *,
        idle: IdleTime | None = None,
    ) -> None:
        self.settings = settings
        self.idle = idle or IdleTime()
        self.metrics = metrics
        self.clock = clock
        self.policy = RetryPolicy(settings.webhooks.retry_delays)
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(settings.webhooks.timeout_seconds),
            follow_redirects=False,
            headers={"user-agent": USER_AGENT},
        )
        self._in_flight: set[asyncio.Task[None]] = set()
        self._next_sweep = 0.0

    async def run(self) -> None:
        """Until cancelled; a failed round is retried with back-off, on a fresh connection."""
        await keep_running(
            self._round,
            idle_seconds=self.settings.webhooks.poll_seconds,
            name="webhook dispatch",
            logger=logger,
        )

    async def _round(self) -> bool:
        if time.monotonic() >= self._next_sweep:
            await self.sweep_expired()
            self._next_sweep = time.monotonic() + self.settings.webhooks.expiry_sweep_seconds
        return await self.run_once() > 0

    async def run_once(self) -> int:
        """Fans out new events and starts sending what is due; returns how much it did."""
        now = self.clock()
        fanned = await webhook_deliveries.fan_out(now)
        room = MAX_IN_FLIGHT - len(self._in_flight)
        claimed = await webhook_deliveries.claim_due(now, batch=room) if room > 0 else []
        for delivery in claimed:
            task = asyncio.create_task(self._attempt(delivery))
            self._in_flight.add(task)
            task.add_done_callback(self._in_flight.discard)
        return fanned + len(claimed)

    async def sweep_expired(self) -> int:
        now = self.clock()
        total = 0
        while announced := await announce_expired(now):
            total += announced
        return total

    async def drain(self) -> None:
        """Waits for the deliveries in flight."""
        while self._in_flight:
            await asyncio.gather(*self._in_flight, return_exceptions=True)

    async def close(self) -> None:
        for task in self._in_flight:
            task.cancel()
        await asyncio.gather(*self._in_flight, return_exceptions=True)
        await self._client.aclose()

    async def _attempt(self, delivery: WebhookDelivery) -> None:
        try:
            await self.idle.turn()
            if await self._over_budget(delivery):
                return
            result = await self._send(delivery)
            status = await webhook_deliveries.record_attempt(
                delivery, result, self.policy, self.clock()
            )
        except Exception:
            # The lease runs out and another round retries it.
            logger.exception("webhook delivery %s could not be recorded", delivery.id)
            return
        self.metrics.webhook_deliveries.labels(_METRIC_RESULT[status]).inc()
        logger.info(
            "webhook delivery",
            extra={
                "fields": {
                    "delivery_id": delivery.id,
                    "endpoint_id": delivery.endpoint_id,
                    "attempt": delivery.attempts,
                    "response_status": result.response_status,
                    "result": _METRIC_RESULT[status],
                }
            },
        )

    async def _over_budget(self, delivery: WebhookDelivery) -> bool:
        """One organization's events must not flood its receivers: each endpoint gets at most
        its budget of deliveries a minute, and the rest wait, unsent, for the next minute."""
        now = self.clock()
        window = window_start(now)
        budget = self.settings.webhooks.deliveries_per_minute
        if await reserve(f"webhook:{delivery.endpoint_id}", window) <= budget:
            return False
        await webhook_deliveries.defer(
            delivery,
            window + WINDOW,
            f"deferred: this endpoint's {budget} deliveries a minute were spent",
        )
        self.metrics.webhook_deliveries.labels("deferred").inc()
        return True

    async def _send(self, delivery: WebhookDelivery) -> AttemptResult:
        endpoint = delivery.endpoint
        try:
            destination = await check_destination(
                endpoint.url, allow_internal=self.settings.webhooks_may_reach_internal_urls
            )
        except UnsafeUrlError as refusal:
            return AttemptResult(None, f"not sent: the URL {refusal}")
        # The signature's timestamp is the real time: receivers check it against their clock.
        now = datetime.now(UTC)
        body = delivery.event.payload
        headers = delivery_headers(
            webhook_deliveries.secrets_in_use(endpoint, self.clock()),
            message_id(delivery.event_id),
            now,
            body,
        )
        headers["host"] = destination.host_header
        extensions = (
            {} if destination.server_name is None else {"sni_hostname": destination.server_name}
        )
        try:
            # Streamed and never read: a receiver's answer is its status code alone.
            async with self._client.stream(
                "POST",
                destination.url,
                content=body.encode("utf-8"),
                headers=headers,
                extensions=extensions,
            ) as response:
                code = response.status_code
        except httpx.HTTPError:
            # One answer for refused, reset, unreachable, timed out and TLS failures alike:
            # the details would map the receiver's network for whoever reads the log.
            timeout = self.settings.webhooks.timeout_seconds
            return AttemptResult(None, f"no HTTP answer within {timeout:g} s")
        return AttemptResult(code, "" if 200 <= code < 300 else f"HTTP {code}")
