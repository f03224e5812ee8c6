"""Per-request DataLoaders, each scoped to the caller's organization."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from strawberry.dataloader import DataLoader

from models.tables import ApiKey, Organization, User

K = TypeVar("K")
V = TypeVar("V")


def _in_order(keys: Sequence[K], rows: dict[K, V]) -> list[V | None]:
    return [rows.get(key) for key in keys]


@dataclass(frozen=True, slots=True)
class Loaders:
    user_by_id: DataLoader[int, User | None]
    api_key_by_id: DataLoader[int, ApiKey | None]
    organization_by_id: DataLoader[int, Organization | None]


def build_loaders(organization_id: int | None) -> Loaders:
    """Anonymous callers get loaders that find nothing: no private row is reachable."""

    async def users(ids: Sequence[int]) -> list[User | None]:
        if organization_id is None:
            return [None] * len(ids)
        rows = await User.filter(id__in=ids, organization_id=organization_id)
        return _in_order(ids, {row.id: row for row in rows})

    async def api_keys(ids: Sequence[int]) -> list[ApiKey | None]:
        if organization_id is None:
            return [None] * len(ids)
        rows = await ApiKey.filter(id__in=ids, user__organization_id=organization_id)
        return _in_order(ids, {row.id: row for row in rows})

    async def organizations(ids: Sequence[int]) -> list[Organization | None]:
        if organization_id is None:
            return [None] * len(ids)
        rows = await Organization.filter(id__in=[i for i in ids if i == organization_id])
        return _in_order(ids, {row.id: row for row in rows})

    return Loaders(
        user_by_id=DataLoader(load_fn=users),
        api_key_by_id=DataLoader(load_fn=api_keys),
        organization_by_id=DataLoader(load_fn=organizations),
    )
