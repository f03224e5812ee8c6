"""Housekeeping that any worker may run at any time: it only deletes what has expired."""

from __future__ import annotations

from datetime import datetime, timedelta

from models import rate_limits
from models.tables import IdempotencyRecord

# The promise is "at least 24 hours"; a day's margin makes a retry at 24 h safe.
IDEMPOTENCY_KEYS_KEPT_FOR = timedelta(hours=48)


async def prune(now: datetime) -> None:
    await rate_limits.prune(now)
    await IdempotencyRecord.filter(created_at__lt=now - IDEMPOTENCY_KEYS_KEPT_FOR).delete()
