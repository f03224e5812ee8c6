"""Standard links over GraphQL: creation, live inheritance by their children, archiving, listing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from models.db.tables import Link, LinkHost, SingleUseLink
from models.links.single_use_links import MintOptions
from tests.conftest import GraphQLClient
from tests.support.link_factories import (
    Team,
    count_rows,
    create_team,
    global_id,
    make_link,
    make_meeting_type,
    mint,
    mint_one,
)

CREATE_LINK = """
mutation ($input: CreateLinkInput!) {
  createLink(input: $input) {
    __typename
    ... on LinkSaved {
      link {
        name slug url managed active archived expiresAt
        owner { email } hosts { email } meetingType { name }
      }
    }
    ... on InvalidInput { fieldErrors { field message } }
    ... on Forbidden { message }
  }
}
"""
UPDATE_LINK = """
mutation ($input: UpdateLinkInput!) {
  updateLink(input: $input) {
    __typename
    ... on LinkSaved { link { id } }
    ... on InvalidInput { fieldErrors { field message } }
    ... on NotFound { message }
    ... on Forbidden { message }
  }
}
"""
ARCHIVE_LINK = """
mutation ($id: ID!) {
  archiveLink(input: {id: $id}) {
    __typename
    ... on LinkSaved { link { archived active } }
  }
}
"""
RESTORE_LINK = """
mutation ($id: ID!) {
  restoreLink(input: {id: $id}) {
    __typename
    ... on LinkSaved { link { archived archivedAt active } }
  }
}
"""
UPDATE_MEETING_TYPE = """
mutation ($input: UpdateMeetingTypeInput!) {
  updateMeetingType(input: $input) {
    __typename
    ... on MeetingTypeSaved { meetingType { durationMinutes } }
  }
}
"""
CHILDREN = """
query ($id: ID!) {
  link(id: $id) {
    singleUseLinks {
      edges {
        node {
          status durationMinutes effectiveExpiresAt
          meetingType { name }
          hosts { email }
        }
      }
    }
  }
}
"""
LINKS = """
query ($filter: LinksFilter, $first: Int, $after: String) {
  links(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { node { name } }
  }
}
"""
CHILDREN_PAGE = """
query ($id: ID!, $status: SingleUseLinkStatus, $first: Int, $after: String) {
  link(id: $id) {
    singleUseLinks(status: $status, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { label status } }
    }
  }
}
"""
EXPIRY = "2031-01-01T09:00:00+00:00"


@pytest.fixture
async def team(client: GraphQLClient) -> Team:
    return await create_team()


async def children_of(client: GraphQLClient, team: Team) -> list[dict[str, object]]:
    result = await client.execute(
        CHILDREN, {"id": global_id("Link", team.link.id)}, key=team.owner.key
    )
    assert "errors" not in result, result
    data = result["data"]
    assert isinstance(data, dict)
    return [edge["node"] for edge in data["link"]["singleUseLinks"]["edges"]]


def child_view(
    *,
    status: str = "ACTIVE",
    duration: int = 30,
    expiry: str | None = None,
    meeting_type: str = "Intro call",
    hosts: tuple[str, ...] = ("max@acme.test", "hana@acme.test"),
) -> dict[str, object]:
    return {
        "status": status,
        "durationMinutes": duration,
        "effectiveExpiresAt": expiry,
        "meetingType": {"name": meeting_type},
        "hosts": [{"email": email} for email in hosts],
    }


async def test_member_creates_a_link_for_themselves_hosted_by_themselves(
    client: GraphQLClient, team: Team
) -> None:
    variables: dict[str, object] = {
        "input": {
            "name": "Demo Day",
            "meetingTypeId": global_id("MeetingType", team.meeting_type.id),
        }
    }

    result = await client.execute(CREATE_LINK, variables, key=team.owner.key)

    assert result == {
        "data": {
            "createLink": {
                "__typename": "LinkSaved",
                "link": {
                    "name": "Demo Day",
                    "slug": "demo-day",
                    "url": "https://slotlink.test/acme/demo-day",
                    "managed": False,
                    "active": True,
                    "archived": False,
                    "expiresAt": None,
                    "owner": {"email": "max@acme.test"},
                    "hosts": [{"email": "max@acme.test"}],
                    "meetingType": {"name": "Intro call"},
                },
            }
        }
    }


async def test_admin_naming_another_owner_creates_a_managed_link(
    client: GraphQLClient, team: Team
) -> None:
    variables: dict[str, object] = {
        "input": {
            "name": "Demo Day",
            "meetingTypeId": global_id("MeetingType", team.meeting_type.id),
            "ownerId": global_id("User", team.owner.user_id),
        }
    }

    result = await client.execute(CREATE_LINK, variables, key=team.admin.key)

    assert result["data"] == {
        "createLink": {
            "__typename": "LinkSaved",
            "link": {
                "name": "Demo Day",
                "slug": "demo-day",
                "url": "https://slotlink.test/acme/demo-day",
                "managed": True,
                "active": True,
                "archived": False,
                "expiresAt": None,
                "owner": {"email": "max@acme.test"},
                "hosts": [{"email": "max@acme.test"}],
                "meetingType": {"name": "Intro call"},
            },
        }
    }
    stored = await Link.get(slug="demo-day")
    assert (stored.owner_id, stored.created_by_id) == (team.owner.user_id, team.admin.user_id)


async def test_member_naming_another_owner_is_forbidden_and_writes_nothing(
    client: GraphQLClient, team: Team
) -> None:
    variables: dict[str, object] = {
        "input": {
            "name": "Demo Day",
            "meetingTypeId": global_id("MeetingType", team.meeting_type.id),
            "ownerId": global_id("User", team.other.user_id),
        }
    }

    result = await client.execute(CREATE_LINK, variables, key=team.owner.key)

    assert result["data"] == {
        "createLink": {
            "__typename": "Forbidden",
            "message": "Only an admin of the organization may do this.",
        }
    }
    assert await count_rows("links") == 1


async def test_children_read_the_new_duration_of_the_parents_meeting_type(
    client: GraphQLClient, team: Team
) -> None:
    # given
    await mint(team.owner, team.link, count=2)

    # when
    updated = await client.execute(
        UPDATE_MEETING_TYPE,
        {"input": {"id": global_id("MeetingType", team.meeting_type.id), "durationMinutes": 45}},
        key=team.admin.key,
    )

    # then
    assert updated["data"] == {
        "updateMeetingType": {
            "__typename": "MeetingTypeSaved",
            "meetingType": {"durationMinutes": 45},
        }
    }
    assert await children_of(client, team) == [child_view(duration=45)] * 2


async def test_children_follow_a_switch_of_the_parents_meeting_type(
    client: GraphQLClient, team: Team
) -> None:
    # given
    await mint(team.owner, team.link, count=2)
    workshop = await make_meeting_type(
        team.tenant.organization_id, name="Workshop", duration_minutes=90
    )

    # when
    result = await client.execute(
        UPDATE_LINK,
        {
            "input": {
                "id": global_id("Link", team.link.id),
                "meetingTypeId": global_id("MeetingType", workshop.id),
            }
        },
        key=team.owner.key,
    )

    # then
    assert result["data"] == {
        "updateLink": {"__typename": "LinkSaved", "link": {"id": global_id("Link", team.link.id)}}
    }
    assert await children_of(client, team) == [child_view(duration=90, meeting_type="Workshop")] * 2


async def test_children_read_the_parents_new_hosts(client: GraphQLClient, team: Team) -> None:
    # given
    await mint(team.owner, team.link, count=2)

    # when
    result = await client.execute(
        UPDATE_LINK,
        {
            "input": {
                "id": global_id("Link", team.link.id),
                "hostIds": [
                    global_id("User", team.other.user_id),
                    global_id("User", team.owner.user_id),
                ],
            }
        },
        key=team.owner.key,
    )

    # then
    assert result["data"]["updateLink"]["__typename"] == "LinkSaved"  # type: ignore[index]
    assert (
        await children_of(client, team)
        == [child_view(hosts=("olga@acme.test", "max@acme.test"))] * 2
    )


async def test_children_take_the_expiry_set_on_the_parent(
    client: GraphQLClient, team: Team
) -> None:
    # given
    await mint(team.owner, team.link, count=2)

    # when
    result = await client.execute(
        UPDATE_LINK,
        {"input": {"id": global_id("Link", team.link.id), "expiresAt": EXPIRY}},
        key=team.owner.key,
    )

    # then
    assert result["data"]["updateLink"]["__typename"] == "LinkSaved"  # type: ignore[index]
    assert await children_of(client, team) == [child_view(expiry=EXPIRY)] * 2


async def test_a_childs_own_earlier_expiry_stays_when_the_parent_gets_a_later_one(
    client: GraphQLClient, team: Team
) -> None:
    # given
    own = datetime(2030, 12, 24, 18, 0, tzinfo=UTC)
    await mint_one(team.owner, team.link, MintOptions(expires_at=own))

    # when
    await client.execute(
        UPDATE_LINK,
        {"input": {"id": global_id("Link", team.link.id), "expiresAt": EXPIRY}},
        key=team.owner.key,
    )

    # then
    assert await children_of(client, team) == [child_view(expiry="2030-12-24T18:00:00+00:00")]


async def test_children_are_expired_by_the_parents_passed_expiry_and_revived_by_clearing_it(
    client: GraphQLClient, team: Team
) -> None:
    # given
    await mint(team.owner, team.link, count=2)
    passed = datetime(2024, 1, 1, 9, 0, tzinfo=UTC)
    await Link.filter(id=team.link.id).update(expires_at=passed)
    assert (
        await children_of(client, team)
        == [child_view(status="EXPIRED", expiry="2024-01-01T09:00:00+00:00")] * 2
    )

    # when
    result = await client.execute(
        UPDATE_LINK,
        {"input": {"id": global_id("Link", team.link.id), "clearExpiry": True}},
        key=team.owner.key,
    )

    # then
    assert result["data"]["updateLink"]["__typename"] == "LinkSaved"  # type: ignore[index]
    assert await children_of(client, team) == [child_view()] * 2


async def test_archiving_the_link_disables_its_children(client: GraphQLClient, team: Team) -> None:
    # given
    await mint(team.owner, team.link, count=2)

    # when
    result = await client.execute(
        ARCHIVE_LINK, {"id": global_id("Link", team.link.id)}, key=team.owner.key
    )

    # then
    assert result["data"] == {
        "archiveLink": {"__typename": "LinkSaved", "link": {"archived": True, "active": True}}
    }
    assert await children_of(client, team) == [child_view(status="DISABLED")] * 2


async def test_restoring_the_link_makes_its_children_active_again(
    client: GraphQLClient, team: Team
) -> None:
    # given
    await mint(team.owner, team.link, count=2)
    await client.execute(ARCHIVE_LINK, {"id": global_id("Link", team.link.id)}, key=team.owner.key)

    # when
    result = await client.execute(
        RESTORE_LINK, {"id": global_id("Link", team.link.id)}, key=team.owner.key
    )

    # then
    assert result["data"] == {
        "restoreLink": {
            "__typename": "LinkSaved",
            "link": {"archived": False, "archivedAt": None, "active": True},
        }
    }
    assert await children_of(client, team) == [child_view()] * 2


async def test_deactivating_the_link_disables_its_children(
    client: GraphQLClient, team: Team
) -> None:
    # given
    await mint(team.owner, team.link, count=2)

    # when
    await client.execute(
        UPDATE_LINK,
        {"input": {"id": global_id("Link", team.link.id), "active": False}},
        key=team.owner.key,
    )

    # then
    assert await children_of(client, team) == [child_view(status="DISABLED")] * 2


async def test_update_link_with_a_past_expiry_is_invalid_and_changes_nothing(
    client: GraphQLClient, team: Team
) -> None:
    past = (datetime.now(UTC) - timedelta(hours=1)).isoformat()

    result = await client.execute(
        UPDATE_LINK,
        {"input": {"id": global_id("Link", team.link.id), "expiresAt": past, "name": "Renamed"}},
        key=team.owner.key,
    )

    assert result["data"] == {
        "updateLink": {
            "__typename": "InvalidInput",
            "fieldErrors": [{"field": "expiresAt", "message": "must be in the future"}],
        }
    }
    stored = await Link.get(id=team.link.id)
    assert (stored.name, stored.expires_at) == ("Discovery call", None)


async def test_second_link_of_the_same_name_gets_a_numbered_slug(
    client: GraphQLClient, team: Team
) -> None:
    variables: dict[str, object] = {
        "input": {
            "name": "Discovery Call",
            "meetingTypeId": global_id("MeetingType", team.meeting_type.id),
        }
    }

    result = await client.execute(CREATE_LINK, variables, key=team.owner.key)

    link = result["data"]["createLink"]["link"]  # type: ignore[index]
    assert (link["slug"], link["url"]) == (
        "discovery-call-2",
        "https://slotlink.test/acme/discovery-call-2",
    )


async def test_update_to_a_taken_slug_is_invalid_and_leaves_the_hosts_as_they_were(
    client: GraphQLClient, team: Team
) -> None:
    # given
    await make_link(team.owner, team.meeting_type, name="Taken")

    # when: the hosts would be replaced in the same transaction as the failing slug
    result = await client.execute(
        UPDATE_LINK,
        {
            "input": {
                "id": global_id("Link", team.link.id),
                "slug": "taken",
                "hostIds": [global_id("User", team.other.user_id)],
            }
        },
        key=team.owner.key,
    )

    # then
    assert result["data"] == {
        "updateLink": {
            "__typename": "InvalidInput",
            "fieldErrors": [{"field": "slug", "message": "another link already uses this slug"}],
        }
    }
    hosts = await LinkHost.filter(link_id=team.link.id).order_by("position")
    assert [host.user_id for host in hosts] == [team.owner.user_id, team.host.user_id]
    assert (await Link.get(id=team.link.id)).slug == "discovery-call"


async def five_children(team: Team) -> None:
    for i in range(5):
        await mint_one(team.owner, team.link, MintOptions(label=f"c{i}"))
    await SingleUseLink.filter(label__in=["c1", "c3"]).update(revoked_at=datetime.now(UTC))


def child_labels(result: dict[str, object]) -> list[tuple[str, str]]:
    children = result["data"]["link"]["singleUseLinks"]  # type: ignore[index]
    return [(edge["node"]["label"], edge["node"]["status"]) for edge in children["edges"]]


async def test_single_use_links_filter_by_status(client: GraphQLClient, team: Team) -> None:
    await five_children(team)

    result = await client.execute(
        CHILDREN_PAGE,
        {"id": global_id("Link", team.link.id), "status": "REVOKED"},
        key=team.owner.key,
    )

    assert child_labels(result) == [("c3", "REVOKED"), ("c1", "REVOKED")]
    assert result["data"]["link"]["singleUseLinks"]["totalCount"] == 2  # type: ignore[index]


async def test_single_use_links_page_newest_first(client: GraphQLClient, team: Team) -> None:
    # given
    await five_children(team)

    # when
    pages = []
    after = None
    for _ in range(3):
        result = await client.execute(
            CHILDREN_PAGE,
            {"id": global_id("Link", team.link.id), "first": 2, "after": after},
            key=team.owner.key,
        )
        pages.append(result)
        after = result["data"]["link"]["singleUseLinks"]["pageInfo"]["endCursor"]  # type: ignore[index]

    # then
    assert [child_labels(page) for page in pages] == [
        [("c4", "ACTIVE"), ("c3", "REVOKED")],
        [("c2", "ACTIVE"), ("c1", "REVOKED")],
        [("c0", "ACTIVE")],
    ]
    assert [
        page["data"]["link"]["singleUseLinks"]["pageInfo"]["hasNextPage"]  # type: ignore[index]
        for page in pages
    ] == [True, True, False]


# -- listing -------------------------------------------------------------------------------


async def add_four_links(team: Team) -> None:
    for name in ("Alpha", "Bravo", "Charlie", "Delta"):
        await make_link(team.owner, team.meeting_type, name=name)


def names(page: dict[str, object]) -> list[str]:
    edges = page["edges"]
    assert isinstance(edges, list)
    return [edge["node"]["name"] for edge in edges]


async def test_links_pages_through_every_link_once_newest_first(
    client: GraphQLClient, team: Team
) -> None:
    # given: the team's "Discovery call" and four more
    await add_four_links(team)

    # when
    pages: list[dict[str, object]] = []
    after: str | None = None
    for _ in range(3):
        result = await client.execute(LINKS, {"first": 2, "after": after}, key=team.owner.key)
        page = result["data"]["links"]  # type: ignore[index]
        pages.append(page)
        after = page["pageInfo"]["endCursor"]

    # then
    assert [names(page) for page in pages] == [
        ["Delta", "Charlie"],
        ["Bravo", "Alpha"],
        ["Discovery call"],
    ]
    assert [page["totalCount"] for page in pages] == [5, 5, 5]
    assert [page["pageInfo"]["hasNextPage"] for page in pages] == [True, True, False]  # type: ignore[index]
    assert [page["pageInfo"]["hasPreviousPage"] for page in pages] == [False, True, True]  # type: ignore[index]


async def test_links_filters_by_owner(client: GraphQLClient, team: Team) -> None:
    # given
    await make_link(team.other, team.meeting_type, name="Olga's call")

    # when
    result = await client.execute(
        LINKS, {"filter": {"ownerId": global_id("User", team.other.user_id)}}, key=team.admin.key
    )

    # then
    page = result["data"]["links"]  # type: ignore[index]
    assert (names(page), page["totalCount"]) == (["Olga's call"], 1)


async def test_links_filters_by_active(client: GraphQLClient, team: Team) -> None:
    # given
    await add_four_links(team)
    await Link.filter(name="Bravo").update(archived_at=datetime.now(UTC))
    await Link.filter(name="Delta").update(is_active=False)

    # when
    active = await client.execute(LINKS, {"filter": {"active": True}}, key=team.owner.key)
    inactive = await client.execute(LINKS, {"filter": {"active": False}}, key=team.owner.key)

    # then
    assert names(active["data"]["links"]) == ["Charlie", "Alpha", "Discovery call"]  # type: ignore[index]
    assert names(inactive["data"]["links"]) == ["Delta", "Bravo"]  # type: ignore[index]


async def test_links_searches_name_and_slug_case_insensitively(
    client: GraphQLClient, team: Team
) -> None:
    # given
    await add_four_links(team)
    await make_link(team.owner, team.meeting_type, name="Quarterly review")
    await Link.filter(name="Quarterly review").update(slug="qbr-charlie")

    # when
    result = await client.execute(LINKS, {"filter": {"search": "CHARL"}}, key=team.owner.key)

    # then
    page = result["data"]["links"]  # type: ignore[index]
    assert (names(page), page["totalCount"]) == (["Quarterly review", "Charlie"], 2)


async def test_links_counts_a_link_once_for_a_member_who_owns_and_hosts_it(
    client: GraphQLClient, team: Team
) -> None:
    # given: the team's link is owned by Max and hosted by Max and Hana: two joined rows

    # when
    result = await client.execute(LINKS, key=team.owner.key)

    # then
    page = result["data"]["links"]  # type: ignore[index]
    assert (names(page), page["totalCount"]) == (["Discovery call"], 1)


async def test_links_refuses_a_page_larger_than_a_hundred(
    client: GraphQLClient, team: Team
) -> None:
    result = await client.execute(LINKS, {"first": 101}, key=team.owner.key)

    assert result["data"] is None
    errors = result["errors"]
    assert isinstance(errors, list)
    assert [error["message"] for error in errors] == ["first: must be between 0 and 100"]
