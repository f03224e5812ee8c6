"""The clock of how long a write has held this process's SQLite connection, which sends reads
to the second connection when a write is stuck (models/db/reads.py)."""

from __future__ import annotations

import pytest

from models.db.transactions import transaction, writer_held_for
from tests.support.databases import Backend


async def test_a_nested_transaction_leaves_the_outer_ones_clock_running(db: Backend) -> None:
    if db.name != "sqlite":
        pytest.skip("only SQLite's one connection is clocked")
    assert writer_held_for() == 0.0
    async with transaction():
        async with transaction():
            pass
        still_held = writer_held_for()
    assert still_held > 0.0
    assert writer_held_for() == 0.0
