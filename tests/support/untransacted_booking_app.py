"""The server with the booking's statements committed one by one instead of in one transaction:
the bug the crash test must catch. Used only by the negative control in
tests/booking/test_crash_recovery.py."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime

from starlette.applications import Starlette
from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient

from models.booking import bookings

claim_use = bookings.claim_use


@asynccontextmanager
async def autocommit(connection_name: str | None = None) -> AsyncIterator[BaseDBAsyncClient]:
    yield connections.get(connection_name or "default")


async def claim_then_linger(single_use_link_id: int, now: datetime) -> bool:
    claimed = await claim_use(single_use_link_id, now)
    # Widens the window between the claim and the booking rows to most of a request's life, so
    # that a kill at a random moment of the load almost always finds a request inside it.
    await asyncio.sleep(1.0)
    return claimed


def create_app() -> Starlette:
    bookings.transaction = autocommit  # type: ignore[attr-defined]
    bookings.claim_use = claim_then_linger
    from server import create_app as create_real_app

    return create_real_app()
