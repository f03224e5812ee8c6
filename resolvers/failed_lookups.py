"""Per request: limit the public key lookups that fail, so that nobody can guess tokens, without
letting anyone deny the links to others.

- Every anonymous lookup takes a place in its address's budget before it runs, in one
  statement (``reserve``), and gives it back when it succeeds: concurrent lookups can never
  fail more often than the limit. IPv6 addresses share a budget per /64, the block one
  subscriber is given.
- A secret token's prefix has a budget too, but only failures whose prefix is that of a token
  actually issued count against it: made-up keys never touch a real token's budget, and
  standard links (``org/slug``) have no budget of their own at all.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from ipaddress import IPv6Address, ip_address, ip_network

from starlette.requests import HTTPConnection

from config import Settings
from models.accounts.tokens import VISIBLE_PREFIX_LENGTH
from models.db.rate_limits import (
    is_issued_token_prefix,
    record_failure,
    release,
    reserve,
    seconds_left,
    window_start,
)
from models.errors import RateLimitedError
from resolvers.client_address import client_address
from resolvers.failure_reads import FailureReads


def address_bucket(address: str) -> str:
    try:
        parsed = ip_address(address)
    except ValueError:
        return f"ip:{address}"
    if isinstance(parsed, IPv6Address):
        if parsed.ipv4_mapped is not None:
            return f"ip:{parsed.ipv4_mapped}"
        return f"ip:{ip_network(f'{parsed}/64', strict=False)}"
    return f"ip:{parsed}"


def token_bucket(key: str) -> str | None:
    """Standard links are found by ``org/slug`` and have no secret to guess."""
    key = key.strip()
    if "/" in key or len(key) < VISIBLE_PREFIX_LENGTH:
        return None
    return f"token:{key[:VISIBLE_PREFIX_LENGTH]}"


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

    async def check(self, key: str | None) -> None:
        """Refuses when the address (and the key's token, if it is one) is over its budget;
        ``None``: the caller's address alone."""
        if self.exempt:
            return
        now = datetime.now(UTC)
        buckets = [address_bucket(self.address)]
        token = None if key is None else token_bucket(key)
        if token is not None:
            buckets.append(token)
        unknown = [bucket for bucket in buckets if bucket not in self.known]
        if unknown:
            self.known.update(await self.reads.failures(unknown, now))
        if any(self.known[bucket] >= self.limit for bucket in buckets):
            raise RateLimitedError(seconds_left(now))

    @asynccontextmanager
    async def attempt(self, key: str) -> AsyncIterator[Attempt]:
        """Refuses when the budget is spent; the body calls ``fail()`` when the key opened
        nothing."""
        if self.exempt:
            yield Attempt()
            return
        now = datetime.now(UTC)
        token = token_bucket(key)
        if token is not None:
            await self.check(key)
        address = address_bucket(self.address)
        window = window_start(now)
        if await reserve(address, window) > self.limit:
            self.known[address] = self.limit
            raise RateLimitedError(seconds_left(now))
        attempt = Attempt()
        try:
            yield attempt
        finally:
            if not attempt.failed:
                await release(address, window)
            elif token is not None and await is_issued_token_prefix(token.removeprefix("token:")):
                await record_failure([token], datetime.now(UTC))

    async def charge_slot_query(self, per_minute: int) -> None:
        """Slots are the costliest thing an anonymous caller can ask for: each address may
        ask ``per_minute`` times a minute."""
        if self.exempt:
            return
        now = datetime.now(UTC)
        bucket = f"slots:{address_bucket(self.address)}"
        if await reserve(bucket, window_start(now)) > per_minute:
            raise RateLimitedError(seconds_left(now), "slot queries")


def guard_for(
    request: HTTPConnection, settings: Settings, reads: FailureReads
) -> FailedLookupGuard:
    return FailedLookupGuard(
        address=client_address(request, settings.trusted_proxies),
        limit=settings.limits.failed_lookups_per_minute,
        exempt=getattr(request.state, "viewer", None) is not None,
        reads=reads,
    )
