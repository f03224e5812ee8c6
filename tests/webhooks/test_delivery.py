"""Sending webhooks to a real receiver on 127.0.0.1: signatures that the Standard Webhooks
library verifies, retries with back-off, failing endpoints, redelivery and refusals."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import orjson
import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from background.webhook_dispatcher import WebhookDispatcher
from config import Environment, Settings
from models.booking.bookings import Actor, cancel_booking
from models.db.tables import (
    WebhookDelivery,
    WebhookDeliveryStatus,
    WebhookEndpoint,
    WebhookEndpointStatus,
    WebhookEvent,
)
from models.webhooks import urls
from models.webhooks.deliveries import FAILING_AFTER
from models.webhooks.endpoints import redeliver, rotate_secret, set_enabled
from models.webhooks.events import EventType
from tests.support.booking_factories import at, book, create_booking_team, upcoming_monday
from tests.support.link_factories import Team, mint_one, viewer_of
from tests.support.webhook_factories import Clock, dispatcher_for, register_endpoint
from tests.support.webhook_receiver import webhook_receiver

pytestmark = pytest.mark.usefixtures("db")


@pytest.fixture
async def team() -> Team:
    team = await create_booking_team()
    return team


@pytest.fixture
async def dispatcher(settings: Settings) -> AsyncIterator[WebhookDispatcher]:
    dispatcher = dispatcher_for(settings)
    yield dispatcher
    await dispatcher.close()


async def _dispatch(dispatcher: WebhookDispatcher, now: datetime | None = None) -> int:
    """One round at ``now`` (the dispatcher's clock stays there afterwards)."""
    if now is not None:
        assert isinstance(dispatcher.clock, Clock)
        dispatcher.clock.now = now
    started = await dispatcher.run_once()
    await dispatcher.drain()
    return started


async def _delivery() -> WebhookDelivery:
    return await WebhookDelivery.get()


async def test_a_booking_reaches_the_receiver_signed_and_verifiable(
    team: Team, dispatcher: WebhookDispatcher
) -> None:
    with webhook_receiver() as receiver:
        # given
        endpoint = await register_endpoint(team.admin, receiver.url, [EventType.BOOKING_CREATED])
        minted = await mint_one(team.owner, team.link)
        booked = await book(minted.token, at(upcoming_monday(), "09:00"))
        # when
        await _dispatch(dispatcher)
        # then
        [request] = receiver.wait_for(1)
    payload = Webhook(endpoint.secret).verify(request.body, request.headers)
    assert payload["type"] == "booking.created"
    assert payload["data"]["booking"]["invitee"]["email"] == booked.booking.invitee_email
    event = await WebhookEvent.get(type="booking.created")
    assert request.headers["webhook-id"] == f"evt_{event.id}"
    assert request.headers["content-type"] == "application/json"
    with pytest.raises(WebhookVerificationError):
        Webhook("whsec_" + "A" * 44).verify(request.body, request.headers)
    delivery = await _delivery()
    assert (delivery.status, delivery.attempts, delivery.last_response_status) == (
        WebhookDeliveryStatus.SUCCEEDED,
        1,
        200,
    )


async def test_endpoints_hear_only_their_events_and_members_only_their_links(
    team: Team, dispatcher: WebhookDispatcher
) -> None:
    with webhook_receiver() as receiver:
        await register_endpoint(team.admin, receiver.url, [EventType.SINGLE_USE_LINK_CREATED])
        await register_endpoint(team.other, receiver.url)  # Olga owns no link
        await register_endpoint(team.owner, receiver.url, [EventType.BOOKING_CREATED])
        await mint_one(team.owner, team.link)
        await book("acme/discovery-call", at(upcoming_monday(), "10:00"))
        await _dispatch(dispatcher)
        received = receiver.wait_for(2)
    assert sorted(orjson.loads(r.body)["type"] for r in received) == [
        "booking.created",
        "single_use_link.created",
    ]
    assert await WebhookDelivery.all().count() == 2


async def test_failed_attempts_are_retried_with_back_off_until_the_receiver_recovers(
    team: Team, dispatcher: WebhookDispatcher
) -> None:
    with webhook_receiver(answers=[500, 503]) as receiver:
        # given: a receiver that fails twice, then answers 200
        endpoint = await register_endpoint(team.admin, receiver.url)
        await mint_one(team.owner, team.link)
        t0 = datetime.now(UTC)
        # when / then: the first attempt fails and waits the first delay (0.05 s, +-10 %)
        await _dispatch(dispatcher, t0)
        first = await _delivery()
        assert (first.status, first.attempts, first.last_response_status) == (
            WebhookDeliveryStatus.PENDING,
            1,
            500,
        )
        assert first.last_error == "HTTP 500"
        assert first.last_attempt_at == t0
        delay = first.next_attempt_at - t0
        assert timedelta(seconds=0.045) <= delay <= timedelta(seconds=0.055)
        # nothing is sent before the retry is due
        assert await _dispatch(dispatcher, first.next_attempt_at - timedelta(seconds=0.01)) == 0
        # the second attempt fails too, and waits the second delay (0.1 s, +-10 %)
        t1 = first.next_attempt_at + timedelta(seconds=0.001)
        await _dispatch(dispatcher, t1)
        second = await _delivery()
        assert (second.attempts, second.last_response_status) == (2, 503)
        delay = second.next_attempt_at - t1
        assert timedelta(seconds=0.09) <= delay <= timedelta(seconds=0.11)
        # the third succeeds
        await _dispatch(dispatcher, second.next_attempt_at + timedelta(seconds=0.001))
        received = receiver.wait_for(3)
    third = await _delivery()
    assert (third.status, third.attempts, third.last_response_status) == (
        WebhookDeliveryStatus.SUCCEEDED,
        3,
        200,
    )
    assert len({r.headers["webhook-id"] for r in received}) == 1
    for request in received:
        Webhook(endpoint.secret).verify(request.body, request.headers)
    stored = await WebhookEndpoint.get(id=endpoint.endpoint.id)
    assert (stored.status, stored.consecutive_failures) == (WebhookEndpointStatus.ACTIVE, 0)


async def test_a_delivery_gives_up_after_its_last_attempt(team: Team, settings: Settings) -> None:
    dispatcher = dispatcher_for(settings, retry_delays=(0.01, 0.01))
    try:
        with webhook_receiver(answers=[500, 500, 500, 500]) as receiver:
            await register_endpoint(team.admin, receiver.url)
            await mint_one(team.owner, team.link)
            now = datetime.now(UTC)
            for step in range(5):
                await _dispatch(dispatcher, now + timedelta(seconds=step))
            received = receiver.wait_for(3)
    finally:
        await dispatcher.close()
    assert len(received) == 3
    delivery = await _delivery()
    assert (delivery.status, delivery.attempts) == (WebhookDeliveryStatus.FAILED, 3)


async def test_an_endpoint_is_marked_failing_after_repeated_errors_and_recovers(
    team: Team, settings: Settings
) -> None:
    dispatcher = dispatcher_for(settings, retry_delays=(0.01,) * FAILING_AFTER)
    try:
        with webhook_receiver(answers=[500] * FAILING_AFTER) as receiver:
            endpoint = await register_endpoint(team.admin, receiver.url)
            await mint_one(team.owner, team.link)
            now = datetime.now(UTC)
            for step in range(FAILING_AFTER):
                await _dispatch(dispatcher, now + timedelta(seconds=step))
            failing = await WebhookEndpoint.get(id=endpoint.endpoint.id)
            assert (failing.status, failing.consecutive_failures) == (
                WebhookEndpointStatus.FAILING,
                FAILING_AFTER,
            )
            await _dispatch(dispatcher, now + timedelta(seconds=FAILING_AFTER + 1))
            receiver.wait_for(FAILING_AFTER + 1)
    finally:
        await dispatcher.close()
    recovered = await WebhookEndpoint.get(id=endpoint.endpoint.id)
    assert (recovered.status, recovered.consecutive_failures) == (WebhookEndpointStatus.ACTIVE, 0)


async def test_a_receiver_that_does_not_answer_in_time_is_a_failed_attempt(
    team: Team, settings: Settings
) -> None:
    dispatcher = dispatcher_for(settings, timeout_seconds=0.2)
    try:
        with webhook_receiver(delay_seconds=1.0) as receiver:
            await register_endpoint(team.admin, receiver.url)
            await mint_one(team.owner, team.link)
            await _dispatch(dispatcher)
    finally:
        await dispatcher.close()
    delivery = await _delivery()
    assert delivery.status is WebhookDeliveryStatus.PENDING
    assert delivery.last_response_status is None
    assert delivery.last_error == "no HTTP answer within 0.2 s"


async def test_after_a_rotation_both_secrets_verify_for_a_while(
    team: Team, dispatcher: WebhookDispatcher
) -> None:
    with webhook_receiver() as receiver:
        old = await register_endpoint(team.admin, receiver.url)
        rotated = await rotate_secret(
            await viewer_of(team.admin), old.endpoint.id, datetime.now(UTC)
        )
        await mint_one(team.owner, team.link)
        await _dispatch(dispatcher)
        [request] = receiver.wait_for(1)
    assert rotated.secret != old.secret
    Webhook(old.secret).verify(request.body, request.headers)
    Webhook(rotated.secret).verify(request.body, request.headers)
    assert len(request.headers["webhook-signature"].split(" ")) == 2


async def test_redelivery_sends_the_same_event_again_with_the_same_id(
    team: Team, dispatcher: WebhookDispatcher
) -> None:
    with webhook_receiver() as receiver:
        await register_endpoint(team.admin, receiver.url)
        await mint_one(team.owner, team.link)
        await _dispatch(dispatcher)
        first = await _delivery()
        again = await redeliver(await viewer_of(team.admin), first.id, datetime.now(UTC))
        await _dispatch(dispatcher)
        received = receiver.wait_for(2)
    assert again.id != first.id
    assert received[0].headers["webhook-id"] == received[1].headers["webhook-id"]
    assert received[0].body == received[1].body


async def test_a_disabled_endpoint_gets_nothing_until_enabled_again(
    team: Team, dispatcher: WebhookDispatcher
) -> None:
    with webhook_receiver() as receiver:
        endpoint = await register_endpoint(team.admin, receiver.url)
        await mint_one(team.owner, team.link)
        await _dispatch(dispatcher)
        receiver.wait_for(1)
        viewer = await viewer_of(team.admin)
        await set_enabled(viewer, endpoint.endpoint.id, enabled=False)
        booked = await book("acme/discovery-call", at(upcoming_monday(), "10:00"))
        await cancel_booking(booked.booking, Actor.invitee())
        await _dispatch(dispatcher)
        assert len(receiver.received) == 1
        await set_enabled(viewer, endpoint.endpoint.id, enabled=True)
        booked = await book("acme/discovery-call", at(upcoming_monday(), "11:00"))
        await _dispatch(dispatcher)
        received = receiver.wait_for(2)
    # Events that occurred while it was disabled are not fanned out to it.
    assert (
        orjson.loads(received[1].body)["data"]["booking"]["id"]
        == orjson.loads(
            (await WebhookEvent.filter(type="booking.created").order_by("-id").first()).payload  # type: ignore[union-attr]
        )["data"]["booking"]["id"]
    )


async def test_in_production_an_internal_address_is_not_sent_to(
    team: Team, settings: Settings
) -> None:
    # given: an endpoint saved while internal addresses were allowed
    dispatcher = dispatcher_for(settings, environment=Environment.PRODUCTION)
    try:
        with webhook_receiver() as receiver:
            await register_endpoint(team.admin, receiver.url)
            await mint_one(team.owner, team.link)
            # when
            await _dispatch(dispatcher)
            # then
            assert receiver.received == []
    finally:
        await dispatcher.close()
    delivery = await _delivery()
    assert delivery.status is WebhookDeliveryStatus.PENDING
    assert delivery.last_error == "not sent: the URL must name a host with public addresses only"


async def test_delivery_results_are_counted_in_metrics(team: Team, settings: Settings) -> None:
    dispatcher = dispatcher_for(settings)
    try:
        with webhook_receiver(answers=[500]) as receiver:
            await register_endpoint(team.admin, receiver.url)
            await mint_one(team.owner, team.link)
            now = datetime.now(UTC)
            await _dispatch(dispatcher, now)
            await _dispatch(dispatcher, now + timedelta(seconds=1))
            receiver.wait_for(2)
        exposition = dispatcher.metrics.exposition().decode()
    finally:
        await dispatcher.close()
    assert 'slotlink_webhook_deliveries_total{result="failed_will_retry"} 1.0' in exposition
    assert 'slotlink_webhook_deliveries_total{result="succeeded"} 1.0' in exposition


async def test_in_production_a_delivery_goes_to_the_checked_address_under_its_name(
    team: Team, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a production dispatcher, for which (only in this test) loopback counts as public,
    # and an endpoint saved by name
    monkeypatch.setattr(urls, "is_internal", lambda _address: False)
    dispatcher = dispatcher_for(settings, allow_internal_urls=False)
    try:
        with webhook_receiver() as receiver:
            named = receiver.url.replace("127.0.0.1", "localhost")
            await register_endpoint(team.admin, named)
            # when a delivery is sent
            await mint_one(team.owner, team.link)
            await _dispatch(dispatcher)
            [received] = receiver.received
    finally:
        await dispatcher.close()
    # then it reached the address the name was checked at, and still names the host
    assert received.headers["host"] == urlsplit(named).netloc
    assert (await _delivery()).status is WebhookDeliveryStatus.SUCCEEDED


async def test_an_endpoint_gets_at_most_its_budget_a_minute_and_the_rest_waits(
    team: Team, settings: Settings
) -> None:
    # given an endpoint allowed two deliveries a minute, and three events for it
    start = datetime(2030, 1, 7, 9, 0, 10, tzinfo=UTC)
    clock = Clock(now=start)
    dispatcher = dispatcher_for(settings, clock=clock, deliveries_per_minute=2)
    try:
        with webhook_receiver() as receiver:
            await register_endpoint(team.admin, receiver.url)
            for _ in range(3):
                await mint_one(team.owner, team.link)
            # when the dispatcher runs within one minute
            await _dispatch(dispatcher)
            sent_this_minute = len(receiver.received)
            # (the deliveries run concurrently: which one waits is not fixed)
            [waiting] = await WebhookDelivery.filter(status=WebhookDeliveryStatus.PENDING)
            # and again in the next minute
            await _dispatch(dispatcher, start + timedelta(minutes=1))
            sent_in_all = len(receiver.received)
    finally:
        await dispatcher.close()
    # then two went out; the third waited unsent, with no attempt spent and the reason shown,
    # and went out the next minute
    assert (sent_this_minute, sent_in_all) == (2, 3)
    assert (waiting.status, waiting.attempts) == (WebhookDeliveryStatus.PENDING, 0)
    assert waiting.last_error == "deferred: this endpoint's 2 deliveries a minute were spent"
    assert waiting.next_attempt_at == datetime(2030, 1, 7, 9, 1, tzinfo=UTC)
    deliveries = await WebhookDelivery.all().order_by("id")
    assert [(d.status, d.attempts) for d in deliveries] == [
        (WebhookDeliveryStatus.SUCCEEDED, 1)
    ] * 3
