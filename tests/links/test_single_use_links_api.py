"""Minting, revoking and storing single-use links over GraphQL."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from tortoise import connections

from models.accounts.tokens import MintedSecret, mint_secret
from models.accounts.viewer import Viewer
from models.db.tables import Link, SingleUseLink
from models.links import single_use_links
from models.links.links import get_visible_link
from tests.conftest import GraphQLClient
from tests.support.databases import Backend
from tests.support.link_factories import Team, count_rows, create_team, global_id, mint_one

CREATE_SINGLE_USE_LINK = """
mutation ($input: CreateSingleUseLinkInput!) {
  createSingleUseLink(input: $input) {
    __typename
    ... on SingleUseLinkCreated {
      token url
      singleUseLink {
        label prefix status maxUses uses usesRemaining expiresAt effectiveExpiresAt
        invitee { name email } skipForm lockToInvitee metadata effectiveMetadata
        createdBy { email } parent { name }
      }
    }
    ... on InvalidInput { fieldErrors { field message } }
    ... on NotFound { message }
    ... on Forbidden { message }
  }
}
"""
CREATE_SINGLE_USE_LINKS = """
mutation ($input: CreateSingleUseLinksInput!) {
  createSingleUseLinks(input: $input) {
    __typename
    ... on SingleUseLinksCreated { created { token url singleUseLink { id status label } } }
    ... on InvalidInput { fieldErrors { field message } }
  }
}
"""
REVOKE_SINGLE_USE_LINK = """
mutation ($id: ID!) {
  revokeSingleUseLink(input: {id: $id}) {
    __typename
    ... on SingleUseLinkRevoked { singleUseLink { status revokedAt usesRemaining } }
    ... on InvalidInput { fieldErrors { field message } }
  }
}
"""
SINGLE_USE_LINK_NODE = """
query ($id: ID!) {
  node(id: $id) { ... on SingleUseLink { status uses maxUses usesRemaining revokedAt } }
}
"""
PUBLIC_LINK = """
query ($key: String!) {
  publicLink(key: $key) {
    __typename
    ... on PublicLink { kind title }
    ... on LinkUnavailable { reason message }
  }
}
"""
TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{43}$")
PARENT_EXPIRY = datetime(2031, 1, 1, 9, 0, tzinfo=UTC)
NOT_FOUND = {
    "__typename": "LinkUnavailable",
    "reason": "NOT_FOUND",
    "message": "This booking link does not exist. "
    "Please check the address, or ask the person who sent it for a new link.",
}


@pytest.fixture
async def team(client: GraphQLClient) -> Team:
    return await create_team()


def mint_input(team: Team, **fields: Any) -> dict[str, object]:
    return {"input": {"linkId": global_id("Link", team.link.id), **fields}}


async def test_owner_mints_a_single_use_link_and_receives_its_token_and_url(
    client: GraphQLClient, team: Team
) -> None:
    result = await client.execute(
        CREATE_SINGLE_USE_LINK,
        mint_input(team, label="Acme Corp - Jane", metadata={"crm": "lead-42"}),
        key=team.owner.key,
    )

    created = result["data"]["createSingleUseLink"]  # type: ignore[index]
    token = created["token"]
    assert TOKEN_SHAPE.match(token)
    assert created == {
        "__typename": "SingleUseLinkCreated",
        "token": token,
        "url": f"https://slotlink.test/l/{token}",
        "singleUseLink": {
            "label": "Acme Corp - Jane",
            "prefix": token[:10],
            "status": "ACTIVE",
            "maxUses": 1,
            "uses": 0,
            "usesRemaining": 1,
            "expiresAt": None,
            "effectiveExpiresAt": None,
            "invitee": None,
            "skipForm": False,
            "lockToInvitee": False,
            "metadata": {"crm": "lead-42"},
            "effectiveMetadata": {"crm": "lead-42"},
            "createdBy": {"email": "max@acme.test"},
            "parent": {"name": "Discovery call"},
        },
    }
    assert await count_rows("single_use_links") == 1


async def test_minted_token_opens_the_public_page_of_its_link(
    client: GraphQLClient, team: Team
) -> None:
    # given
    result = await client.execute(CREATE_SINGLE_USE_LINK, mint_input(team), key=team.owner.key)
    token = result["data"]["createSingleUseLink"]["token"]  # type: ignore[index]

    # when
    page = await client.execute(PUBLIC_LINK, {"key": token})

    # then
    assert page == {
        "data": {
            "publicLink": {
                "__typename": "PublicLink",
                "kind": "SINGLE_USE",
                "title": "Discovery call",
            }
        }
    }


async def test_personalized_link_skips_the_form_unless_asked(
    client: GraphQLClient, team: Team
) -> None:
    invitee = {"name": "Jane Prospect", "email": "Jane@Prospect.Example"}

    default = await client.execute(
        CREATE_SINGLE_USE_LINK, mint_input(team, invitee=invitee), key=team.owner.key
    )
    with_form = await client.execute(
        CREATE_SINGLE_USE_LINK,
        mint_input(team, invitee=invitee, skipForm=False),
        key=team.owner.key,
    )

    created = [
        default["data"]["createSingleUseLink"]["singleUseLink"],  # type: ignore[index]
        with_form["data"]["createSingleUseLink"]["singleUseLink"],  # type: ignore[index]
    ]
    assert [(c["invitee"], c["skipForm"]) for c in created] == [
        ({"name": "Jane Prospect", "email": "jane@prospect.example"}, True),
        ({"name": "Jane Prospect", "email": "jane@prospect.example"}, False),
    ]


async def test_child_keeps_its_own_earlier_expiry(client: GraphQLClient, team: Team) -> None:
    await Link.filter(id=team.link.id).update(expires_at=PARENT_EXPIRY)

    result = await client.execute(
        CREATE_SINGLE_USE_LINK,
        mint_input(team, expiresAt="2030-12-24T18:00:00+00:00"),
        key=team.owner.key,
    )

    child = result["data"]["createSingleUseLink"]["singleUseLink"]  # type: ignore[index]
    assert (child["expiresAt"], child["effectiveExpiresAt"]) == (
        "2030-12-24T18:00:00+00:00",
        "2030-12-24T18:00:00+00:00",
    )


@pytest.mark.parametrize(
    ("fields", "field_errors"),
    [
        pytest.param(
            {"expiresAt": "2031-01-01T09:00:01+00:00"},
            [
                {
                    "field": "expiresAt",
                    "message": "may only shorten the link's own expiry, not extend it",
                }
            ],
            id="later-than-parent",
        ),
        pytest.param(
            {"expiresAt": "2020-01-01T00:00:00+00:00"},
            [{"field": "expiresAt", "message": "must be in the future"}],
            id="in-the-past",
        ),
        pytest.param(
            {"maxUses": 0},
            [{"field": "maxUses", "message": "must be between 1 and 1000"}],
            id="zero-uses",
        ),
        pytest.param(
            {"maxUses": 1001},
            [{"field": "maxUses", "message": "must be between 1 and 1000"}],
            id="too-many-uses",
        ),
        pytest.param(
            {"lockToInvitee": True},
            [{"field": "lockToInvitee", "message": "needs an invitee email to lock the link to"}],
            id="lock-without-invitee",
        ),
        pytest.param(
            {"invitee": {"name": "Jane", "email": "jane.prospect.example"}},
            [{"field": "invitee.email", "message": "must be an email address"}],
            id="bad-invitee-email",
        ),
        pytest.param(
            {"maxUses": 0, "invitee": {"name": " ", "email": "jane@"}},
            [
                {"field": "maxUses", "message": "must be between 1 and 1000"},
                {"field": "invitee.name", "message": "must not be empty"},
                {"field": "invitee.email", "message": "must be an email address"},
            ],
            id="every-problem-at-once",
        ),
    ],
)
async def test_invalid_mint_names_the_field_and_writes_nothing(
    client: GraphQLClient, team: Team, fields: dict[str, object], field_errors: list[object]
) -> None:
    # given
    await Link.filter(id=team.link.id).update(expires_at=PARENT_EXPIRY)

    # when
    result = await client.execute(
        CREATE_SINGLE_USE_LINK, mint_input(team, **fields), key=team.owner.key
    )

    # then
    assert result["data"] == {
        "createSingleUseLink": {"__typename": "InvalidInput", "fieldErrors": field_errors}
    }
    assert await count_rows("single_use_links") == 0


async def test_minting_from_an_archived_link_is_invalid_on_link_id(
    client: GraphQLClient, team: Team
) -> None:
    await Link.filter(id=team.link.id).update(archived_at=datetime.now(UTC))

    result = await client.execute(CREATE_SINGLE_USE_LINK, mint_input(team), key=team.owner.key)

    assert result["data"] == {
        "createSingleUseLink": {
            "__typename": "InvalidInput",
            "fieldErrors": [
                {"field": "linkId", "message": "the link is archived or inactive; restore it first"}
            ],
        }
    }
    assert await count_rows("single_use_links") == 0


# -- revoking and derived status ------------------------------------------------------------


async def test_revoked_link_is_revoked(client: GraphQLClient, team: Team) -> None:
    # given
    minted = await mint_one(team.owner, team.link)

    # when
    result = await client.execute(
        REVOKE_SINGLE_USE_LINK,
        {"id": global_id("SingleUseLink", minted.single_use_link.id)},
        key=team.owner.key,
    )

    # then
    stored = await SingleUseLink.get(id=minted.single_use_link.id)
    assert stored.revoked_at is not None
    assert result["data"] == {
        "revokeSingleUseLink": {
            "__typename": "SingleUseLinkRevoked",
            "singleUseLink": {
                "status": "REVOKED",
                "revokedAt": stored.revoked_at.isoformat(),
                "usesRemaining": 0,
            },
        }
    }
    assert await client.execute(PUBLIC_LINK, {"key": minted.token}) == {
        "data": {
            "publicLink": {
                "__typename": "LinkUnavailable",
                "reason": "REVOKED",
                "message": "This link has been withdrawn. "
                "Please contact Max Member (max@acme.test) to arrange a meeting.",
            }
        }
    }


async def test_revoking_twice_is_idempotent(client: GraphQLClient, team: Team) -> None:
    # given
    minted = await mint_one(team.owner, team.link)
    variables: dict[str, object] = {"id": global_id("SingleUseLink", minted.single_use_link.id)}
    first = await client.execute(REVOKE_SINGLE_USE_LINK, variables, key=team.owner.key)

    # when
    second = await client.execute(REVOKE_SINGLE_USE_LINK, variables, key=team.owner.key)

    # then
    assert second == first
    assert second["data"]["revokeSingleUseLink"]["__typename"] == "SingleUseLinkRevoked"  # type: ignore[index]


async def test_revoke_racing_another_revoke_is_still_idempotent(
    client: GraphQLClient, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: another revoke lands between this one's read and its conditional update
    minted = await mint_one(team.owner, team.link)
    earlier = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=1)
    read_link = get_visible_link

    async def read_then_revoked_meanwhile(viewer: Viewer, link_id: int) -> Link:
        link = await read_link(viewer, link_id)
        await SingleUseLink.filter(id=minted.single_use_link.id).update(revoked_at=earlier)
        return link

    monkeypatch.setattr(single_use_links, "get_visible_link", read_then_revoked_meanwhile)

    # when
    result = await client.execute(
        REVOKE_SINGLE_USE_LINK,
        {"id": global_id("SingleUseLink", minted.single_use_link.id)},
        key=team.owner.key,
    )

    # then
    assert result["data"] == {
        "revokeSingleUseLink": {
            "__typename": "SingleUseLinkRevoked",
            "singleUseLink": {
                "status": "REVOKED",
                "revokedAt": earlier.isoformat(),
                "usesRemaining": 0,
            },
        }
    }


async def test_revoke_racing_a_booking_lets_the_booking_win(
    client: GraphQLClient, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: the last use is spent between the revoke's read and its conditional update
    minted = await mint_one(team.owner, team.link)
    read_link = get_visible_link

    async def read_then_used_meanwhile(viewer: Viewer, link_id: int) -> Link:
        link = await read_link(viewer, link_id)
        await SingleUseLink.filter(id=minted.single_use_link.id).update(uses=1)
        return link

    monkeypatch.setattr(single_use_links, "get_visible_link", read_then_used_meanwhile)

    # when
    result = await client.execute(
        REVOKE_SINGLE_USE_LINK,
        {"id": global_id("SingleUseLink", minted.single_use_link.id)},
        key=team.owner.key,
    )

    # then
    assert result["data"] == {
        "revokeSingleUseLink": {
            "__typename": "InvalidInput",
            "fieldErrors": [
                {"field": "id", "message": "the link was used while revoking; try again"}
            ],
        }
    }
    stored = await SingleUseLink.get(id=minted.single_use_link.id)
    assert (stored.uses, stored.revoked_at) == (1, None)


async def test_used_link_cannot_be_revoked_and_stays_used(
    client: GraphQLClient, team: Team
) -> None:
    # given: booking is not built yet, so spend the use directly
    minted = await mint_one(team.owner, team.link)
    await SingleUseLink.filter(id=minted.single_use_link.id).update(uses=1)
    child_id = global_id("SingleUseLink", minted.single_use_link.id)

    # when
    result = await client.execute(REVOKE_SINGLE_USE_LINK, {"id": child_id}, key=team.owner.key)

    # then
    assert result["data"] == {
        "revokeSingleUseLink": {
            "__typename": "InvalidInput",
            "fieldErrors": [{"field": "id", "message": "a used single-use link cannot be revoked"}],
        }
    }
    node = await client.execute(SINGLE_USE_LINK_NODE, {"id": child_id}, key=team.owner.key)
    assert node["data"] == {
        "node": {"status": "USED", "uses": 1, "maxUses": 1, "usesRemaining": 0, "revokedAt": None}
    }


async def test_child_past_its_own_expiry_is_expired(client: GraphQLClient, team: Team) -> None:
    # given
    minted = await mint_one(team.owner, team.link)
    await SingleUseLink.filter(id=minted.single_use_link.id).update(
        expires_at=datetime.now(UTC) - timedelta(minutes=1)
    )

    # when
    node = await client.execute(
        SINGLE_USE_LINK_NODE,
        {"id": global_id("SingleUseLink", minted.single_use_link.id)},
        key=team.owner.key,
    )

    # then
    assert node["data"] == {
        "node": {
            "status": "EXPIRED",
            "uses": 0,
            "maxUses": 1,
            "usesRemaining": 0,
            "revokedAt": None,
        }
    }


async def test_child_with_uses_left_counts_them_down(client: GraphQLClient, team: Team) -> None:
    result = await client.execute(
        CREATE_SINGLE_USE_LINK, mint_input(team, maxUses=3), key=team.owner.key
    )
    created = result["data"]["createSingleUseLink"]["singleUseLink"]  # type: ignore[index]
    stored = await SingleUseLink.get()
    await SingleUseLink.filter(id=stored.id).update(uses=2)

    node = await client.execute(
        SINGLE_USE_LINK_NODE, {"id": global_id("SingleUseLink", stored.id)}, key=team.owner.key
    )

    assert (created["maxUses"], created["usesRemaining"]) == (3, 3)
    assert node["data"] == {
        "node": {"status": "ACTIVE", "uses": 2, "maxUses": 3, "usesRemaining": 1, "revokedAt": None}
    }


# -- bulk minting ---------------------------------------------------------------------------


async def test_bulk_mint_gives_distinct_tokens_that_each_open_the_link(
    client: GraphQLClient, team: Team
) -> None:
    # when
    result = await client.execute(
        CREATE_SINGLE_USE_LINKS, mint_input(team, count=3, label="Webinar"), key=team.owner.key
    )

    # then
    payload = result["data"]["createSingleUseLinks"]  # type: ignore[index]
    assert payload["__typename"] == "SingleUseLinksCreated"
    created = payload["created"]
    tokens = [c["token"] for c in created]
    assert len(set(tokens)) == 3
    assert len({c["singleUseLink"]["id"] for c in created}) == 3
    assert [c["url"] for c in created] == [f"https://slotlink.test/l/{t}" for t in tokens]
    assert [(c["singleUseLink"]["status"], c["singleUseLink"]["label"]) for c in created] == [
        ("ACTIVE", "Webinar")
    ] * 3
    for token in tokens:
        page = await client.execute(PUBLIC_LINK, {"key": token})
        assert page["data"] == {
            "publicLink": {
                "__typename": "PublicLink",
                "kind": "SINGLE_USE",
                "title": "Discovery call",
            }
        }
    assert await count_rows("single_use_links") == 3


@pytest.mark.parametrize("count", [0, 501])
async def test_bulk_mint_out_of_range_is_invalid_on_count_and_writes_nothing(
    client: GraphQLClient, team: Team, count: int
) -> None:
    result = await client.execute(
        CREATE_SINGLE_USE_LINKS, mint_input(team, count=count), key=team.owner.key
    )

    assert result["data"] == {
        "createSingleUseLinks": {
            "__typename": "InvalidInput",
            "fieldErrors": [{"field": "count", "message": "must be between 1 and 500"}],
        }
    }
    assert await count_rows("single_use_links") == 0


def unexpected_errors(result: dict[str, object]) -> list[tuple[str, list[str]]]:
    """Message and path of each GraphQL error: the masked failure, nothing of its cause."""
    errors = result["errors"]
    assert isinstance(errors, list)
    return [(error["message"], error["path"]) for error in errors]


async def test_bulk_mint_with_a_clashing_token_writes_nothing(
    client: GraphQLClient, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: the third secret repeats the first, so the unique token_hash fails mid-insert
    minted: list[MintedSecret] = []

    def clashing_secret(kind: str = "") -> MintedSecret:
        secret = mint_secret(kind) if len(minted) != 2 else minted[0]
        minted.append(secret)
        return secret

    monkeypatch.setattr(single_use_links, "mint_secret", clashing_secret)

    # when
    result = await client.execute(
        CREATE_SINGLE_USE_LINKS, mint_input(team, count=5), key=team.owner.key
    )

    # then
    assert result["data"] is None
    assert unexpected_errors(result) == [("Unexpected error.", ["createSingleUseLinks"])]
    assert len(minted) == 5
    assert await count_rows("single_use_links") == 0


async def test_bulk_mint_failing_after_the_insert_writes_nothing(
    client: GraphQLClient, team: Team
) -> None:
    # given: the links' insert succeeds, then their events' insert fails in the database
    connection = connections.get("default")
    await connection.execute_script("ALTER TABLE webhook_events RENAME TO webhook_events_away")
    try:
        # when
        result = await client.execute(
            CREATE_SINGLE_USE_LINKS, mint_input(team, count=3), key=team.owner.key
        )
    finally:
        await connection.execute_script("ALTER TABLE webhook_events_away RENAME TO webhook_events")

    # then
    assert result["data"] is None
    assert unexpected_errors(result) == [("Unexpected error.", ["createSingleUseLinks"])]
    assert await count_rows("single_use_links") == 0


# -- storage ---------------------------------------------------------------------------------


async def every_stored_value(backend: Backend) -> list[str]:
    """Every value of every column of every table, as text."""
    connection = connections.get("default")
    if backend.name == "sqlite":
        _, tables = await connection.execute_query(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
        )
        names = [row["name"] for row in tables]
    else:
        _, tables = await connection.execute_query(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        )
        names = [row["tablename"] for row in tables]
    assert {"single_use_links", "links", "api_keys", "users"} <= set(names)
    values: list[str] = []
    for name in names:
        _, rows = await connection.execute_query(f'SELECT * FROM "{name}"')
        values.extend(str(value) for row in rows for value in dict(row).values())
    return values


async def test_the_database_holds_only_the_hash_of_a_token(
    client: GraphQLClient, team: Team, db: Backend
) -> None:
    # given
    result = await client.execute(CREATE_SINGLE_USE_LINK, mint_input(team), key=team.owner.key)
    token = result["data"]["createSingleUseLink"]["token"]  # type: ignore[index]

    # when
    values = await every_stored_value(db)

    # then
    digest = hashlib.sha256(token.encode()).hexdigest()
    assert [value for value in values if token in value] == []
    assert values.count(digest) == 1


async def test_the_stored_hash_presented_as_a_token_opens_nothing(
    client: GraphQLClient, team: Team
) -> None:
    # given
    minted = await mint_one(team.owner, team.link)
    stored = await SingleUseLink.get(id=minted.single_use_link.id)

    # when
    result = await client.execute(PUBLIC_LINK, {"key": stored.token_hash})

    # then
    assert result == {"data": {"publicLink": NOT_FOUND}}
