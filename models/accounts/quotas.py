"""How many links and single-use links an organization may hold. Each creation takes its
place in the organization's counter with one conditional UPDATE, first in the transaction
that creates the rows, so concurrent creations can never pass the quota together."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from models.db.prepared import Prepared
from models.db.sql_scripts import Step

_TAKE_LINKS = Prepared.of(
    """
    UPDATE organizations SET links_created = links_created + :count
    WHERE id = :organization_id AND links_created + :count <= :quota
    """
)
_TAKE_SINGLE_USE_LINKS = Prepared.of(
    """
    UPDATE organizations SET single_use_links_minted = single_use_links_minted + :count
    WHERE id = :organization_id AND single_use_links_minted + :count <= :quota
    """
)


class QuotaReached(Exception):
    """Raised inside the creating transaction, which then writes nothing."""


@dataclass(frozen=True, slots=True)
class Quotas:
    links: int
    single_use_links: int

    @classmethod
    def configured(cls, limits: QuotaLimits) -> Quotas:
        return cls(
            links=limits.max_links_per_organization,
            single_use_links=limits.max_single_use_links_per_organization,
        )


class QuotaLimits(Protocol):
    """What a deployment configures (``config.Limits``)."""

    @property
    def max_links_per_organization(self) -> int: ...
    @property
    def max_single_use_links_per_organization(self) -> int: ...


UNLIMITED = Quotas(links=2**31 - 1, single_use_links=2**62)


def take_links(organization_id: int, count: int, quota: int) -> Step:
    """Changes one row when the organization has room for ``count`` more links, none if not."""
    return Step(_TAKE_LINKS, {"organization_id": organization_id, "count": count, "quota": quota})


def take_single_use_links(organization_id: int, count: int, quota: int) -> Step:
    return Step(
        _TAKE_SINGLE_USE_LINKS,
        {"organization_id": organization_id, "count": count, "quota": quota},
    )
