"""How the ORM reaches the database: one config for the server, the CLI and migrations."""

from __future__ import annotations

from typing import Any

from tortoise import Tortoise
from tortoise.migrations.api import migrate

from models.db.reads import READS, ReadsOutsideTransactions, separate_reads

APP_LABEL = "models"
MODEL_MODULES = ["models.db.tables"]
MIGRATIONS_PACKAGE = "migrations"


def tortoise_config(database_url: str) -> dict[str, Any]:
    config = migration_config(database_url)
    if separate_reads(database_url):
        config["connections"][READS] = database_url
        config["routers"] = [ReadsOutsideTransactions]
    return config


def migration_config(database_url: str) -> dict[str, Any]:
    """One connection: migrations write, and the ORM's migrator expects a single database."""
    return {
        "connections": {"default": database_url},
        "apps": {
            APP_LABEL: {
                "models": MODEL_MODULES,
                "default_connection": "default",
                "migrations": MIGRATIONS_PACKAGE,
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


async def apply_migrations(database_url: str) -> None:
    """Bring the database schema up to the latest migration, then close the connections."""
    try:
        await migrate(config=migration_config(database_url))
    finally:
        await Tortoise.close_connections()
