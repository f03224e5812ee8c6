"""SQLite on a full disk: a write answers 503 "storage full" with Retry-After (not
"Unexpected error."), /readyz says so, the log has one line however many requests fail, and
everything works again once there is room."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import subprocess
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from tortoise import Tortoise

from config import Environment, Settings
from models.db.database import tortoise_config
from server import create_app
from tests.support.link_factories import Team, create_team, global_id

pytestmark = pytest.mark.slow

MINT = """mutation($link: ID!) { createSingleUseLink(input: {linkId: $link}) {
  __typename ... on SingleUseLinkCreated { token } } }"""


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB filesystem of the test's own."""
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small filesystem here: {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "--lazy", str(mount_point)], check=False)


@dataclass
class FullDisk:
    http: httpx.AsyncClient
    team: Team
    filler: Path

    def fill(self) -> None:
        """Writes until the filesystem refuses another byte."""
        descriptor = os.open(self.filler, os.O_WRONLY | os.O_CREAT)
        try:
            for size in (65536, 4096, 1):
                with contextlib.suppress(OSError):
                    while True:
                        os.write(descriptor, b"\0" * size)
        finally:
            os.close(descriptor)

    def make_room(self) -> None:
        self.filler.unlink()

    async def mint(self) -> httpx.Response:
        return await self.http.post(
            "/graphql",
            json={"query": MINT, "variables": {"link": global_id("Link", self.team.link.id)}},
            headers={"Authorization": f"Bearer {self.team.owner.key}"},
        )


@pytest.fixture
async def full_disk(small_disk: Path, sqlite_template: Path) -> AsyncIterator[FullDisk]:
    database = small_disk / "slotlink.db"
    shutil.copyfile(sqlite_template, database)
    url = f"sqlite://{database}"
    await Tortoise.init(config=tortoise_config(url), _enable_global_fallback=True)
    settings = Settings(
        database_url=url, public_url="https://slotlink.test", environment=Environment.DEVELOPMENT
    )
    app = create_app(settings, manage_database=False)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    try:
        team = await create_team()
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield FullDisk(http, team, small_disk / "filler")
    finally:
        await Tortoise.close_connections()


async def test_a_write_on_a_full_disk_is_a_503_that_says_storage_full(
    full_disk: FullDisk, caplog: pytest.LogCaptureFixture
) -> None:
    assert (await full_disk.mint()).status_code == 200
    full_disk.fill()

    with caplog.at_level(logging.ERROR, logger="slotlink"):
        refused = [await full_disk.mint() for _ in range(3)]
        ready = await full_disk.http.get("/readyz")

    for response in refused:
        assert response.status_code == 503
        assert response.headers["Retry-After"] == "5"
        [error] = response.json()["errors"]
        assert error["message"] == (
            "The service cannot save anything right now: its storage is full. Try again later."
        )
        assert error["extensions"]["code"] == "UNAVAILABLE"
        assert error["extensions"]["reason"] == "STORAGE_FULL"
    assert ready.status_code == 503
    assert ready.json() == {"status": "unavailable", "database": "storage full"}
    storage_lines = [r for r in caplog.records if r.getMessage().startswith("storage full")]
    print(
        f"\non a full disk: {[r.status_code for r in refused]}, /readyz {ready.status_code}, "
        f"{len(storage_lines)} log line"
    )
    assert len(storage_lines) == 1
    assert not [r for r in caplog.records if "unexpected error" in r.getMessage()]

    # when there is room again
    full_disk.make_room()
    minted = await full_disk.mint()

    assert minted.status_code == 200
    assert minted.json()["data"]["createSingleUseLink"]["__typename"] == "SingleUseLinkCreated"
    assert (await full_disk.http.get("/readyz")).json() == {"status": "ok", "database": "ok"}
