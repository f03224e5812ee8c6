"""Who may read and change links, single-use links and meeting types, within and across tenants.

Actors: Ada (admin of Acme), Max (member, owns the link), Hana (member, hosts the link with
Max), Olga (member, neither owns nor hosts it) and the admin of Globex, another tenant.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from models.db.tables import Link, LinkHost, MeetingType, SingleUseLink
from models.links.single_use_links import MintOptions
from tests.conftest import GraphQLClient
from tests.support.factories import Account, create_tenant
from tests.support.link_factories import (
    NONEXISTENT_PK,
    Team,
    create_team,
    global_id,
    make_link,
    make_meeting_type,
    mint_one,
)

LINKS = "{ links { totalCount edges { node { name } } } }"
READ_LINK = """
query ($link: ID!, $child: ID!) {
  link(id: $link) { name singleUseLinks { totalCount edges { node { label } } } }
  linkNode: node(id: $link) { __typename ... on Link { name } }
  childNode: node(id: $child) { __typename ... on SingleUseLink { label } }
}
"""
MEETING_TYPE_NODE = """
query ($id: ID!) { node(id: $id) { __typename ... on MeetingType { name } } }
"""
NODE = """
query ($id: ID!) { node(id: $id) { __typename ... on Link { name } } }
"""
UPDATE_LINK = """
mutation ($id: ID!) {
  updateLink(input: {id: $id, name: "Renamed"}) {
    __typename
    ... on LinkSaved { link { name } }
    ... on NotFound { message }
    ... on Forbidden { message }
  }
}
"""
ARCHIVE_LINK = """
mutation ($id: ID!) {
  archiveLink(input: {id: $id}) {
    __typename
    ... on LinkSaved { link { archived } }
    ... on NotFound { message }
    ... on Forbidden { message }
  }
}
"""
RESTORE_LINK = """
mutation ($id: ID!) {
  restoreLink(input: {id: $id}) {
    __typename
    ... on LinkSaved { link { archived } }
    ... on NotFound { message }
    ... on Forbidden { message }
  }
}
"""
CREATE_SINGLE_USE_LINK = """
mutation ($id: ID!) {
  createSingleUseLink(input: {linkId: $id, label: "Minted"}) {
    __typename
    ... on SingleUseLinkCreated { singleUseLink { label status parent { name } } }
    ... on NotFound { message }
    ... on Forbidden { message }
  }
}
"""
CREATE_SINGLE_USE_LINKS = """
mutation ($id: ID!) {
  createSingleUseLinks(input: {linkId: $id, count: 2, label: "Minted"}) {
    __typename
    ... on SingleUseLinksCreated { created { singleUseLink { label status } } }
    ... on NotFound { message }
    ... on Forbidden { message }
  }
}
"""
REVOKE_SINGLE_USE_LINK = """
mutation ($id: ID!) {
  revokeSingleUseLink(input: {id: $id}) {
    __typename
    ... on SingleUseLinkRevoked { singleUseLink { label status } }
    ... on NotFound { message }
    ... on Forbidden { message }
  }
}
"""
UPDATE_MEETING_TYPE = """
mutation ($id: ID!) {
  updateMeetingType(input: {id: $id, durationMinutes: 45}) {
    __typename
    ... on MeetingTypeSaved { meetingType { durationMinutes } }
    ... on NotFound { message }
    ... on Forbidden { message }
  }
}
"""
CREATE_LINK = """
mutation ($input: CreateLinkInput!) {
  createLink(input: $input) {
    __typename
    ... on LinkSaved { link { managed owner { email } } }
    ... on InvalidInput { fieldErrors { field message } }
    ... on Forbidden { message }
  }
}
"""
UPDATE_LINK_HOSTS = """
mutation ($id: ID!, $hostIds: [ID!]!) {
  updateLink(input: {id: $id, hostIds: $hostIds}) {
    __typename
    ... on InvalidInput { fieldErrors { field message } }
  }
}
"""
MAY_CHANGE = "Only the link's owner or an admin may change it."
MANAGED_BY_ADMINS = (
    "An admin manages this link for you: only admins may change it. "
    "You may still mint single-use links from it."
)
MAY_MINT = "Only the link's owner or an admin may mint single-use links."
MAY_REVOKE = "Only the link's owner or an admin may revoke its single-use links."
ADMIN_ONLY = "Only an admin of the organization may do this."
CHILDREN = {"totalCount": 1, "edges": [{"node": {"label": "For Jane"}}]}
READERS = ["admin", "owner", "host"]
OUTSIDERS = ["other", "foreign"]


@dataclass(frozen=True, slots=True)
class World:
    team: Team
    foreign: Account
    child_id: int

    def actor(self, name: str) -> Account:
        accounts = {
            "admin": self.team.admin,
            "owner": self.team.owner,
            "host": self.team.host,
            "other": self.team.other,
            "foreign": self.foreign,
        }
        return accounts[name]


@pytest.fixture
async def world(client: GraphQLClient) -> World:
    team = await create_team()
    child = await mint_one(team.owner, team.link, MintOptions(label="For Jane"))
    globex = await create_tenant("Globex", domain="globex.test")
    globex_type = await make_meeting_type(globex.organization_id, name="Globex intro")
    await make_link(globex.admin, globex_type, name="Globex call")
    return World(team=team, foreign=globex.admin, child_id=child.single_use_link.id)


async def snapshot() -> tuple[object, ...]:
    return (
        await Link.all().order_by("id").values(),
        await LinkHost.all().order_by("id").values(),
        await SingleUseLink.all().order_by("id").values(),
        await MeetingType.all().order_by("id").values(),
    )


# -- reads ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "names"),
    [
        ("admin", ["Discovery call"]),
        ("owner", ["Discovery call"]),
        ("host", ["Discovery call"]),
        ("other", []),
        ("foreign", ["Globex call"]),
    ],
)
async def test_links_lists_only_what_the_caller_may_see(
    client: GraphQLClient, world: World, actor: str, names: list[str]
) -> None:
    result = await client.execute(LINKS, key=world.actor(actor).key)

    assert result == {
        "data": {
            "links": {
                "totalCount": len(names),
                "edges": [{"node": {"name": name}} for name in names],
            }
        }
    }


@pytest.mark.parametrize("actor", READERS)
async def test_link_and_its_children_are_readable_by_every_path_for(
    client: GraphQLClient, world: World, actor: str
) -> None:
    variables: dict[str, object] = {
        "link": global_id("Link", world.team.link.id),
        "child": global_id("SingleUseLink", world.child_id),
    }

    result = await client.execute(READ_LINK, variables, key=world.actor(actor).key)

    assert result == {
        "data": {
            "link": {"name": "Discovery call", "singleUseLinks": CHILDREN},
            "linkNode": {"__typename": "Link", "name": "Discovery call"},
            "childNode": {"__typename": "SingleUseLink", "label": "For Jane"},
        }
    }


@pytest.mark.parametrize("actor", OUTSIDERS)
async def test_link_and_its_children_are_null_by_every_path_like_made_up_ids_for(
    client: GraphQLClient, world: World, actor: str
) -> None:
    key = world.actor(actor).key

    real = await client.execute(
        READ_LINK,
        {
            "link": global_id("Link", world.team.link.id),
            "child": global_id("SingleUseLink", world.child_id),
        },
        key=key,
    )
    made_up = await client.execute(
        READ_LINK,
        {
            "link": global_id("Link", NONEXISTENT_PK),
            "child": global_id("SingleUseLink", NONEXISTENT_PK),
        },
        key=key,
    )

    assert real == made_up == {"data": {"link": None, "linkNode": None, "childNode": None}}


async def test_every_member_of_the_organization_reads_its_meeting_type(
    client: GraphQLClient, world: World
) -> None:
    variables: dict[str, object] = {"id": global_id("MeetingType", world.team.meeting_type.id)}

    results = [
        await client.execute(MEETING_TYPE_NODE, variables, key=world.actor(actor).key)
        for actor in ["admin", "owner", "host", "other"]
    ]

    assert results == [{"data": {"node": {"__typename": "MeetingType", "name": "Intro call"}}}] * 4


async def test_meeting_type_is_null_for_another_tenant_like_a_made_up_id(
    client: GraphQLClient, world: World
) -> None:
    real = await client.execute(
        MEETING_TYPE_NODE,
        {"id": global_id("MeetingType", world.team.meeting_type.id)},
        key=world.foreign.key,
    )
    made_up = await client.execute(
        MEETING_TYPE_NODE, {"id": global_id("MeetingType", NONEXISTENT_PK)}, key=world.foreign.key
    )

    assert real == made_up == {"data": {"node": None}}


# -- writes ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Write:
    field: str
    document: str
    target: Callable[[World], str]
    made_up: str
    forbidden: str
    prepare: Callable[[World], Awaitable[object]] | None = None


async def _archive(world: World) -> object:
    return await Link.filter(id=world.team.link.id).update(archived_at=datetime.now(UTC))


def _link_id(world: World) -> str:
    return global_id("Link", world.team.link.id)


def _child_id(world: World) -> str:
    return global_id("SingleUseLink", world.child_id)


MADE_UP_LINK = global_id("Link", NONEXISTENT_PK)
WRITES = {
    "updateLink": Write("updateLink", UPDATE_LINK, _link_id, MADE_UP_LINK, MAY_CHANGE),
    "archiveLink": Write("archiveLink", ARCHIVE_LINK, _link_id, MADE_UP_LINK, MAY_CHANGE),
    "restoreLink": Write(
        "restoreLink", RESTORE_LINK, _link_id, MADE_UP_LINK, MAY_CHANGE, prepare=_archive
    ),
    "createSingleUseLink": Write(
        "createSingleUseLink", CREATE_SINGLE_USE_LINK, _link_id, MADE_UP_LINK, MAY_MINT
    ),
    "createSingleUseLinks": Write(
        "createSingleUseLinks", CREATE_SINGLE_USE_LINKS, _link_id, MADE_UP_LINK, MAY_MINT
    ),
    "revokeSingleUseLink": Write(
        "revokeSingleUseLink",
        REVOKE_SINGLE_USE_LINK,
        _child_id,
        global_id("SingleUseLink", NONEXISTENT_PK),
        MAY_REVOKE,
    ),
    "updateMeetingType": Write(
        "updateMeetingType",
        UPDATE_MEETING_TYPE,
        lambda world: global_id("MeetingType", world.team.meeting_type.id),
        global_id("MeetingType", NONEXISTENT_PK),
        ADMIN_ONLY,
    ),
}
LINK_WRITES = [name for name in WRITES if name != "updateMeetingType"]


@pytest.mark.parametrize(
    ("operation", "actor"),
    [
        *[(operation, actor) for operation in LINK_WRITES for actor in OUTSIDERS],
        ("updateMeetingType", "foreign"),
    ],
)
async def test_write_is_not_found_like_a_made_up_id_and_changes_nothing_for(
    client: GraphQLClient, world: World, operation: str, actor: str
) -> None:
    # given
    write = WRITES[operation]
    if write.prepare is not None:
        await write.prepare(world)
    before = await snapshot()
    key = world.actor(actor).key

    # when
    real = await client.execute(write.document, {"id": write.target(world)}, key=key)
    made_up = await client.execute(write.document, {"id": write.made_up}, key=key)

    # then
    assert real == made_up
    assert real["data"][write.field]["__typename"] == "NotFound"  # type: ignore[index]
    assert await snapshot() == before


@pytest.mark.parametrize(
    ("operation", "actor"),
    [
        *[(operation, "host") for operation in LINK_WRITES],
        *[("updateMeetingType", actor) for actor in ["owner", "host", "other"]],
    ],
)
async def test_write_is_forbidden_and_changes_nothing_for(
    client: GraphQLClient, world: World, operation: str, actor: str
) -> None:
    # given
    write = WRITES[operation]
    if write.prepare is not None:
        await write.prepare(world)
    before = await snapshot()

    # when
    result = await client.execute(
        write.document, {"id": write.target(world)}, key=world.actor(actor).key
    )

    # then
    assert result == {
        "data": {write.field: {"__typename": "Forbidden", "message": write.forbidden}}
    }
    assert await snapshot() == before


SUCCESSES = {
    "updateLink": {"__typename": "LinkSaved", "link": {"name": "Renamed"}},
    "archiveLink": {"__typename": "LinkSaved", "link": {"archived": True}},
    "restoreLink": {"__typename": "LinkSaved", "link": {"archived": False}},
    "createSingleUseLink": {
        "__typename": "SingleUseLinkCreated",
        "singleUseLink": {
            "label": "Minted",
            "status": "ACTIVE",
            "parent": {"name": "Discovery call"},
        },
    },
    "createSingleUseLinks": {
        "__typename": "SingleUseLinksCreated",
        "created": [{"singleUseLink": {"label": "Minted", "status": "ACTIVE"}}] * 2,
    },
    "revokeSingleUseLink": {
        "__typename": "SingleUseLinkRevoked",
        "singleUseLink": {"label": "For Jane", "status": "REVOKED"},
    },
    "updateMeetingType": {"__typename": "MeetingTypeSaved", "meetingType": {"durationMinutes": 45}},
}


@pytest.mark.parametrize("operation", list(WRITES))
async def test_admin_may_perform_on_a_members_link(
    client: GraphQLClient, world: World, operation: str
) -> None:
    write = WRITES[operation]
    if write.prepare is not None:
        await write.prepare(world)

    result = await client.execute(
        write.document, {"id": write.target(world)}, key=world.team.admin.key
    )

    assert result == {"data": {write.field: SUCCESSES[operation]}}


# -- managed links --------------------------------------------------------------------------


@pytest.fixture
async def managed(client: GraphQLClient, world: World) -> Link:
    """A link Ada (admin) made for Olga."""
    team = world.team
    variables: dict[str, object] = {
        "input": {
            "name": "Olga's call",
            "meetingTypeId": global_id("MeetingType", team.meeting_type.id),
            "ownerId": global_id("User", team.other.user_id),
        }
    }
    result = await client.execute(CREATE_LINK, variables, key=team.admin.key)
    assert result["data"] == {
        "createLink": {
            "__typename": "LinkSaved",
            "link": {"managed": True, "owner": {"email": "olga@acme.test"}},
        }
    }
    return await Link.get(name="Olga's call")


async def test_owner_of_a_managed_link_may_mint_from_it(
    client: GraphQLClient, world: World, managed: Link
) -> None:
    result = await client.execute(
        CREATE_SINGLE_USE_LINK, {"id": global_id("Link", managed.id)}, key=world.team.other.key
    )

    assert result["data"] == {
        "createSingleUseLink": {
            "__typename": "SingleUseLinkCreated",
            "singleUseLink": {
                "label": "Minted",
                "status": "ACTIVE",
                "parent": {"name": "Olga's call"},
            },
        }
    }


@pytest.mark.parametrize("operation", ["updateLink", "archiveLink"])
async def test_owner_of_a_managed_link_may_not_change_it(
    client: GraphQLClient, world: World, managed: Link, operation: str
) -> None:
    """... and is told that admins change managed links, not that only its owner may."""
    write = WRITES[operation]
    before = await snapshot()

    result = await client.execute(
        write.document, {"id": global_id("Link", managed.id)}, key=world.team.other.key
    )

    assert result == {
        "data": {write.field: {"__typename": "Forbidden", "message": MANAGED_BY_ADMINS}}
    }
    assert await snapshot() == before


async def test_admin_may_change_a_managed_link(
    client: GraphQLClient, world: World, managed: Link
) -> None:
    result = await client.execute(
        UPDATE_LINK, {"id": global_id("Link", managed.id)}, key=world.team.admin.key
    )

    assert result["data"] == {
        "updateLink": {"__typename": "LinkSaved", "link": {"name": "Renamed"}}
    }


# -- references to another tenant's rows -----------------------------------------------------


async def test_link_with_another_tenants_meeting_type_is_invalid_like_a_made_up_one(
    client: GraphQLClient, world: World
) -> None:
    # given
    globex_type = await MeetingType.get(name="Globex intro")

    def variables(meeting_type_pk: int) -> dict[str, object]:
        return {
            "input": {"name": "Sneaky", "meetingTypeId": global_id("MeetingType", meeting_type_pk)}
        }

    # when
    real = await client.execute(CREATE_LINK, variables(globex_type.id), key=world.team.admin.key)
    made_up = await client.execute(CREATE_LINK, variables(NONEXISTENT_PK), key=world.team.admin.key)

    # then
    assert real == made_up
    assert real["data"] == {
        "createLink": {
            "__typename": "InvalidInput",
            "fieldErrors": [{"field": "meetingTypeId", "message": "no such meeting type"}],
        }
    }
    assert await Link.filter(name="Sneaky").count() == 0


async def test_link_hosted_by_another_tenants_user_is_invalid_like_a_made_up_one(
    client: GraphQLClient, world: World
) -> None:
    # given
    before = await snapshot()

    def variables(user_pk: int) -> dict[str, object]:
        return {
            "id": global_id("Link", world.team.link.id),
            "hostIds": [global_id("User", world.team.owner.user_id), global_id("User", user_pk)],
        }

    # when
    real = await client.execute(
        UPDATE_LINK_HOSTS, variables(world.foreign.user_id), key=world.team.owner.key
    )
    made_up = await client.execute(
        UPDATE_LINK_HOSTS, variables(NONEXISTENT_PK), key=world.team.owner.key
    )

    # then
    assert real == made_up
    assert real["data"] == {
        "updateLink": {
            "__typename": "InvalidInput",
            "fieldErrors": [
                {"field": "hostIds", "message": "every host must be a user of the organization"}
            ],
        }
    }
    assert await snapshot() == before


async def test_managed_link_for_another_tenants_user_is_invalid_like_a_made_up_one(
    client: GraphQLClient, world: World
) -> None:
    def variables(owner_pk: int) -> dict[str, object]:
        return {
            "input": {
                "name": "Sneaky",
                "meetingTypeId": global_id("MeetingType", world.team.meeting_type.id),
                "ownerId": global_id("User", owner_pk),
            }
        }

    real = await client.execute(
        CREATE_LINK, variables(world.foreign.user_id), key=world.team.admin.key
    )
    made_up = await client.execute(CREATE_LINK, variables(NONEXISTENT_PK), key=world.team.admin.key)

    assert real == made_up
    assert real["data"] == {
        "createLink": {
            "__typename": "InvalidInput",
            "fieldErrors": [{"field": "ownerId", "message": "no such user"}],
        }
    }
    assert await Link.filter(name="Sneaky").count() == 0


async def test_anonymous_callers_reach_no_link(client: GraphQLClient, world: World) -> None:
    result = await client.execute(NODE, {"id": global_id("Link", world.team.link.id)})

    assert result == {"data": {"node": None}}
