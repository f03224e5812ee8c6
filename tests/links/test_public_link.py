"""The invitee's side: ``publicLink`` by standard slug or single-use token, anonymously."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from models.db.tables import Link, MeetingType, SingleUseLink
from models.links.single_use_links import MintOptions
from tests.conftest import GraphQLClient
from tests.support.factories import create_tenant
from tests.support.link_factories import Team, create_team, make_link, mint_one

PUBLIC_LINK = """
query ($key: String!, $skipForm: Boolean) {
  publicLink(key: $key, skipForm: $skipForm) {
    __typename
    ... on PublicLink {
      kind title meetingTypeName description durationMinutes locationKind
      hostNames ownerName ownerEmail expiresAt
      prefill { name email }
      skipForm lockToInvitee
    }
    ... on LinkUnavailable { reason message }
  }
}
"""
PUBLIC_LINK_FIELDS = '{ __type(name: "PublicLink") { fields { name } } }'
SCHEMA_TYPES = """
{
  __schema {
    types {
      name
      possibleTypes { name }
      fields { name type { name ofType { name ofType { name ofType { name } } } } }
    }
  }
}
"""
PRIVATE_FIELDS = {"id", "token", "metadata", "effectiveMetadata", "singleUseLinks", "tokenHash"}
PRIVATE_TYPES = {"Link", "SingleUseLink", "User", "MeetingType", "Organization", "ApiKey"}
CHILD_EXPIRY = datetime(2030, 12, 24, 18, 0, tzinfo=UTC)
NOT_FOUND = {
    "__typename": "LinkUnavailable",
    "reason": "NOT_FOUND",
    "message": "This booking link does not exist. "
    "Please check the address, or ask the person who sent it for a new link.",
}
CONTACT_MAX = "Please contact Max Member (max@acme.test) to arrange a meeting."
INVITEE = MintOptions(invitee_name="Jane Prospect", invitee_email="jane@prospect.example")


@pytest.fixture
async def team(client: GraphQLClient) -> Team:
    return await create_team()


async def public_link(
    client: GraphQLClient, key: str, *, skip_form: bool | None = None
) -> dict[str, object]:
    result = await client.execute(PUBLIC_LINK, {"key": key, "skipForm": skip_form})
    assert "errors" not in result, result
    data = result["data"]
    assert isinstance(data, dict)
    page: dict[str, object] = data["publicLink"]
    return page


def page(**overrides: object) -> dict[str, object]:
    return {
        "__typename": "PublicLink",
        "kind": "SINGLE_USE",
        "title": "Discovery call",
        "meetingTypeName": "Intro call",
        "description": "",
        "durationMinutes": 30,
        "locationKind": "VIDEO",
        "hostNames": ["Max Member", "Hana Host"],
        "ownerName": "Max Member",
        "ownerEmail": "max@acme.test",
        "expiresAt": None,
        "prefill": None,
        "skipForm": False,
        "lockToInvitee": False,
        **overrides,
    }


async def test_standard_link_opens_by_org_and_link_slug(client: GraphQLClient, team: Team) -> None:
    assert await public_link(client, "acme/discovery-call") == page(kind="STANDARD")


async def test_single_use_link_opens_by_token_with_its_effective_expiry(
    client: GraphQLClient, team: Team
) -> None:
    minted = await mint_one(team.owner, team.link, MintOptions(expires_at=CHILD_EXPIRY))

    assert await public_link(client, minted.token) == page(expiresAt="2030-12-24T18:00:00+00:00")


async def test_single_use_page_reads_the_parents_meeting_type_live(
    client: GraphQLClient, team: Team
) -> None:
    # given
    minted = await mint_one(team.owner, team.link)

    # when
    await MeetingType.filter(id=team.meeting_type.id).update(
        name="Deep dive", duration_minutes=60, description="Bring your numbers."
    )

    # then
    assert await public_link(client, minted.token) == page(
        meetingTypeName="Deep dive", durationMinutes=60, description="Bring your numbers."
    )


async def test_personalized_link_is_prefilled_and_skips_the_form(
    client: GraphQLClient, team: Team
) -> None:
    minted = await mint_one(team.owner, team.link, INVITEE)

    assert await public_link(client, minted.token) == page(
        prefill={"name": "Jane Prospect", "email": "jane@prospect.example"}, skipForm=True
    )


async def test_personalized_link_shows_the_form_when_asked(
    client: GraphQLClient, team: Team
) -> None:
    minted = await mint_one(team.owner, team.link, INVITEE)

    assert await public_link(client, minted.token, skip_form=False) == page(
        prefill={"name": "Jane Prospect", "email": "jane@prospect.example"}, skipForm=False
    )


async def test_personalized_link_minted_with_the_form_shows_it(
    client: GraphQLClient, team: Team
) -> None:
    options = MintOptions(
        invitee_name="Jane Prospect",
        invitee_email="jane@prospect.example",
        skip_form=False,
        lock_to_invitee=True,
    )
    minted = await mint_one(team.owner, team.link, options)

    assert await public_link(client, minted.token) == page(
        prefill={"name": "Jane Prospect", "email": "jane@prospect.example"},
        skipForm=False,
        lockToInvitee=True,
    )


UNKNOWN_KEYS = [
    secrets.token_urlsafe(32),  # well formed, never minted
    "abc",
    "a" * 200,
    "a" * 5000,
    "",
    "acme/no-such-link",
    "no-such-org/discovery-call",
    "globex/discovery-call",  # Globex exists, but the link is Acme's
    "acme/discovery-call/extra",
    "' OR 1=1 --",
]


async def test_unknown_and_malformed_keys_are_not_found_alike(
    client: GraphQLClient, team: Team
) -> None:
    await create_tenant("Globex", domain="globex.test")

    results = [await public_link(client, key) for key in UNKNOWN_KEYS]

    assert results == [NOT_FOUND] * len(UNKNOWN_KEYS)


async def test_revoked_token_is_unavailable_and_names_the_owner(
    client: GraphQLClient, team: Team
) -> None:
    # given
    minted = await mint_one(team.owner, team.link)
    await SingleUseLink.filter(id=minted.single_use_link.id).update(revoked_at=datetime.now(UTC))

    # when
    result = await public_link(client, minted.token)

    # then
    assert result == {
        "__typename": "LinkUnavailable",
        "reason": "REVOKED",
        "message": f"This link has been withdrawn. {CONTACT_MAX}",
    }


async def test_used_token_is_unavailable_and_names_the_owner(
    client: GraphQLClient, team: Team
) -> None:
    minted = await mint_one(team.owner, team.link)
    await SingleUseLink.filter(id=minted.single_use_link.id).update(uses=1)

    assert await public_link(client, minted.token) == {
        "__typename": "LinkUnavailable",
        "reason": "USED",
        "message": f"This link has already been used to book a meeting. {CONTACT_MAX}",
    }


async def test_expired_token_is_unavailable_and_names_the_owner(
    client: GraphQLClient, team: Team
) -> None:
    minted = await mint_one(team.owner, team.link)
    await SingleUseLink.filter(id=minted.single_use_link.id).update(
        expires_at=datetime.now(UTC) - timedelta(minutes=1)
    )

    assert await public_link(client, minted.token) == {
        "__typename": "LinkUnavailable",
        "reason": "EXPIRED",
        "message": f"This link has expired. {CONTACT_MAX}",
    }


async def test_token_of_an_archived_link_is_disabled_and_names_the_owner(
    client: GraphQLClient, team: Team
) -> None:
    minted = await mint_one(team.owner, team.link)
    await Link.filter(id=team.link.id).update(archived_at=datetime.now(UTC))

    assert await public_link(client, minted.token) == {
        "__typename": "LinkUnavailable",
        "reason": "DISABLED",
        "message": f"This link is no longer available. {CONTACT_MAX}",
    }


async def test_archived_standard_link_is_disabled(client: GraphQLClient, team: Team) -> None:
    await Link.filter(id=team.link.id).update(archived_at=datetime.now(UTC))

    assert await public_link(client, "acme/discovery-call") == {
        "__typename": "LinkUnavailable",
        "reason": "DISABLED",
        "message": f"This link is no longer available. {CONTACT_MAX}",
    }


async def test_expired_standard_link_is_expired(client: GraphQLClient, team: Team) -> None:
    await Link.filter(id=team.link.id).update(expires_at=datetime.now(UTC) - timedelta(minutes=1))

    assert await public_link(client, "acme/discovery-call") == {
        "__typename": "LinkUnavailable",
        "reason": "EXPIRED",
        "message": f"This link has expired. {CONTACT_MAX}",
    }


async def test_unavailable_managed_link_names_its_owner_not_the_admin_who_made_it(
    client: GraphQLClient, team: Team
) -> None:
    # given: Ada (admin) made a link owned by Olga
    managed = await make_link(
        team.admin, team.meeting_type, name="Olga's call", owner_id=team.other.user_id
    )
    minted = await mint_one(team.admin, managed)
    await SingleUseLink.filter(id=minted.single_use_link.id).update(uses=1)

    # when
    result = await public_link(client, minted.token)

    # then
    assert result == {
        "__typename": "LinkUnavailable",
        "reason": "USED",
        "message": "This link has already been used to book a meeting. "
        "Please contact Olga Other (olga@acme.test) to arrange a meeting.",
    }


async def test_public_link_type_has_no_private_field(client: GraphQLClient, team: Team) -> None:
    result = await client.execute(PUBLIC_LINK_FIELDS, key=team.owner.key)

    fields = {field["name"] for field in result["data"]["__type"]["fields"]}  # type: ignore[index]
    assert {"kind", "title", "ownerName", "ownerEmail", "prefill"} <= fields
    assert fields & PRIVATE_FIELDS == set()


def _named(type_ref: dict[str, Any]) -> str:
    while type_ref.get("ofType") is not None:
        type_ref = type_ref["ofType"]
    name: str = type_ref["name"]
    return name


async def test_no_private_type_or_field_is_reachable_from_public_link(
    client: GraphQLClient, team: Team
) -> None:
    # given
    result = await client.execute(SCHEMA_TYPES, key=team.owner.key)
    types = {t["name"]: t for t in result["data"]["__schema"]["types"]}  # type: ignore[index]

    # when: every type an invitee can reach from the publicLink result
    reachable: set[str] = set()
    pending = ["PublicLinkResult"]
    while pending:
        name = pending.pop()
        if name in reachable:
            continue
        reachable.add(name)
        schema_type = types[name]
        pending.extend(t["name"] for t in schema_type["possibleTypes"] or [])
        pending.extend(_named(f["type"]) for f in schema_type["fields"] or [])
    reachable_fields = {
        field["name"] for name in reachable for field in types[name]["fields"] or []
    }

    # then
    assert {"PublicLink", "LinkUnavailable", "Prefill"} <= reachable
    assert reachable & PRIVATE_TYPES == set()
    assert reachable_fields & PRIVATE_FIELDS == set()
