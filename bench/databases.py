"""The bench's own databases: SQLite files in a temporary folder, PostgreSQL databases it
creates and drops, and the ORM opened on one of them in this process."""

from __future__ import annotations

import shutil
import sys
import tempfile
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
from tortoise import connections
from tortoise.backends.base import executor
from tortoise.context import TortoiseContext

from bench.processes import run_command
from models.db.database import tortoise_config

MIGRATE = "import asyncio, sys; from models.db.database import apply_migrations as m; "
MIGRATE += "asyncio.run(m(sys.argv[1]))"


def _asyncpg_url(url: str) -> str:
    return "postgresql://" + url.split("://", 1)[1]


async def migrate(url: str) -> None:
    # Its own process: migrations open and close the ORM's global state.
    await run_command([sys.executable, "-c", MIGRATE, url], cpus=None)


class Workspace:
    """Everything the run creates on disk or in PostgreSQL, removed by ``close``."""

    def __init__(self, sqlite_folder: Path, synchronous_commit: str) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="slotlink-bench-", dir=sqlite_folder))
        self.synchronous_commit = synchronous_commit
        self.template: Path | None = None
        self.postgres: list[tuple[str, str]] = []  # (admin url, database name)

    async def sqlite(self, name: str) -> str:
        """A fresh, migrated SQLite database."""
        if self.template is None:
            template = self.folder / "template.db"
            await migrate(f"sqlite://{template}")
            self.template = template
        path = self.folder / f"{name}.db"
        shutil.copyfile(self.template, path)
        return f"sqlite://{path}"

    async def postgres_database(self, admin_url: str) -> str:
        name = f"slotlink_bench_{uuid.uuid4().hex[:10]}"
        await _admin(admin_url, f'CREATE DATABASE "{name}"')
        self.postgres.append((admin_url, name))
        await _admin(
            admin_url,
            f'ALTER DATABASE "{name}" SET synchronous_commit = {self.synchronous_commit}',
        )
        url = f"{admin_url.rsplit('/', 1)[0]}/{name}"
        await migrate(url)
        return url

    async def close(self) -> None:
        try:
            for admin_url, name in self.postgres:
                await _admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            self.postgres.clear()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


async def _admin(admin_url: str, sql: str) -> None:
    connection = await asyncpg.connect(_asyncpg_url(admin_url), timeout=5)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


async def postgres_version(admin_url: str) -> str | None:
    try:
        connection = await asyncpg.connect(_asyncpg_url(admin_url), timeout=3)
    except (OSError, asyncpg.PostgresError):
        return None
    try:
        version: str = await connection.fetchval("SHOW server_version")
        return version
    finally:
        await connection.close()


@asynccontextmanager
async def orm(url: str) -> AsyncIterator[None]:
    """The ORM on ``url`` for this task, the way the tests open it."""
    # Tortoise caches INSERT SQL per connection name, not per dialect.
    executor.EXECUTOR_CACHE.clear()
    async with TortoiseContext() as context:
        await context.init(config=tortoise_config(url))
        yield


async def scalar(sql: str) -> int:
    rows = await connections.get("default").execute_query_dict(sql)
    return int(next(iter(rows[0].values())) or 0)
