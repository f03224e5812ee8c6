"""Organizations, users and API keys made through the domain functions, for tests."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import pytest
from strawberry.relay import to_base64
from tortoise.backends.base import executor
from tortoise.context import TortoiseContext

from models.accounts.api_keys import issue_api_key
from models.accounts.organizations import bootstrap_organization
from models.accounts.tokens import hash_secret
from models.accounts.users import NewUser, create_user
from models.db.database import tortoise_config
from models.db.tables import ApiKey, Role
from tests.support import databases


@dataclass(frozen=True, slots=True)
class Account:
    user_id: int
    email: str
    name: str
    api_key_id: int
    key: str

    @property
    def global_id(self) -> str:
        return to_base64("User", self.user_id)

    @property
    def api_key_global_id(self) -> str:
        return to_base64("ApiKey", self.api_key_id)


@dataclass(frozen=True, slots=True)
class Tenant:
    organization_id: int
    admin: Account
    member: Account

    @property
    def global_id(self) -> str:
        return to_base64("Organization", self.organization_id)


async def create_tenant(name: str = "Acme", *, domain: str = "acme.test") -> Tenant:
    """An organization with an admin ("Ada Admin") and a member ("Max Member"), each with a key."""
    admin = NewUser(email=f"ada@{domain}", name="Ada Admin", time_zone="Europe/Berlin")
    bootstrapped = await bootstrap_organization(name, admin)
    admin_key = await ApiKey.get(key_hash=hash_secret(bootstrapped.api_key))
    member = await add_account(bootstrapped.organization.id, f"max@{domain}", "Max Member")
    return Tenant(
        organization_id=bootstrapped.organization.id,
        admin=Account(
            user_id=bootstrapped.admin.id,
            email=bootstrapped.admin.email,
            name=bootstrapped.admin.name,
            api_key_id=admin_key.id,
            key=bootstrapped.api_key,
        ),
        member=member,
    )


async def add_account(
    organization_id: int, email: str, name: str, *, role: Role = Role.MEMBER
) -> Account:
    user = await create_user(organization_id, NewUser(email=email, name=name), role=role)
    key, plain = await issue_api_key(user, label="tests")
    return Account(user_id=user.id, email=user.email, name=user.name, api_key_id=key.id, key=plain)


@asynccontextmanager
async def open_database(url: str) -> AsyncIterator[None]:
    """The ORM on an existing database, the way the ``db`` fixture opens it."""
    executor.EXECUTOR_CACHE.clear()
    async with TortoiseContext() as context:
        await context.init(config=tortoise_config(url))
        yield


def require_postgres() -> None:
    """Skip when PostgreSQL is away on a laptop; on CI its absence is a failure."""
    if databases.postgres_reachable():
        return
    if os.environ.get("CI"):
        pytest.fail(f"PostgreSQL is not reachable at {databases.POSTGRES_ADMIN_URL} on CI")
    pytest.skip("PostgreSQL is not reachable")
