from __future__ import annotations

import pytest

from config import (
    DEVELOPMENT_SECRET_KEY,
    ConfigError,
    Environment,
    Settings,
    WebhookSettings,
    load_settings,
)


def test_defaults_when_nothing_is_set() -> None:
    settings = load_settings({})

    assert settings == Settings(
        database_url="sqlite://slotlink.db",
        public_url="http://127.0.0.1:8000",
        environment=Environment.DEVELOPMENT,
    )
    assert settings.is_sqlite
    assert settings.is_development


PRODUCTION_SECRET = "q8XzK1v0Yb3nW2mR5tP7sD9fG4hJ6kL0"


def test_production_needs_a_secret_key_of_32_characters_or_more() -> None:
    with pytest.raises(ConfigError, match=r"^SLOTLINK_SECRET_KEY: required in production"):
        load_settings({"SLOTLINK_ENV": "production"})
    with pytest.raises(ConfigError, match=r"^SLOTLINK_SECRET_KEY: must be at least 32 characters"):
        load_settings({"SLOTLINK_ENV": "production", "SLOTLINK_SECRET_KEY": "short"})


def test_development_has_a_secret_key_of_its_own() -> None:
    assert load_settings({}).secret_key == DEVELOPMENT_SECRET_KEY


def test_all_variables_are_read() -> None:
    settings = load_settings(
        {
            "DATABASE_URL": "postgres://app@db.internal:5432/slotlink",
            "SLOTLINK_PUBLIC_URL": "https://book.example.com",
            "SLOTLINK_ENV": "production",
            "SLOTLINK_SECRET_KEY": PRODUCTION_SECRET,
        }
    )

    assert settings == Settings(
        database_url="postgres://app@db.internal:5432/slotlink",
        public_url="https://book.example.com",
        environment=Environment.PRODUCTION,
        secret_key=PRODUCTION_SECRET,
        drain_seconds=5.0,
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


def test_webhook_settings_are_read() -> None:
    settings = load_settings(
        {
            "SLOTLINK_ENV": "production",
            "SLOTLINK_SECRET_KEY": PRODUCTION_SECRET,
            "SLOTLINK_WEBHOOK_ALLOW_INTERNAL_URLS": "yes",
            "SLOTLINK_WEBHOOK_RETRY_DELAYS": "1, 2.5,60",
            "SLOTLINK_WEBHOOK_TIMEOUT_SECONDS": "3",
            "SLOTLINK_WEBHOOK_POLL_SECONDS": "0.5",
            "SLOTLINK_WEBHOOK_EXPIRY_SWEEP_SECONDS": "30",
        }
    )
    assert settings.webhooks == WebhookSettings(
        allow_internal_urls=True,
        retry_delays=(1.0, 2.5, 60.0),
        timeout_seconds=3.0,
        poll_seconds=0.5,
        expiry_sweep_seconds=30.0,
    )
    assert settings.webhooks_may_reach_internal_urls


def test_internal_webhook_urls_follow_the_environment_unless_set() -> None:
    assert load_settings({}).webhooks_may_reach_internal_urls
    assert not load_settings(
        {"SLOTLINK_ENV": "production", "SLOTLINK_SECRET_KEY": PRODUCTION_SECRET}
    ).webhooks_may_reach_internal_urls
    assert not load_settings(
        {"SLOTLINK_WEBHOOK_ALLOW_INTERNAL_URLS": "false"}
    ).webhooks_may_reach_internal_urls


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("SLOTLINK_WEBHOOK_ALLOW_INTERNAL_URLS", "maybe", "is not true or false"),
        ("SLOTLINK_WEBHOOK_RETRY_DELAYS", "5,soon", "is not a positive number of seconds"),
        ("SLOTLINK_WEBHOOK_RETRY_DELAYS", ",", "give seconds between attempts"),
        ("SLOTLINK_WEBHOOK_TIMEOUT_SECONDS", "0", "is not a positive number of seconds"),
        ("SLOTLINK_WEBHOOK_POLL_SECONDS", "nan", "is not a positive number of seconds"),
    ],
)
def test_bad_webhook_settings_are_config_errors_naming_them(
    variable: str, value: str, message: str
) -> None:
    with pytest.raises(ConfigError, match=f"^{variable}: .*{message}"):
        load_settings({variable: value})


def test_production_drains_five_seconds_after_sigterm_and_development_none() -> None:
    production = load_settings(
        {"SLOTLINK_ENV": "production", "SLOTLINK_SECRET_KEY": PRODUCTION_SECRET}
    )

    assert production.drain_seconds == 5.0
    assert load_settings({}).drain_seconds == 0.0
    assert load_settings({"SLOTLINK_DRAIN_SECONDS": "0"}).drain_seconds == 0.0
    assert load_settings({"SLOTLINK_DRAIN_SECONDS": "12.5"}).drain_seconds == 12.5
    assert load_settings({"SLOTLINK_SHUTDOWN_GRACE_SECONDS": "3"}).shutdown_grace_seconds == 3.0


@pytest.mark.parametrize("variable", ["SLOTLINK_DRAIN_SECONDS", "SLOTLINK_SHUTDOWN_GRACE_SECONDS"])
def test_a_bad_drain_or_grace_time_is_a_config_error_naming_it(variable: str) -> None:
    with pytest.raises(ConfigError, match=variable):
        load_settings({variable: "-1"})
