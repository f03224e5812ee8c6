"""Real test databases: a migrated SQLite template per test, PostgreSQL when reachable."""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import asyncpg

from models.db.database import apply_migrations

POSTGRES_ADMIN_URL = os.environ.get(
    "SLOTLINK_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test"
)


@dataclass(frozen=True, slots=True)
class Backend:
    name: str
    url: str


def postgres_reachable() -> bool:
    async def probe() -> bool:
        try:
            connection = await asyncpg.connect(_asyncpg_url(POSTGRES_ADMIN_URL), timeout=3)
        except (OSError, asyncpg.PostgresError):
            return False
        await connection.close()
        return True

    return asyncio.run(probe())


def _asyncpg_url(url: str) -> str:
    return "postgresql://" + url.split("://", 1)[1]


def _with_database(url: str, name: str) -> str:
    base = url.rsplit("/", 1)[0]
    return f"{base}/{name}"


async def _admin_execute(sql: str) -> None:
    connection = await asyncpg.connect(_asyncpg_url(POSTGRES_ADMIN_URL))
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


def create_postgres_database() -> str:
    """A new, empty database; the caller drops it with ``drop_postgres_database``."""
    name = f"slotlink_test_{uuid.uuid4().hex[:12]}"
    asyncio.run(_admin_execute(f'CREATE DATABASE "{name}"'))
    return _with_database(POSTGRES_ADMIN_URL, name)


def drop_postgres_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    asyncio.run(_admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def migrate(url: str) -> None:
    asyncio.run(apply_migrations(url))


def migrated_sqlite_template(directory: Path) -> Path:
    path = directory / "template.db"
    migrate(f"sqlite://{path}")
    return path


def fresh_sqlite_copy(template: Path, directory: Path) -> str:
    path = directory / f"{uuid.uuid4().hex}.db"
    shutil.copyfile(template, path)
    return f"sqlite://{path}"


async def truncate_all(connection: asyncpg.Connection, tables: list[str]) -> None:
    quoted = ", ".join(f'"{t}"' for t in tables)
    await connection.execute(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
