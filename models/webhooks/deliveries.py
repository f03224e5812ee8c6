"""The delivery side of the outbox: fanning events out to endpoints, claiming due deliveries,
and recording what each attempt gave.

Both the fan-out and the claim are single statements that pick rows and mark them at once, so
any number of dispatchers (workers, machines) may run side by side: on PostgreSQL
``FOR UPDATE SKIP LOCKED`` lets each take rows the others did not, on SQLite the database's
single writer does the same. A claimed delivery is leased, not locked: the dispatcher that
claimed it sends it outside any transaction, and if that dispatcher dies, another takes the
delivery over once the lease has run out.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet

from models.db import sql
from models.db.tables import (
    Notification,
    NotificationStatus,
    WebhookDelivery,
    WebhookDeliveryStatus,
    WebhookEndpoint,
    WebhookEndpointStatus,
    WebhookEvent,
)
from models.db.transactions import transaction

# Consecutive failed attempts after which an endpoint shows as failing.
FAILING_AFTER = 5
LEASE = timedelta(minutes=2)
BATCH = 50


_FAN_OUT = """
UPDATE webhook_events SET fanned_out = :yes
WHERE fanned_out = :no AND id IN (
    SELECT id FROM webhook_events WHERE fanned_out = :no ORDER BY id LIMIT :batch {lock}
)
RETURNING id
"""

_CLAIM = """
UPDATE webhook_deliveries
SET attempts = attempts + 1, next_attempt_at = :lease_until, last_attempt_at = :now
WHERE status = :pending AND next_attempt_at <= :now AND id IN (
    SELECT d.id FROM webhook_deliveries d
    WHERE d.status = :pending AND d.next_attempt_at <= :now
      AND d.endpoint_id IN (SELECT e.id FROM webhook_endpoints e WHERE e.status <> :disabled)
    ORDER BY d.next_attempt_at, d.id LIMIT :batch {lock}
)
RETURNING id
"""


# A success clears the failure count and ends FAILING (never DISABLED); a failure counts, and
# the FAILING_AFTER-th in a row marks an active endpoint failing.
_ENDPOINT_SUCCEEDED = """
UPDATE webhook_endpoints
SET consecutive_failures = 0,
    status = CASE WHEN status = :failing THEN :active ELSE status END
WHERE id = :id AND (consecutive_failures > 0 OR status = :failing)
"""
_ENDPOINT_FAILED = """
UPDATE webhook_endpoints
SET consecutive_failures = consecutive_failures + 1,
    status = CASE WHEN status = :active AND consecutive_failures + 1 >= :failing_after
                  THEN :failing ELSE status END
WHERE id = :id
"""


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Seconds to wait after each failed attempt; by default 8 attempts over about 27 hours."""

    delays: tuple[float, ...]

    @property
    def max_attempts(self) -> int:
        return len(self.delays) + 1

    def next_attempt_at(self, attempts_made: int, now: datetime) -> datetime | None:
        """None once every attempt is spent. A tenth of jitter keeps a recovering receiver
        from being hit by every queued retry in the same second."""
        if attempts_made >= self.max_attempts:
            return None
        delay = self.delays[attempts_made - 1]
        return now + timedelta(seconds=delay * random.uniform(0.9, 1.1))  # noqa: S311


@dataclass(frozen=True, slots=True)
class AttemptResult:
    response_status: int | None
    error: str

    @property
    def succeeded(self) -> bool:
        return self.response_status is not None and 200 <= self.response_status < 300


async def fan_out(now: datetime) -> int:
    """Turns up to a batch of new events into deliveries; returns how many events it took."""
    # A read first: an idle dispatcher must not take SQLite's write lock every round.
    if not await WebhookEvent.filter(fanned_out=False).exists():
        return 0
    async with transaction():
        rows = await sql.fetch(
            _FAN_OUT.format(lock=sql.skip_locked()), {"yes": True, "no": False, "batch": BATCH}
        )
        event_ids = [int(row["id"]) for row in rows]
        if not event_ids:
            return 0
        events = await WebhookEvent.filter(id__in=event_ids).only(
            "id", "organization_id", "link_owner_id", "type"
        )
        endpoints = await WebhookEndpoint.filter(
            organization_id__in={event.organization_id for event in events},
            status__not=WebhookEndpointStatus.DISABLED,
        ).only("id", "organization_id", "owner_id", "events")
        deliveries = [
            WebhookDelivery(event_id=event.id, endpoint_id=endpoint.id, next_attempt_at=now)
            for event in sorted(events, key=lambda event: event.id)
            for endpoint in endpoints
            if _listens(endpoint, event)
        ]
        if deliveries:
            await WebhookDelivery.bulk_create(deliveries)
    return len(event_ids)


