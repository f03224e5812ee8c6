"""Per request: refuse public token lookups once the caller's address or the key's prefix has
failed too often this minute, and count every failure (each alias and batch item counts)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

from starlette.requests import Request

from config import Settings
from models.db.rate_limits import record_failure, seconds_left
from models.errors import RateLimitedError
from resolvers.client_address import client_address
from resolvers.failure_reads import FailureReads

PREFIX_LENGTH = 10


def address_bucket(address: str) -> str:
    return f"ip:{address}"


def prefix_bucket(key: str) -> str:
    return f"key:{key.strip()[:PREFIX_LENGTH]}"


@dataclass(slots=True)
class Attempt:
    failed: bool = False

    def fail(self) -> None:
        self.failed = True


@dataclass(slots=True)
class FailedLookupGuard:
    address: str
    limit: int
    # Signed-in callers are accountable through their key; only anonymous lookups count.
    exempt: bool
    reads: FailureReads
    known: dict[str, int] = field(default_factory=dict)
    # Lookups of this request still running: aliases resolve concurrently, so each one holds
    # its place in the budget until it is known to have failed or not.
    running: dict[str, int] = field(default_factory=dict)

    def _buckets(self, key: str | None) -> list[str]:
        address = address_bucket(self.address)
        return [address] if key is None else [address, prefix_bucket(key)]

    async def check(self, key: str | None) -> None:
        """``None``: the caller's address alone."""
        if self.exempt:
            return
        now = datetime.now(UTC)
        buckets = self._buckets(key)
        unknown = [bucket for bucket in buckets if bucket not in self.known]
        if unknown:
            self.known.update(await self.reads.failures(unknown, now))
        if any(self.known[b] + self.running.get(b, 0) >= self.limit for b in buckets):
            raise RateLimitedError(seconds_left(now))

    @asynccontextmanager
    async def attempt(self, key: str) -> AsyncIterator[Attempt]:
        """Refuses when the budget is spent; records the attempt if the body calls ``fail()``."""
        await self.check(key)
        buckets = [] if self.exempt else self._buckets(key)
        for bucket in buckets:
            self.running[bucket] = self.running.get(bucket, 0) + 1
        attempt = Attempt()
        try:
            yield attempt
        finally:
            for bucket in buckets:
                self.running[bucket] -= 1
            if attempt.failed and buckets:
                for bucket in buckets:
                    self.known[bucket] = self.known.get(bucket, 0) + 1
                await record_failure(buckets, datetime.now(UTC))


def guard_for(request: Request, settings: Settings, reads: FailureReads) -> FailedLookupGuard:
    return FailedLookupGuard(
        address=client_address(request, settings.trusted_proxies),
        limit=settings.limits.failed_lookups_per_minute,
        exempt=getattr(request.state, "viewer", None) is not None,
        reads=reads,
    )
