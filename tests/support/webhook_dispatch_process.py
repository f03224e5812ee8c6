"""One dispatcher in a process of its own, for the exactly-once test: it waits for a line on
stdin, dispatches until nothing is left to send, and prints how many deliveries it sent.

Run as ``python -m tests.support.webhook_dispatch_process DATABASE_URL``.
"""

from __future__ import annotations

import asyncio
import sys
import time
from dataclasses import replace

from background.webhook_dispatcher import WebhookDispatcher
from config import Environment, Settings, WebhookSettings
from models.db.tables import WebhookDelivery, WebhookDeliveryStatus, WebhookEvent
from observability.metrics import Metrics
from tests.support.factories import open_database

DEADLINE_SECONDS = 60


async def dispatch(database_url: str) -> int:
    settings = Settings(
        database_url=database_url,
        public_url="https://slotlink.test",
        environment=Environment.DEVELOPMENT,
    )
    settings = replace(settings, webhooks=WebhookSettings(timeout_seconds=5))
    async with open_database(database_url):
        dispatcher = WebhookDispatcher(settings, Metrics())
        print("ready", flush=True)
        await asyncio.to_thread(sys.stdin.readline)
        deadline = time.monotonic() + DEADLINE_SECONDS
        try:
            while time.monotonic() < deadline:
                await dispatcher.run_once()
                if not await _work_left():
                    break
                await asyncio.sleep(0.001)
            await dispatcher.drain()
        finally:
            await dispatcher.close()
        sent = dispatcher.metrics.registry.get_sample_value(
            "slotlink_webhook_deliveries_total", {"result": "succeeded"}
        )
        return int(sent or 0)


async def _work_left() -> bool:
    return (
        await WebhookEvent.filter(fanned_out=False).exists()
        or await WebhookDelivery.filter(status=WebhookDeliveryStatus.PENDING).exists()
    )


if __name__ == "__main__":
    print(f"sent {asyncio.run(dispatch(sys.argv[1]))}", flush=True)
