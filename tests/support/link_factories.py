"""Meeting types, links and single-use links made through the domain functions, for tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from strawberry.relay import to_base64
from tortoise import connections

from models.accounts.viewer import Viewer
from models.db.tables import ApiKey, Link, LocationKind, MeetingType
from models.links.links import LinkFields, create_link
from models.links.meeting_types import MeetingTypeFields, create_meeting_type
from models.links.single_use_links import Minted, MintOptions, mint_single_use_links
from tests.support.factories import Account, Tenant, add_account, create_tenant

NONEXISTENT_PK = 999_999


def global_id(type_name: str, pk: int) -> str:
    return to_base64(type_name, pk)


async def viewer_of(account: Account) -> Viewer:
    key = await ApiKey.get(id=account.api_key_id).select_related("user__organization")
    return Viewer.from_api_key(key)


async def make_meeting_type(
    organization_id: int, *, name: str = "Intro call", duration_minutes: int = 30
) -> MeetingType:
    return await create_meeting_type(
        organization_id,
        MeetingTypeFields(
            name=name,
            duration_minutes=duration_minutes,
            location_kind=LocationKind.VIDEO,
            location_details="https://meet.example/room",
        ),
    )


async def make_link(
    account: Account,
    meeting_type: MeetingType,
    *,
    name: str = "Discovery call",
    host_ids: list[int] | None = None,
    expires_at: datetime | None = None,
    owner_id: int | None = None,
    metadata: dict[str, Any] | None = None,
) -> Link:
    return await create_link(
        await viewer_of(account),
        LinkFields(
            name=name,
            meeting_type_id=meeting_type.id,
            host_ids=host_ids,
            expires_at=expires_at,
            metadata=metadata,
        ),
        owner_id=owner_id,
    )


async def mint(
    account: Account, link: Link, options: MintOptions | None = None, *, count: int = 1
) -> list[Minted]:
    return await mint_single_use_links(
        await viewer_of(account), link.id, options or MintOptions(), count=count
    )


async def mint_one(account: Account, link: Link, options: MintOptions | None = None) -> Minted:
    return (await mint(account, link, options))[0]


@dataclass(frozen=True, slots=True)
class Team:
    """Org A: Ada the admin, Max the member who owns ``link``, Hana who hosts it with him,
    Olga who neither owns nor hosts it."""

    tenant: Tenant
    host: Account
    other: Account
    meeting_type: MeetingType
    link: Link

    @property
    def admin(self) -> Account:
        return self.tenant.admin

    @property
    def owner(self) -> Account:
        return self.tenant.member


async def create_team(name: str = "Acme", *, domain: str = "acme.test") -> Team:
    tenant = await create_tenant(name, domain=domain)
    host = await add_account(tenant.organization_id, f"hana@{domain}", "Hana Host")
    other = await add_account(tenant.organization_id, f"olga@{domain}", "Olga Other")
    meeting_type = await make_meeting_type(tenant.organization_id)
    link = await make_link(
        tenant.member, meeting_type, host_ids=[tenant.member.user_id, host.user_id]
    )
    return Team(tenant=tenant, host=host, other=other, meeting_type=meeting_type, link=link)


async def count_rows(table: str) -> int:
    _, rows = await connections.get("default").execute_query(f"SELECT COUNT(*) AS n FROM {table}")
    return int(rows[0]["n"])
