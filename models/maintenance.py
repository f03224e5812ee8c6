"""Housekeeping that any worker may run at any time: it only deletes what has expired."""

from __future__ import annotations

from datetime import datetime, timedelta

from models.db import rate_limits
from models.db.tables import IdempotencyRecord, Session
from models.webhooks import deliveries as webhook_deliveries

# The promise is "at least 24 hours"; a day's margin makes a retry at 24 h safe.
IDEMPOTENCY_KEYS_KEPT_FOR = timedelta(hours=48)
# Long after the last retry (about 27 hours), so a delivery can still be inspected and resent.
WEBHOOK_EVENTS_KEPT_FOR = timedelta(days=30)
# Expired sessions are kept a day, for the record of who was signed in.
SESSIONS_KEPT_FOR = timedelta(days=1)


async def prune(now: datetime) -> None:
    await rate_limits.prune(now)
    await IdempotencyRecord.filter(created_at__lt=now - IDEMPOTENCY_KEYS_KEPT_FOR).delete()
    await webhook_deliveries.prune(now, WEBHOOK_EVENTS_KEPT_FOR)
    await Session.filter(expires_at__lt=now - SESSIONS_KEPT_FOR).delete()
