"""Counting failed token lookups per client address and per token prefix, in fixed one-minute
windows kept in the database so that every worker and machine of a deployment shares them.

A lookup reserves its place before it runs (``reserve``: one statement that adds one and
answers the new count), so concurrent lookups can never pass the limit together; a lookup
that succeeds gives its place back (``release``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from tortoise.queryset import QuerySet

from models.db import sql
from models.db.tables import RateLimitCounter

WINDOW = timedelta(minutes=1)
KEPT_FOR = timedelta(hours=1)

_RECORD = """
INSERT INTO rate_limit_counters (bucket, window_start, count)
VALUES {rows}
ON CONFLICT (bucket, window_start) DO UPDATE SET count = rate_limit_counters.count + 1
"""


def window_start(now: datetime) -> datetime:
    return now.astimezone(UTC).replace(second=0, microsecond=0)


def seconds_left(now: datetime) -> int:
    return max(1, int((window_start(now) + WINDOW - now).total_seconds() + 0.999))


_RESERVE = """
INSERT INTO rate_limit_counters (bucket, window_start, count) VALUES (:bucket, :window, 1)
ON CONFLICT (bucket, window_start) DO UPDATE SET count = rate_limit_counters.count + 1
RETURNING count
"""

_RELEASE = """
UPDATE rate_limit_counters SET count = count - 1
WHERE bucket = :bucket AND window_start = :window AND count > 0
"""

_ISSUED_PREFIX = """
SELECT 1 AS issued FROM single_use_links WHERE token_prefix = :prefix
UNION ALL
SELECT 1 AS issued FROM bookings WHERE manage_token_prefix = :prefix
LIMIT 1
"""


async def reserve(bucket: str, window: datetime) -> int:
    """Adds one to the bucket's count in ``window`` and answers the count with it."""
    rows = await sql.fetch(_RESERVE, {"bucket": bucket, "window": window})
    return int(rows[0]["count"])


async def release(bucket: str, window: datetime) -> None:
    """Gives back a place taken by ``reserve`` in the same window."""
    await sql.execute(_RELEASE, {"bucket": bucket, "window": window})


async def is_issued_token_prefix(prefix: str) -> bool:
    """Whether some single-use link or manage token starts with ``prefix``."""
    return bool(await sql.fetch(_ISSUED_PREFIX, {"prefix": prefix}))


async def failures(buckets: Sequence[str], now: datetime) -> dict[str, int]:
    if not buckets:
        return {}
    names = {f"b{i}": bucket for i, bucket in enumerate(buckets)}
    placeholders = ", ".join(f":{name}" for name in names)
    rows = await sql.fetch(
        "SELECT bucket, count FROM rate_limit_counters "  # noqa: S608 - placeholders only
        f"WHERE window_start = :window AND bucket IN ({placeholders})",
        {"window": window_start(now), **names},
    )
    found = {str(row["bucket"]): int(row["count"]) for row in rows}
    return {bucket: found.get(bucket, 0) for bucket in buckets}


async def record_failure(buckets: Sequence[str], now: datetime) -> None:
    """One statement for all buckets: an upsert that adds one to each."""
    names = {f"b{i}": bucket for i, bucket in enumerate(buckets)}
    rows = ", ".join(f"(:{name}, :window, 1)" for name in names)
    await sql.execute(_RECORD.format(rows=rows), {"window": window_start(now), **names})


def prunable_counters(now: datetime) -> QuerySet[RateLimitCounter]:
    return RateLimitCounter.filter(window_start__lt=now - KEPT_FOR)
