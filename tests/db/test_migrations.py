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


def test_links_that_expired_their_meetings_keep_doing_so_after_the_upgrade(
    empty_database: Backend,
) -> None:
    """#16: expiry now governs use only; existing links and single-use links keep capping
    their meetings' start where their expiry did."""
    # Given a database before the change, holding a link and a single-use link with expiries
    _migrate_to(empty_database, "models.0010_bookable_by")
    _first_migration_rows(empty_database)
    link_expiry = "2026-12-20 00:00:00+00:00"
    child_expiry = "2026-12-10 00:00:00+00:00"
    created = "2026-12-01 09:00:00+00:00"
    for statement in [
        "INSERT INTO meeting_types (organization_id, name, duration_minutes, location_kind, "
        "location_details, description, buffer_before_minutes, buffer_after_minutes, "
        f"created_at, updated_at) VALUES (1, 'Call', 30, 'VIDEO', '', '', 0, 0, '{created}', "
        f"'{created}')",
        "INSERT INTO links (organization_id, owner_id, meeting_type_id, slug, name, expires_at, "
        "minimum_notice_minutes, booking_horizon_days, slot_interval_minutes, is_active, "
        "managed, metadata, created_by_id, created_at, updated_at) VALUES (1, 1, 1, 'call', "
        f"'Call', '{link_expiry}', 0, 60, 30, TRUE, FALSE, '{{}}', 1, '{created}', "
        f"'{created}')",
        "INSERT INTO links (organization_id, owner_id, meeting_type_id, slug, name, "
        "minimum_notice_minutes, booking_horizon_days, slot_interval_minutes, is_active, "
        "managed, metadata, created_by_id, created_at, updated_at) VALUES (1, 1, 1, 'open', "
        f"'Open', 0, 60, 30, TRUE, FALSE, '{{}}', 1, '{created}', '{created}')",
        "INSERT INTO single_use_links (link_id, created_by_id, created_at, token_hash, "
        "token_prefix, label, expires_at, max_uses, uses, skip_form, lock_to_invitee, "
        f"metadata) VALUES (1, 1, '{created}', 'h1', 'p1', '', '{child_expiry}', 1, 0, FALSE, "
        "FALSE, '{}')",
    ]:
        _query(empty_database, statement)

    # When the rest of the migrations are applied
    _migrate_to(empty_database, None)

    # Then each start cutoff is its expiry; a link without an expiry has none
    links = _query(empty_database, "SELECT expires_at, starts_before FROM links ORDER BY id")
    children = _query(empty_database, "SELECT expires_at, starts_before FROM single_use_links")
    [(expiring_link, its_cutoff), (open_link, no_cutoff)] = links
    [(expiring_child, child_cutoff)] = children
    assert expiring_link is not None
    assert its_cutoff == expiring_link
    assert (open_link, no_cutoff) == (None, None)
    assert expiring_child is not None
    assert child_cutoff == expiring_child


def test_events_written_before_they_named_their_link_get_it_from_their_payload(
    empty_database: Backend,
) -> None:
    # Given events in the outbox before the link column, one of them about Link:42
    _migrate_to(empty_database, "models.0012_change_policy")
    _first_migration_rows(empty_database)
    for payload in ('{"data":{"link":{"id":"TGluazo0Mg=="}}}', '{"data":{}}'):
        _query(
            empty_database,
            "INSERT INTO webhook_events (organization_id, link_owner_id, type, payload, "
            f"occurred_at, fanned_out) VALUES (1, 1, 'booking.created', '{payload}', "
            "'2026-12-01 09:00:00+00:00', TRUE)",
        )

    # When the rest of the migrations are applied
    _migrate_to(empty_database, None)

    # Then the event about a link names it; the other stays without
    assert _query(empty_database, "SELECT link_id FROM webhook_events ORDER BY id") == [
        (42,),
        (None,),
    ]
