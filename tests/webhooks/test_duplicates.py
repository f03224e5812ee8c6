"""A receiver that finishes its work after the dispatcher stopped waiting gets the event
again: at-least-once delivery, as the Standard Webhooks contract allows. Every copy carries
the same ``webhook-id`` and body, so a receiver that deduplicates on it sees each event
once. The test measures the duplicate rate of that worst case."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest
from standardwebhooks.webhooks import Webhook

from config import Settings
from models.db.tables import WebhookDelivery, WebhookDeliveryStatus
from models.webhooks.events import EventType
from tests.support.booking_factories import at, book, create_booking_team, upcoming_monday
from tests.support.link_factories import mint_one
from tests.support.webhook_factories import dispatcher_for, register_endpoint
from tests.support.webhook_receiver import webhook_receiver

pytestmark = pytest.mark.usefixtures("db")

EVENTS = 6  # every slot of a Monday morning
TIMEOUT_SECONDS = 0.2


async def test_a_receiver_slower_than_the_timeout_gets_duplicates_with_one_id(
    settings: Settings,
) -> None:
    team = await create_booking_team()
    dispatcher = dispatcher_for(settings, timeout_seconds=TIMEOUT_SECONDS, retry_delays=(0.05,))
    # The receiver records each request, then answers after the dispatcher gave up waiting.
    with webhook_receiver(delay_seconds=TIMEOUT_SECONDS * 3) as receiver:
        endpoint = await register_endpoint(team.admin, receiver.url, [EventType.BOOKING_CREATED])
        for slot in range(EVENTS):
            minted = await mint_one(team.owner, team.link)
            await book(minted.token, at(upcoming_monday(), f"{9 + slot // 2:02}:{slot % 2 * 3}0"))
        await dispatcher.run_once()
        await dispatcher.drain()
        receiver.delay_seconds = 0  # the receiver is fast again
        await asyncio.sleep(0.1)
        await dispatcher.run_once()
        await dispatcher.drain()
        received = receiver.wait_for(2 * EVENTS)
    await dispatcher.close()

    ids = Counter(request.headers["webhook-id"] for request in received)
    duplicates = len(received) - len(ids)
    print(f"\n{EVENTS} events, {len(received)} requests: duplicate rate {duplicates / EVENTS:.0%}")
    assert len(ids) == EVENTS
    assert set(ids.values()) == {2}
    for webhook_id in ids:
        copies = {r.body for r in received if r.headers["webhook-id"] == webhook_id}
        assert len(copies) == 1, "every copy of one event has the same body"
    for request in received:
        Webhook(endpoint.secret).verify(request.body, request.headers)
    succeeded = await WebhookDelivery.filter(status=WebhookDeliveryStatus.SUCCEEDED).count()
    assert succeeded == EVENTS
