"""Another process holding SQLite's write lock: a write that cannot get it within SQLite's
5-second wait answers 503 with Retry-After and reason BUSY (not "Unexpected error."), and
works again once the lock is released."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from tortoise import Tortoise

from config import Environment, Settings
from models.db.database import tortoise_config
from server import create_app
from tests.support.databases import fresh_sqlite_copy
from tests.support.link_factories import Team, create_team, global_id

pytestmark = pytest.mark.slow

MINT = """mutation($link: ID!) { createSingleUseLink(input: {linkId: $link}) {
  __typename ... on SingleUseLinkCreated { token } } }"""


@pytest.fixture
async def app(
    sqlite_template: Path, tmp_path: Path
) -> AsyncIterator[tuple[httpx.AsyncClient, str]]:
    url = fresh_sqlite_copy(sqlite_template, tmp_path)
    await Tortoise.init(config=tortoise_config(url), _enable_global_fallback=True)
    settings = Settings(
        database_url=url, public_url="https://slotlink.test", environment=Environment.DEVELOPMENT
    )
    transport = httpx.ASGITransport(
        app=create_app(settings, manage_database=False), raise_app_exceptions=False
    )
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield http, url.removeprefix("sqlite://")
    finally:
        await Tortoise.close_connections()


async def _mint(http: httpx.AsyncClient, team: Team) -> httpx.Response:
    return await http.post(
        "/graphql",
        json={"query": MINT, "variables": {"link": global_id("Link", team.link.id)}},
        headers={"Authorization": f"Bearer {team.owner.key}"},
    )


async def test_a_write_behind_another_process_lock_is_a_503_busy(
    app: tuple[httpx.AsyncClient, str],
) -> None:
    http, path = app
    team = await create_team()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    started = time.monotonic()
    try:
        refused = await _mint(http, team)
        print(
            f"\nbehind another process's lock: {refused.status_code} after "
            f"{time.monotonic() - started:.1f} s"
        )
    finally:
        other.execute("ROLLBACK")
        other.close()

    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == "5"
    [error] = refused.json()["errors"]
    assert error["extensions"]["code"] == "UNAVAILABLE"
    assert error["extensions"]["reason"] == "BUSY"
    assert error["message"] == "The service is temporarily unavailable. Try again shortly."
    minted = await _mint(http, team)
    assert minted.json()["data"]["createSingleUseLink"]["__typename"] == "SingleUseLinkCreated"
