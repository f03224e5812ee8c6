"""Listing links with their children costs a constant number of SQL statements (no N+1)."""

from __future__ import annotations

import pytest

from models.accounts.tokens import mint_secret
from models.db.tables import Link, LinkHost, SingleUseLink
from tests.conftest import GraphQLClient
from tests.support.link_factories import Team, create_team, mint
from tests.support.statements import record_statements

LINKS_WITH_CHILDREN = """
query ($first: Int) {
  links(first: $first) {
    totalCount
    edges {
      node {
        name
        owner { email }
        hosts { email }
        meetingType { name durationMinutes }
        singleUseLinks {
          totalCount
          edges {
            node {
              status durationMinutes effectiveExpiresAt
              hosts { email }
              meetingType { name }
              location { kind }
              createdBy { email }
            }
          }
        }
      }
    }
  }
}
"""
WARM_UP = "{ viewer { id } }"
# Authentication (1), links count and page (2), then one batch per loader: owners and
# hosts' users, host ids, meeting types, a page of each link's children, and their counts
# (asked for by totalCount).
STATEMENTS_PER_LISTING = 8


@pytest.fixture
async def statements(client: GraphQLClient, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return record_statements(monkeypatch)


@pytest.fixture
async def team(client: GraphQLClient) -> Team:
    team = await create_team()
    # The first request of a key records its use; later ones within a minute do not.
    for account in (team.admin, team.host):
        await client.execute(WARM_UP, key=account.key)
    return team


async def add_links(team: Team, count: int, *, children: int = 10) -> None:
    """Rows written in bulk: the domain functions would take seconds for hundreds of them."""
    await Link.bulk_create(
        [
            Link(
                organization_id=team.tenant.organization_id,
                owner_id=team.owner.user_id,
                created_by_id=team.owner.user_id,
                meeting_type_id=team.meeting_type.id,
                name=f"Link {i}",
                slug=f"link-{i}",
            )
            for i in range(count)
        ]
    )
    links = await Link.filter(slug__startswith="link-")
    await LinkHost.bulk_create(
        [
            LinkHost(link_id=link.id, user_id=user_id, position=position)
            for link in links
            for position, user_id in enumerate([team.owner.user_id, team.host.user_id])
        ]
    )
    secrets = [mint_secret() for _ in range(count * children)]
    await SingleUseLink.bulk_create(
        [
            SingleUseLink(
                link_id=link.id,
                created_by_id=team.owner.user_id,
                token_hash=secret.digest,
                token_prefix=secret.prefix,
            )
            for link, secret in zip(
                (link for link in links for _ in range(children)), secrets, strict=True
            )
        ]
    )


async def statements_of_listing(
    client: GraphQLClient,
    key: str,
    statements: list[str],
    *,
    first: int | None = None,
) -> tuple[list[int], list[str]]:
    """The number of children shown per link, and the statements the request sent."""
    statements.clear()
    result = await client.execute(LINKS_WITH_CHILDREN, {"first": first}, key=key)
    assert "errors" not in result, result
    edges = result["data"]["links"]["edges"]  # type: ignore[index]
    shown = [len(edge["node"]["singleUseLinks"]["edges"]) for edge in edges]
    return shown, list(statements)


@pytest.mark.parametrize("viewer", ["admin", "host"])
async def test_listing_costs_the_same_for_one_link_and_for_twenty(
    client: GraphQLClient, team: Team, statements: list[str], viewer: str
) -> None:
    # given: one link with ten children (Hana, a member, sees the links she hosts)
    key = team.admin.key if viewer == "admin" else team.host.key
    await mint(team.owner, team.link, count=10)
    one_link, one_link_statements = await statements_of_listing(client, key, statements)

    # when: nineteen more links, each with ten children
    await add_links(team, 19)
    many_links, many_links_statements = await statements_of_listing(client, key, statements)

    # then
    assert (one_link, many_links) == ([10], [10] * 20)
    assert len(one_link_statements) == STATEMENTS_PER_LISTING, one_link_statements
    assert len(many_links_statements) == STATEMENTS_PER_LISTING, many_links_statements


async def test_listing_costs_the_same_for_a_page_of_five_and_of_twenty(
    client: GraphQLClient, team: Team, statements: list[str]
) -> None:
    # given
    await add_links(team, 24, children=3)

    # when
    key = team.admin.key
    five, five_statements = await statements_of_listing(client, key, statements, first=5)
    twenty, twenty_statements = await statements_of_listing(client, key, statements, first=20)

    # then
    assert (five, twenty) == ([3] * 5, [3] * 20)
    assert len(five_statements) == STATEMENTS_PER_LISTING, five_statements
    assert len(twenty_statements) == STATEMENTS_PER_LISTING, twenty_statements


async def test_children_are_paged_in_the_database_whatever_their_number(
    client: GraphQLClient, team: Team, statements: list[str]
) -> None:
    # given five links of 300 children each
    await add_links(team, 5, children=300)

    # when the first page of links is listed with their children
    statements.clear()
    result = await client.execute(LINKS_WITH_CHILDREN, {"first": 5}, key=team.admin.key)

    # then each link shows its newest 20 (the default page), counts all 300, and the request
    # cost the same statements as with a few children
    pages = [edge["node"]["singleUseLinks"] for edge in result["data"]["links"]["edges"]]  # type: ignore[index]
    assert [page["totalCount"] for page in pages] == [300] * 5
    assert [len(page["edges"]) for page in pages] == [20] * 5
    assert len(statements) == STATEMENTS_PER_LISTING, statements


async def test_children_are_counted_only_when_the_query_asks(
    client: GraphQLClient, team: Team, statements: list[str]
) -> None:
    # given
    await add_links(team, 3, children=5)
    without_total = LINKS_WITH_CHILDREN.replace(
        "singleUseLinks {\n          totalCount",
        "singleUseLinks {\n          totalCount @include(if: false)",
    )
    assert without_total != LINKS_WITH_CHILDREN

    # when the count is left out by a directive
    statements.clear()
    result = await client.execute(without_total, {"first": 3}, key=team.admin.key)

    # then no statement counts the children
    assert "errors" not in result, result
    assert len(statements) == STATEMENTS_PER_LISTING - 1, statements
