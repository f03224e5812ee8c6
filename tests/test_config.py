from __future__ import annotations

import pytest

from config import ConfigError, Environment, Settings, load_settings


def test_defaults_when_nothing_is_set() -> None:
    settings = load_settings({})

    assert settings == Settings(
        database_url="sqlite://slotlink.db",
        public_url="http://127.0.0.1:8000",
        environment=Environment.DEVELOPMENT,
    )
    assert settings.is_sqlite
    assert settings.is_development


def test_all_variables_are_read() -> None:
    settings = load_settings(
        {
            "DATABASE_URL": "postgres://app@db.internal:5432/slotlink",
            "SLOTLINK_PUBLIC_URL": "https://book.example.com",
            "SLOTLINK_ENV": "production",
        }
    )

    assert settings == Settings(
        database_url="postgres://app@db.internal:5432/slotlink",
        public_url="https://book.example.com",
        environment=Environment.PRODUCTION,
    )
    assert not settings.is_sqlite
    assert not settings.is_development


def test_postgresql_scheme_is_normalized_to_postgres() -> None:
    settings = load_settings({"DATABASE_URL": "postgresql://app@db.internal/slotlink"})

    assert settings.database_url == "postgres://app@db.internal/slotlink"


def test_trailing_slash_of_public_url_is_stripped() -> None:
    settings = load_settings({"SLOTLINK_PUBLIC_URL": "https://book.example.com/"})

    assert settings.public_url == "https://book.example.com"


@pytest.mark.parametrize(
    "database_url",
    [
        pytest.param("mysql://app@db.internal/slotlink", id="unsupported-scheme"),
        pytest.param("slotlink.db", id="no-scheme"),
        pytest.param("sqlite://", id="sqlite-without-path"),
        pytest.param("postgres://app@db.internal:5432/", id="postgres-without-database"),
        pytest.param("postgres:///slotlink", id="postgres-without-host"),
    ],
)
def test_bad_database_url_is_a_config_error_naming_it(database_url: str) -> None:
    with pytest.raises(ConfigError, match=r"^DATABASE_URL: "):
        load_settings({"DATABASE_URL": database_url})


@pytest.mark.parametrize(
    "public_url",
    [
        pytest.param("ftp://book.example.com", id="not-http"),
        pytest.param("book.example.com", id="relative"),
        pytest.param("https://book.example.com/?next=1", id="query-string"),
    ],
)
def test_bad_public_url_is_a_config_error_naming_it(public_url: str) -> None:
    with pytest.raises(ConfigError, match=r"^SLOTLINK_PUBLIC_URL: "):
        load_settings({"SLOTLINK_PUBLIC_URL": public_url})


def test_unknown_environment_is_a_config_error_naming_it() -> None:
    with pytest.raises(ConfigError, match=r"^SLOTLINK_ENV: 'staging' is not one of "):
        load_settings({"SLOTLINK_ENV": "staging"})
