from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from tortoise import connections
from tortoise.backends.base import executor
from tortoise.context import TortoiseContext

from config import Environment, Settings
from models.db.database import tortoise_config
from server import create_app
from tests.support import databases
from tests.support.databases import Backend

MIGRATIONS_TABLE = "tortoise_migrations"


def _backends() -> list[str]:
    return ["sqlite", "postgres"]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return databases.migrated_sqlite_template(tmp_path_factory.mktemp("template"))


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    if not databases.postgres_reachable():
        if os.environ.get("CI"):
            pytest.fail(
                f"PostgreSQL is not reachable at {databases.POSTGRES_ADMIN_URL}, and CI must run "
                "every database test against it"
            )
        pytest.skip("PostgreSQL is not reachable; its half of the suite is skipped")
    url = databases.create_postgres_database()
    databases.migrate(url)
    yield url
    databases.drop_postgres_database(url)


@pytest.fixture(params=_backends())
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        return Backend("sqlite", databases.fresh_sqlite_copy(template, tmp_path))
    return Backend("postgres", request.getfixturevalue("postgres_url"))


@pytest.fixture
async def db(backend: Backend) -> AsyncIterator[Backend]:
    """The ORM opened on a clean, fully migrated database of the parametrized backend."""
    # Tortoise caches each model's INSERT/DELETE SQL by connection name, not by dialect;
    # tests switch dialects under the same name.
    executor.EXECUTOR_CACHE.clear()
    async with TortoiseContext() as context:
        await context.init(config=tortoise_config(backend.url))
        if backend.name == "postgres":
            await _empty_postgres()
        yield backend


async def _empty_postgres() -> None:
    connection = connections.get("default")
    _, rows = await connection.execute_query(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> $1",
        [MIGRATIONS_TABLE],
    )
    tables = ", ".join(f'"{row["tablename"]}"' for row in rows)
    if tables:
        await connection.execute_script(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")


@pytest.fixture
def settings(backend: Backend) -> Settings:
    return Settings(
        database_url=backend.url,
        public_url="https://slotlink.test",
        environment=Environment.DEVELOPMENT,
    )


@dataclass(frozen=True, slots=True)
class GraphQLClient:
    http: httpx.AsyncClient

    async def execute(
        self,
        query: str,
        variables: Mapping[str, object] | None = None,
        *,
        key: str | None = None,
    ) -> dict[str, object]:
        response = await self.post(query, variables, key=key)
        assert response.status_code == 200, response.text
        body: dict[str, object] = response.json()
        return body

    async def post(
        self, query: str, variables: Mapping[str, object] | None = None, *, key: str | None = None
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {key}"} if key is not None else {}
        return await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )


@asynccontextmanager
async def app_client(settings: Settings) -> AsyncIterator[GraphQLClient]:
    """A client of the real app with these settings, on the test's database."""
    app = create_app(settings, manage_database=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield GraphQLClient(http)


@pytest.fixture
async def client(db: Backend, settings: Settings) -> AsyncIterator[GraphQLClient]:
    async with app_client(settings) as client:
        yield client
