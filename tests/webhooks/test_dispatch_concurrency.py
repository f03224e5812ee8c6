"""Two dispatchers in separate processes on one database deliver every event exactly once."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import pytest

from models.db.tables import WebhookDelivery, WebhookDeliveryStatus
from models.webhooks.events import EventType
from tests.support.booking_factories import create_booking_team
from tests.support.databases import Backend
from tests.support.link_factories import mint
from tests.support.live_server import ROOT
from tests.support.webhook_factories import register_endpoint
from tests.support.webhook_receiver import webhook_receiver

EVENTS = 300

pytestmark = pytest.mark.slow


def _run_dispatchers(database_url: str, count: int) -> list[int]:
    """Starts ``count`` dispatcher processes, lets them go at once, and returns how many
    deliveries each sent."""
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.support.webhook_dispatch_process", database_url],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]
    try:
        for process in processes:
            assert process.stdout is not None
            assert process.stdout.readline().strip() == "ready"
        for process in processes:
            assert process.stdin is not None
            process.stdin.write("go\n")
            process.stdin.flush()
        outputs = [process.communicate(timeout=90)[0] for process in processes]
    finally:
        for process in processes:
            process.kill()
    return [int(output.strip().rsplit(" ", 1)[1]) for output in outputs]


async def test_two_dispatcher_processes_deliver_each_event_exactly_once(db: Backend) -> None:
    # given: 300 events waiting in the outbox, and a receiver slow enough to keep
    # deliveries in flight while the other process claims
    team = await create_booking_team()
    with webhook_receiver(delay_seconds=0.02) as receiver:
        await register_endpoint(team.admin, receiver.url, [EventType.SINGLE_USE_LINK_CREATED])
        await mint(team.owner, team.link, count=EVENTS)
        # when: two dispatchers start at once
        sent = await asyncio.to_thread(_run_dispatchers, db.url, 2)
        received = list(receiver.received)
    # then: every event arrived once, and both processes took part
    ids = [request.headers["webhook-id"] for request in received]
    assert len(ids) == EVENTS
    assert len(set(ids)) == EVENTS
    deliveries = await WebhookDelivery.all()
    assert len(deliveries) == EVENTS
    assert {(d.status, d.attempts) for d in deliveries} == {(WebhookDeliveryStatus.SUCCEEDED, 1)}
    assert sum(sent) == EVENTS
    assert all(count > 0 for count in sent), sent
