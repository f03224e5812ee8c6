"""Refused attempts: bookMeeting on a spent, revoked, expired or disabled single-use link, or
on a link locked to its invitee with another email, is recorded for the link's owner (and
counted in the reports as a blocked follow-up); standard links and unknown tokens record
nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from models.accounts.tokens import mint_secret
from models.db.tables import Link, SingleUseLink
from models.links.links import set_archived
from models.links.single_use_links import Minted, MintOptions, revoke_single_use_link
from tests.conftest import GraphQLClient
from tests.support.booking_factories import STANDARD_KEY, at, execute, upcoming_monday
from tests.support.link_factories import count_rows, global_id, mint_one, viewer_of
from tests.support.log_factories import LogTeam, book_at, create_log_team, mint_at

BOOK_MEETING = """
mutation ($input: BookMeetingInput!) {
  bookMeeting(input: $input) {
    __typename
    ... on LinkUnavailable { reason }
    ... on InviteeNotAllowed { message }
  }
}
"""
REFUSED_ATTEMPTS = """
query ($filter: RefusedAttemptFilter, $first: Int) {
  refusedAttempts(filter: $filter, first: $first) {
    totalCount
    edges {
      node {
        reason inviteeEmail
        link { name }
        singleUseLink { label status }
      }
    }
    pageInfo { hasNextPage }
  }
}
"""
LATE_EMAIL = "late@prospect.example"


@dataclass(frozen=True, slots=True)
class Setup:
    logs: LogTeam
    start: datetime

    def key_of(self, who: str) -> str:
        team = self.logs.team
        return {"max": team.owner, "hana": team.host, "olga": team.other, "admin": team.admin}[
            who
        ].key


@pytest.fixture
async def setup(client: GraphQLClient) -> Setup:
    return Setup(logs=await create_log_team(), start=at(upcoming_monday(), "09:00"))


async def present(
    client: GraphQLClient, setup: Setup, key: str, email: str = LATE_EMAIL
) -> dict[str, object]:
    data = await execute(
        client,
        BOOK_MEETING,
        {
            "input": {
                "key": key,
                "start": (setup.start + timedelta(hours=1)).isoformat(),
                "invitee": {"name": "Late Larry", "email": email, "timeZone": "UTC"},
            }
        },
    )
    result: dict[str, object] = data["bookMeeting"]
    return result


async def refused(
    client: GraphQLClient, key: str, variables: dict[str, object] | None = None
) -> dict[str, object]:
    data = await execute(client, REFUSED_ATTEMPTS, variables, key=key)
    result: dict[str, object] = data["refusedAttempts"]
    return result


async def spent_link(setup: Setup, link: Link, *, label: str, slot: int = 0) -> Minted:
    minted = await mint_at(setup.logs.team, link, label=label)
    await book_at(minted.token, setup.start + timedelta(days=slot), "first@prospect.example")
    return minted


def attempt(reason: str, email: str, link: str, label: str, status: str) -> dict[str, object]:
    return {
        "reason": reason,
        "inviteeEmail": email,
        "link": {"name": link},
        "singleUseLink": {"label": label, "status": status},
    }


# --- what is recorded ----------------------------------------------------------------------


async def test_a_spent_token_records_one_attempt_with_the_attempted_email(
    client: GraphQLClient, setup: Setup
) -> None:
    # given
    minted = await spent_link(setup, setup.logs.discovery, label="Acme Corp - Jane")

    # when
    answer = await present(client, setup, minted.token)

    # then
    assert answer == {"__typename": "LinkUnavailable", "reason": "USED"}
    assert await refused(client, setup.key_of("max")) == {
        "totalCount": 1,
        "edges": [
            {"node": attempt("USED", LATE_EMAIL, "Discovery call", "Acme Corp - Jane", "USED")}
        ],
        "pageInfo": {"hasNextPage": False},
    }


async def test_another_email_on_a_link_locked_to_its_invitee_records_a_not_invitee_attempt(
    client: GraphQLClient, setup: Setup
) -> None:
    """LeanData: "some prospects have re-used these links to book unauthorized follow-up
    meetings". A link locked to its invitee stops anyone else booking through it; such an
    attempt is a blocked follow-up like any other, and the link stays unspent."""
    # given
    team = setup.logs.team
    minted = await mint_one(
        team.owner,
        setup.logs.discovery,
        MintOptions(
            label="Only Jane",
            invitee_name="Jane Prospect",
            invitee_email="jane@prospect.example",
            lock_to_invitee=True,
        ),
    )

    # when
    answer = await present(client, setup, minted.token)

    # then
    assert answer["__typename"] == "InviteeNotAllowed"
    listed = await refused(client, setup.key_of("max"))
    assert listed["edges"] == [
        {"node": attempt("NOT_INVITEE", LATE_EMAIL, "Discovery call", "Only Jane", "ACTIVE")}
    ]


async def test_a_revoked_token_records_a_revoked_attempt(
    client: GraphQLClient, setup: Setup
) -> None:
    # given
    team = setup.logs.team
    minted = await mint_at(team, setup.logs.discovery, label="Withdrawn")
    await revoke_single_use_link(await viewer_of(team.owner), minted.single_use_link.id)

    # when
    answer = await present(client, setup, minted.token)

    # then
    assert answer == {"__typename": "LinkUnavailable", "reason": "REVOKED"}
    listed = await refused(client, setup.key_of("max"))
    assert listed["edges"] == [
        {"node": attempt("REVOKED", LATE_EMAIL, "Discovery call", "Withdrawn", "REVOKED")}
    ]


async def test_an_expired_token_records_an_expired_attempt(
    client: GraphQLClient, setup: Setup
) -> None:
    # given
    minted = await mint_at(setup.logs.team, setup.logs.discovery, label="Stale")
    await SingleUseLink.filter(id=minted.single_use_link.id).update(
        expires_at=datetime.now(UTC) - timedelta(minutes=1)
    )

    # when
    answer = await present(client, setup, minted.token)

    # then
    assert answer == {"__typename": "LinkUnavailable", "reason": "EXPIRED"}
    listed = await refused(client, setup.key_of("max"))
    assert listed["edges"] == [
        {"node": attempt("EXPIRED", LATE_EMAIL, "Discovery call", "Stale", "EXPIRED")}
    ]


async def test_a_token_of_an_archived_link_records_a_disabled_attempt(
    client: GraphQLClient, setup: Setup
) -> None:
    # given
    team = setup.logs.team
    minted = await mint_at(team, setup.logs.discovery, label="Archived")
    await set_archived(await viewer_of(team.owner), setup.logs.discovery.id, archived=True)

    # when
    answer = await present(client, setup, minted.token)

    # then
    assert answer == {"__typename": "LinkUnavailable", "reason": "DISABLED"}
    listed = await refused(client, setup.key_of("max"))
    assert listed["edges"] == [
        {"node": attempt("DISABLED", LATE_EMAIL, "Discovery call", "Archived", "DISABLED")}
    ]


async def test_a_refused_standard_link_records_nothing(client: GraphQLClient, setup: Setup) -> None:
    # given
    await Link.filter(id=setup.logs.discovery.id).update(
        expires_at=datetime.now(UTC) - timedelta(minutes=1)
    )

    # when
    answer = await present(client, setup, STANDARD_KEY)

    # then
    assert answer == {"__typename": "LinkUnavailable", "reason": "EXPIRED"}
    assert await count_rows("refused_attempts") == 0


async def test_an_unknown_token_records_nothing(client: GraphQLClient, setup: Setup) -> None:
    answer = await present(client, setup, mint_secret().plain)

    assert answer == {"__typename": "LinkUnavailable", "reason": "NOT_FOUND"}
    assert await count_rows("refused_attempts") == 0


async def test_a_successful_booking_records_nothing(client: GraphQLClient, setup: Setup) -> None:
    minted = await mint_at(setup.logs.team, setup.logs.discovery)

    answer = await present(client, setup, minted.token)

    assert answer == {"__typename": "BookingConfirmed"}
    assert await count_rows("refused_attempts") == 0


# --- who sees them, filters and order ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Attempts:
    """Two attempts on a spent link of Max's discovery, then one on Olga's demo."""

    setup: Setup
    discovery_child: Minted
    demo_child: Minted


@pytest.fixture
async def attempts(client: GraphQLClient, setup: Setup) -> Attempts:
    discovery_child = await spent_link(setup, setup.logs.discovery, label="Jane", slot=0)
    demo_child = await spent_link(setup, setup.logs.demo, label="Joe", slot=1)
    await present(client, setup, discovery_child.token, "first-retry@prospect.example")
    await present(client, setup, discovery_child.token, "second-retry@prospect.example")
    await present(client, setup, demo_child.token, "demo-retry@prospect.example")
    return Attempts(setup=setup, discovery_child=discovery_child, demo_child=demo_child)


FIRST_RETRY = attempt("USED", "first-retry@prospect.example", "Discovery call", "Jane", "USED")
SECOND_RETRY = attempt("USED", "second-retry@prospect.example", "Discovery call", "Jane", "USED")
DEMO_RETRY = attempt("USED", "demo-retry@prospect.example", "Demo", "Joe", "USED")


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("max", [SECOND_RETRY, FIRST_RETRY]),
        ("olga", [DEMO_RETRY]),
        # Hana co-hosts discovery but owns no link
        ("hana", []),
        ("admin", [DEMO_RETRY, SECOND_RETRY, FIRST_RETRY]),
    ],
)
async def test_owners_see_the_attempts_on_their_links_and_admins_see_all(
    client: GraphQLClient, attempts: Attempts, who: str, expected: list[dict[str, object]]
) -> None:
    listed = await refused(client, attempts.setup.key_of(who))

    assert listed["edges"] == [{"node": node} for node in expected]
    assert listed["totalCount"] == len(expected)


async def test_a_member_who_hosts_but_does_not_own_the_link_sees_none(
    client: GraphQLClient, attempts: Attempts
) -> None:
    # Max co-hosts Olga's demo: its attempts stay hers
    listed = await refused(
        client,
        attempts.setup.key_of("max"),
        {"filter": {"linkId": global_id("Link", attempts.setup.logs.demo.id)}},
    )

    assert listed == {"totalCount": 0, "edges": [], "pageInfo": {"hasNextPage": False}}


async def test_filter_by_link(client: GraphQLClient, attempts: Attempts) -> None:
    listed = await refused(
        client,
        attempts.setup.key_of("admin"),
        {"filter": {"linkId": global_id("Link", attempts.setup.logs.demo.id)}},
    )

    assert listed["edges"] == [{"node": DEMO_RETRY}]


async def test_filter_by_single_use_link(client: GraphQLClient, attempts: Attempts) -> None:
    child_id = global_id("SingleUseLink", attempts.discovery_child.single_use_link.id)

    listed = await refused(
        client, attempts.setup.key_of("admin"), {"filter": {"singleUseLinkId": child_id}}
    )

    assert listed["edges"] == [{"node": SECOND_RETRY}, {"node": FIRST_RETRY}]


async def test_filter_by_reason(client: GraphQLClient, attempts: Attempts) -> None:
    # given a revoked link presented too
    setup = attempts.setup
    withdrawn = await mint_at(setup.logs.team, setup.logs.discovery, label="Withdrawn")
    await revoke_single_use_link(
        await viewer_of(setup.logs.team.owner), withdrawn.single_use_link.id
    )
    await present(client, setup, withdrawn.token)
    admin = setup.key_of("admin")

    # when
    used = await refused(client, admin, {"filter": {"reason": "USED"}})
    revoked = await refused(client, admin, {"filter": {"reason": "REVOKED"}})
    expired = await refused(client, admin, {"filter": {"reason": "EXPIRED"}})

    # then
    assert used["edges"] == [{"node": n} for n in [DEMO_RETRY, SECOND_RETRY, FIRST_RETRY]]
    assert used["totalCount"] == 3
    assert revoked["edges"] == [
        {"node": attempt("REVOKED", LATE_EMAIL, "Discovery call", "Withdrawn", "REVOKED")}
    ]
    assert expired == {"totalCount": 0, "edges": [], "pageInfo": {"hasNextPage": False}}


async def test_newest_first_with_the_total_of_every_page(
    client: GraphQLClient, attempts: Attempts
) -> None:
    listed = await refused(client, attempts.setup.key_of("admin"), {"first": 2})

    assert listed == {
        "totalCount": 3,
        "edges": [{"node": DEMO_RETRY}, {"node": SECOND_RETRY}],
        "pageInfo": {"hasNextPage": True},
    }
