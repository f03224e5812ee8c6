"""The server with the single-use claim rewritten as read-then-write: the bug the concurrency
tests must catch. Used only by the negative control in tests/booking/test_booking_concurrency.py."""

from __future__ import annotations

import asyncio
from datetime import datetime

from starlette.applications import Starlette

from models.booking import bookings
from models.db.tables import SingleUseLink


async def read_then_write_claim(single_use_link_id: int, now: datetime) -> bool:
    child = await SingleUseLink.get(id=single_use_link_id)
    if child.revoked_at is not None or child.uses >= child.max_uses:
        return False
    # Production load spreads requests over many more cores than a test machine has; widening
    # the gap between the read and the write makes the race show on every run here.
    await asyncio.sleep(0.5)
    await SingleUseLink.filter(id=single_use_link_id).update(uses=child.uses + 1)
    return True


def create_app() -> Starlette:
    bookings.claim_use = read_then_write_claim
    from server import create_app as create_real_app

    return create_real_app()