def _listens(endpoint: WebhookEndpoint, event: WebhookEvent) -> bool:
    return (
        endpoint.organization_id == event.organization_id
        and (endpoint.owner_id is None or endpoint.owner_id == event.link_owner_id)
        and event.type in endpoint.events
    )


async def claim_due(now: datetime, *, batch: int = BATCH) -> list[WebhookDelivery]:
    """Due deliveries, leased to the caller, with their event and endpoint loaded."""
    due = WebhookDelivery.filter(status=WebhookDeliveryStatus.PENDING, next_attempt_at__lte=now)
    if not await due.exists():
        return []
    rows = await sql.fetch(
        _CLAIM.format(lock=sql.skip_locked()),
        {
            "lease_until": now + LEASE,
            "now": now,
            "pending": WebhookDeliveryStatus.PENDING.value,
            "disabled": WebhookEndpointStatus.DISABLED.value,
            "batch": batch,
        },
    )
    if not rows:
        return []
    claimed = await WebhookDelivery.filter(id__in=[int(row["id"]) for row in rows]).select_related(
        "event", "endpoint"
    )
    return sorted(claimed, key=lambda delivery: delivery.id)


async def record_attempt(
    delivery: WebhookDelivery, result: AttemptResult, policy: RetryPolicy, now: datetime
) -> WebhookDeliveryStatus:
    """Stores one attempt's result. Conditional on the attempt count seen when claiming: if
    the lease ran out and another dispatcher took the delivery over, its result stands."""
    ours = WebhookDelivery.filter(
        id=delivery.id, status=WebhookDeliveryStatus.PENDING, attempts=delivery.attempts
    )
    fields = {"last_response_status": result.response_status, "last_error": result.error[:500]}
    async with transaction():
        if result.succeeded:
            status = WebhookDeliveryStatus.SUCCEEDED
            await ours.update(status=status, delivered_at=now, **fields)
        else:
            retry_at = policy.next_attempt_at(delivery.attempts, now)
            if retry_at is None:
                status = WebhookDeliveryStatus.FAILED
                await ours.update(status=status, **fields)
            else:
                status = WebhookDeliveryStatus.PENDING
                await ours.update(next_attempt_at=retry_at, **fields)
        await sql.execute(
            _ENDPOINT_SUCCEEDED if result.succeeded else _ENDPOINT_FAILED,
            {
                "id": delivery.endpoint_id,
                "active": WebhookEndpointStatus.ACTIVE.value,
                "failing": WebhookEndpointStatus.FAILING.value,
                "failing_after": FAILING_AFTER,
            },
        )
        return status


async def defer(delivery: WebhookDelivery, until: datetime, reason: str) -> None:
    """Hands a claimed delivery back unsent, to be tried from ``until``: the claim's attempt
    is given back too, so a deferral never uses up a retry."""
    await WebhookDelivery.filter(
        id=delivery.id, status=WebhookDeliveryStatus.PENDING, attempts=delivery.attempts
    ).update(attempts=delivery.attempts - 1, next_attempt_at=until, last_error=reason[:500])


def secrets_in_use(endpoint: WebhookEndpoint, now: datetime) -> list[str]:
    previous = endpoint.previous_secret
    expires = endpoint.previous_secret_expires_at
    if previous and expires is not None and expires > now:
        return [endpoint.secret, previous]
    return [endpoint.secret]


def prunable_events(now: datetime, kept_for: timedelta) -> QuerySet[WebhookEvent]:
    """Events (and, deleted with them, their deliveries and notifications) older than
    ``kept_for`` that nothing still waits on."""
    waiting = Subquery(
        WebhookDelivery.filter(status=WebhookDeliveryStatus.PENDING).values("event_id")
    )
    unsent = Subquery(Notification.filter(status=NotificationStatus.PENDING).values("event_id"))
    return (
        WebhookEvent.filter(fanned_out=True, notified=True, occurred_at__lt=now - kept_for)
        .exclude(id__in=waiting)
        .exclude(id__in=unsent)
    )
