"""Housekeeping deletes only what has expired, a bounded batch per statement: rate-limit
counters, idempotency records, webhook events nothing waits on (no delivery, no message),
expired sessions, refused attempts older than a year."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from models import maintenance
from models.accounts.sessions import open_session
from models.db.tables import (
    IdempotencyRecord,
    Notification,
    NotificationChannel,
    RateLimitCounter,
    RefusedAttempt,
    Session,
    WebhookDelivery,
    WebhookDeliveryStatus,
    WebhookEvent,
)
from tests.support.booking_factories import at, book, create_booking_team, upcoming_monday
from tests.support.databases import Backend
from tests.support.link_factories import mint
from tests.support.webhook_factories import register_endpoint

NOW = datetime.now(UTC)
LONG_AGO = NOW - timedelta(days=90)


async def test_only_expired_rows_go_a_batch_at_a_time(db: Backend) -> None:
    # given 25 old rate-limit windows and 3 current ones
    for n in range(25):
        await RateLimitCounter.create(bucket=f"old-{n}", window_start=LONG_AGO, count=1)
    for n in range(3):
        await RateLimitCounter.create(bucket=f"now-{n}", window_start=NOW, count=1)
    # 4 bookings with idempotency keys, 3 of them from long ago
    team = await create_booking_team()
    minted = await mint(team.owner, team.link, count=4)
    for n, child in enumerate(minted):
        await book(
            child.token,
            at(upcoming_monday(), ("09:00", "10:00", "11:00", "11:30")[n]),
            idempotency_key=f"retry-key-{n:04d}-abcdef",
        )
    old_records = [record.id for record in await IdempotencyRecord.all().order_by("id")][:3]
    await IdempotencyRecord.filter(id__in=old_records).update(created_at=LONG_AGO)
    # webhook events: the minting's and bookings' events, all old, fanned out and notified;
    # one of them still has a delivery waiting, one a message unsent, one is not yet notified
    endpoint = await register_endpoint(team.admin, "https://hooks.example/in")
    events = await WebhookEvent.all().order_by("id")
    await WebhookEvent.all().update(occurred_at=LONG_AGO, fanned_out=True, notified=True)
    waiting, unsent, unnotified = events[0], events[1], events[2]
    await WebhookDelivery.create(
        event_id=waiting.id,
        endpoint_id=endpoint.endpoint.id,
        status=WebhookDeliveryStatus.PENDING,
        next_attempt_at=NOW,
    )
    await Notification.create(
        event_id=unsent.id,
        channel=NotificationChannel.EMAIL,
        recipient="jane@prospect.example",
        booking_id=1,
        next_attempt_at=NOW,
    )
    await WebhookEvent.filter(id=unnotified.id).update(notified=False)
    # three refused attempts, one of them from more than a year ago
    spent = minted[0]
    for occurred_at in (NOW - timedelta(days=400), NOW - timedelta(days=30), NOW):
        await RefusedAttempt.create(
            organization_id=team.link.organization_id,
            link_id=team.link.id,
            single_use_link_id=spent.single_use_link.id,
            reason="USED",
            invitee_email="late@prospect.example",
            occurred_at=occurred_at,
        )
    # two sessions, one expired long ago
    await open_session(team.owner.key)
    await open_session(team.admin.key)
    [expired, _] = await Session.all().order_by("id")
    await Session.filter(id=expired.id).update(expires_at=LONG_AGO)

    # when it runs with batches of 10
    deleted = await maintenance.prune(NOW, batch=10)

    # then exactly the expired rows are gone
    assert deleted == {
        "rate_limit_counters": 25,
        "idempotency_records": 3,
        "webhook_events": len(events) - 3,
        "sessions": 1,
        "refused_attempts": 1,
    }
    assert sorted(row.bucket for row in await RateLimitCounter.all()) == ["now-0", "now-1", "now-2"]
    assert await IdempotencyRecord.all().count() == 1
    assert sorted(event.id for event in await WebhookEvent.all()) == sorted(
        [waiting.id, unsent.id, unnotified.id]
    )
    assert await Session.filter(id=expired.id).count() == 0
    assert await Session.all().count() == 1
    assert await RefusedAttempt.all().count() == 2
    # and a second run finds nothing more
    assert set((await maintenance.prune(NOW, batch=10)).values()) == {0}
