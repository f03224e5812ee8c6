from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from tortoise import connections

from models.accounts.api_keys import find_active_key, issue_api_key, revoke_api_key
from models.db.tables import ApiKey, User
from models.errors import FieldError, InvalidInputError
from tests.support.databases import Backend
from tests.support.factories import create_tenant

LIST_TABLES = {
    "sqlite": "SELECT name FROM sqlite_master WHERE type = 'table'",
    "postgres": "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'",
}


async def _every_stored_value(backend: Backend) -> list[str]:
    connection = connections.get("default")
    _, tables = await connection.execute_query(LIST_TABLES[backend.name])
    values: list[str] = []
    for table in tables:
        _, rows = await connection.execute_query(f'SELECT * FROM "{table["name"]}"')
        values.extend(str(value) for row in rows for value in dict(row).values())
    return values


async def test_database_holds_only_the_hash_and_prefix_of_a_key(db: Backend) -> None:
    # given: keys from bootstrap and from issue_api_key, one of them used
    tenant = await create_tenant()
    assert await find_active_key(tenant.member.key) is not None

    # when
    stored = await _every_stored_value(db)

    # then
    for plain in (tenant.admin.key, tenant.member.key):
        secret_part = plain[len("sl_") :]
        assert not [value for value in stored if secret_part in value]
        assert hashlib.sha256(plain.encode()).hexdigest() in stored
        assert plain[:10] in stored


async def test_issued_key_is_stored_as_its_sha256_with_a_visible_prefix(db: Backend) -> None:
    tenant = await create_tenant()
    user = await User.get(id=tenant.member.user_id)

    key, plain = await issue_api_key(user, label="  laptop  ")

    row = await ApiKey.get(id=key.id)
    assert plain.startswith("sl_")
    assert len(plain) >= len("sl_") + 43  # 32 random bytes, base64url
    assert row.key_hash == hashlib.sha256(plain.encode()).hexdigest()
    assert row.prefix == plain[:10]
    assert row.label == "laptop"
    assert row.user_id == tenant.member.user_id


async def test_blank_label_is_invalid_and_nothing_is_written(db: Backend) -> None:
    tenant = await create_tenant()
    user = await User.get(id=tenant.member.user_id)

    with pytest.raises(InvalidInputError) as raised:
        await issue_api_key(user, label="   ")

    assert raised.value.field_errors == [FieldError("label", "must not be empty")]
    assert await ApiKey.filter(user_id=user.id).count() == 1


async def test_active_key_resolves_to_its_user_and_organization(db: Backend) -> None:
    tenant = await create_tenant()

    key = await find_active_key(tenant.member.key)

    assert key is not None
    assert key.id == tenant.member.api_key_id
    assert key.user.id == tenant.member.user_id
    assert key.user.organization.id == tenant.organization_id


@pytest.mark.parametrize(
    "presented",
    [
        pytest.param("sl_unknown", id="unknown"),
        pytest.param("xx_" + "a" * 43, id="wrong-kind"),
        pytest.param("sl_" + "a" * 200, id="too-long"),
    ],
)
async def test_unknown_key_is_refused(db: Backend, presented: str) -> None:
    await create_tenant()

    assert await find_active_key(presented) is None


async def test_revoked_key_is_refused(db: Backend) -> None:
    # given
    tenant = await create_tenant()
    admin = await User.get(id=tenant.admin.user_id)

    # when
    await revoke_api_key(tenant.organization_id, tenant.member.api_key_id, acting_user=admin)

    # then
    assert await find_active_key(tenant.member.key) is None
    row = await ApiKey.get(id=tenant.member.api_key_id)
    assert row.revoked_at is not None


async def test_first_use_records_last_used_at(db: Backend) -> None:
    tenant = await create_tenant()
    before = datetime.now(UTC)

    await find_active_key(tenant.member.key)

    row = await ApiKey.get(id=tenant.member.api_key_id)
    assert row.last_used_at is not None
    assert before <= row.last_used_at <= datetime.now(UTC)


async def test_use_within_a_minute_of_the_last_does_not_write(db: Backend) -> None:
    # given
    tenant = await create_tenant()
    recent = datetime.now(UTC) - timedelta(seconds=30)
    await ApiKey.filter(id=tenant.member.api_key_id).update(last_used_at=recent)

    # when
    await find_active_key(tenant.member.key)

    # then
    row = await ApiKey.get(id=tenant.member.api_key_id)
    assert row.last_used_at == recent


async def test_use_over_a_minute_after_the_last_updates_it(db: Backend) -> None:
    # given
    tenant = await create_tenant()
    stale = datetime.now(UTC) - timedelta(minutes=2)
    await ApiKey.filter(id=tenant.member.api_key_id).update(last_used_at=stale)
    before = datetime.now(UTC)

    # when
    await find_active_key(tenant.member.key)

    # then
    row = await ApiKey.get(id=tenant.member.api_key_id)
    assert row.last_used_at is not None
    assert before <= row.last_used_at <= datetime.now(UTC)
