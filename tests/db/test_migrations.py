from __future__ import annotations

import asyncio
import pkgutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest
from tortoise.fields.relational import ForeignKeyFieldInstance, OneToOneFieldInstance
from tortoise.models import Model

import migrations
from models.db import tables
from tests.support import databases
from tests.support.databases import Backend
from tests.support.factories import require_postgres

RECORDS_TABLE = "tortoise_migrations"
POSTGRES_COLUMNS = """
SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'
"""


@pytest.fixture(params=["sqlite", "postgres"])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    if request.param == "sqlite":
        yield Backend("sqlite", f"sqlite://{tmp_path / 'empty.db'}")
        return
    require_postgres()
    url = databases.create_postgres_database()
    try:
        yield Backend("postgres", url)
    finally:
        databases.drop_postgres_database(url)


def _query(backend: Backend, sql: str) -> list[tuple[object, ...]]:
    if backend.name == "sqlite":
        with sqlite3.connect(backend.url.removeprefix("sqlite://")) as connection:
            return [tuple(row) for row in connection.execute(sql).fetchall()]

    async def fetch() -> list[tuple[object, ...]]:
        connection = await asyncpg.connect("postgresql://" + backend.url.split("://", 1)[1])
        try:
            return [tuple(row) for row in await connection.fetch(sql)]
        finally:
            await connection.close()

    return asyncio.run(fetch())


def _columns_by_table(backend: Backend) -> dict[str, set[str]]:
    if backend.name == "sqlite":
        names = _query(
            backend,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )
        return {
            str(name): {str(row[1]) for row in _query(backend, f'PRAGMA table_info("{name}")')}
            for (name,) in names
        }
    columns: dict[str, set[str]] = {}
    for table, column in _query(backend, POSTGRES_COLUMNS):
        columns.setdefault(str(table), set()).add(str(column))
    return columns


def _model_columns(model: type[Model]) -> set[str]:
    """Works before and after Tortoise.init, which adds the ``<fk>_id`` fields to the map."""
    columns: set[str] = set()
    for name, field in model._meta.fields_map.items():
        if isinstance(field, ForeignKeyFieldInstance | OneToOneFieldInstance):
            columns.add(field.source_field or f"{name}_id")
        elif field.has_db_field:
            columns.add(field.source_field or name)
    return columns


def _applied_migrations(backend: Backend) -> list[tuple[object, ...]]:
    return _query(backend, f'SELECT app, name, applied_at FROM "{RECORDS_TABLE}" ORDER BY id')


def test_migrations_create_one_table_per_model(empty_database: Backend) -> None:
    databases.migrate(empty_database.url)

    assert set(_columns_by_table(empty_database)) == {
        model._meta.db_table for model in tables.__models__
    } | {RECORDS_TABLE}


def test_migrations_give_each_table_the_columns_of_its_model(empty_database: Backend) -> None:
    databases.migrate(empty_database.url)

    columns = _columns_by_table(empty_database)
    for model in tables.__models__:
        assert columns[model._meta.db_table] == _model_columns(model), model.__name__


def test_every_migration_file_is_recorded_once(empty_database: Backend) -> None:
    files = sorted(module.name for module in pkgutil.iter_modules(migrations.__path__))

    databases.migrate(empty_database.url)

    assert [(app, name) for app, name, _ in _applied_migrations(empty_database)] == [
        ("models", name) for name in files
    ]


def test_applying_migrations_twice_is_a_no_op(empty_database: Backend) -> None:
    # given: a migrated database holding a row
    databases.migrate(empty_database.url)
    _query(
        empty_database,
        "INSERT INTO organizations (name, slug, created_at) "
        "VALUES ('Acme', 'acme', CURRENT_TIMESTAMP)",
    )
    schema_before = _columns_by_table(empty_database)
    records_before = _applied_migrations(empty_database)

    # when
    databases.migrate(empty_database.url)

    # then
    assert _columns_by_table(empty_database) == schema_before
    assert _applied_migrations(empty_database) == records_before
    assert _query(empty_database, "SELECT name, slug FROM organizations") == [("Acme", "acme")]


def _migrate_to(backend: Backend, target: str | None) -> None:
    from tortoise import Tortoise
    from tortoise.migrations.api import migrate

    from models.db.database import migration_config

    async def run() -> None:
        try:
            await migrate(config=migration_config(backend.url), target=target)
        finally:
            await Tortoise.close_connections()

    asyncio.run(run())


def _first_migration_rows(backend: Backend) -> None:
    statements = [
        "INSERT INTO organizations (name, slug, created_at) "
        "VALUES ('Early', 'early', '2026-01-05 09:00:00+00:00')",
        "INSERT INTO users (organization_id, email, name, time_zone, role, working_hours, "
        "created_at) VALUES (1, 'ann@early.test', 'Ann', 'UTC', 'ADMIN', '[]', "
        "'2026-01-05 09:00:00+00:00')",
    ]
    for statement in statements:
        _query(backend, statement)


def test_a_database_holding_data_upgrades_through_every_migration(
    empty_database: Backend,
) -> None:
    # Given a database at the first migration that already holds an organization and a user
    _migrate_to(empty_database, "models.0001_initial")
    _first_migration_rows(empty_database)
    # When every later migration is applied
    _migrate_to(empty_database, None)
    # Then the rows are still there, with the defaults of the columns added since
    assert _query(empty_database, "SELECT email, booking_sequence FROM users") == [
        ("ann@early.test", 0)
    ]
