"""Housekeeping that any worker may run at any time: it only deletes what has expired, a
bounded batch per statement, so that no sweep holds a lock for long whatever it finds."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

from tortoise.models import Model
from tortoise.queryset import QuerySet

from models.db import rate_limits
from models.db.tables import IdempotencyRecord, RefusedAttempt, Session
from models.webhooks import deliveries as webhook_deliveries

# The promise is "at least 24 hours"; a day's margin makes a retry at 24 h safe.
IDEMPOTENCY_KEYS_KEPT_FOR = timedelta(hours=48)
# Long after the last retry (about 27 hours), so a delivery can still be inspected and resent.
WEBHOOK_EVENTS_KEPT_FOR = timedelta(days=30)
# Expired sessions are kept a day, for the record of who was signed in.
SESSIONS_KEPT_FOR = timedelta(days=1)
# Refused attempts to use a spent or closed link: a year, as long as a report looks back.
REFUSED_ATTEMPTS_KEPT_FOR = timedelta(days=366)
# Rows deleted per statement.
BATCH = 1_000


async def prune(now: datetime, *, batch: int = BATCH) -> dict[str, int]:
    """How many rows of each kind it deleted."""
    return {
        "rate_limit_counters": await _in_batches(rate_limits.prunable_counters(now), batch),
        "idempotency_records": await _in_batches(
            IdempotencyRecord.filter(created_at__lt=now - IDEMPOTENCY_KEYS_KEPT_FOR), batch
        ),
        "webhook_events": await _in_batches(
            webhook_deliveries.prunable_events(now, WEBHOOK_EVENTS_KEPT_FOR), batch
        ),
        "sessions": await _in_batches(
            Session.filter(expires_at__lt=now - SESSIONS_KEPT_FOR), batch
        ),
        "refused_attempts": await _in_batches(
            RefusedAttempt.filter(occurred_at__lt=now - REFUSED_ATTEMPTS_KEPT_FOR), batch
        ),
    }


async def _in_batches(rows: QuerySet[Any], batch: int) -> int:
    """Deletes ``rows`` ``batch`` at a time, each batch its own statement, oldest ids first."""
    model: type[Model] = rows.model
    deleted = 0
    while True:
        ids = await rows.order_by("id").limit(batch).values_list("id", flat=True)
        if not ids:
            return deleted
        deleted += await model.filter(id__in=list(ids)).delete()
        if len(ids) < batch:
            return deleted
        await asyncio.sleep(0)  # let requests in between batches
