"""/metrics: counters after a booking flow, and who may read them."""

from __future__ import annotations

import httpx
from prometheus_client.parser import text_string_to_metric_families

from config import Environment, Settings
from server import create_app
from tests.conftest import GraphQLClient
from tests.support.booking_factories import STANDARD_KEY, create_booking_team, iso, upcoming_monday
from tests.support.databases import Backend
from tests.support.link_factories import global_id

MINT = """
mutation Mint($input: CreateSingleUseLinkInput!) {
  createSingleUseLink(input: $input) { ... on SingleUseLinkCreated { token } }
}
"""
BOOK = """
mutation Book($input: BookMeetingInput!) {
  bookMeeting(input: $input) { __typename }
}
"""


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


async def test_a_booking_flow_moves_the_counters(client: GraphQLClient) -> None:
    # Given a team, a single-use link minted and booked, then booked again (refused)
    team = await create_booking_team()
    minted = await client.execute(
        MINT, {"input": {"linkId": global_id("Link", team.link.id)}}, key=team.owner.key
    )
    token = minted["data"]["createSingleUseLink"]["token"]  # type: ignore[index]
    start = iso(upcoming_monday(), "09:00")
    invitee = {"name": "Jane", "email": "jane@prospect.example"}
    for _ in range(2):
        await client.execute(BOOK, {"input": {"key": token, "start": start, "invitee": invitee}})
    await client.execute(
        BOOK,
        {
            "input": {
                "key": STANDARD_KEY,
                "start": iso(upcoming_monday(), "10:00"),
                "invitee": invitee,
            }
        },
    )
    # When the metrics are read
    response = await client.http.get("/metrics")
    samples = _samples(response.text)
    # Then they tell what happened
    assert response.status_code == 200
    assert samples[("slotlink_bookings_created_total", ())] == 2.0
    assert samples[("slotlink_single_use_links_minted_total", ())] == 1.0
    assert samples[("slotlink_single_use_links_used_total", ())] == 1.0
    assert (
        samples[("slotlink_graphql_requests_total", (("operation", "Book"), ("outcome", "ok")))]
        == 2.0
    )
    assert (
        samples[
            (
                "slotlink_graphql_requests_total",
                (("operation", "Book"), ("outcome", "LinkUnavailable")),
            )
        ]
        == 1.0
    )
    assert samples[("slotlink_graphql_request_seconds_count", (("operation", "Mint"),))] == 1.0


async def test_operation_names_cannot_grow_the_label_set(client: GraphQLClient) -> None:
    for n in range(3):
        await client.execute(f"query {'x' * 70}{n} {{ __typename }}")
    samples = _samples((await client.http.get("/metrics")).text)
    assert (
        samples[("slotlink_graphql_requests_total", (("operation", "other"), ("outcome", "ok")))]
        == 3.0
    )


async def test_combinations_of_typed_problems_cannot_grow_the_label_set(
    client: GraphQLClient,
) -> None:
    # Given requests whose aliases combine problems in ever new ways
    for count in range(1, 4):
        aliases = " ".join(
            f'k{i}: publicLink(key: "nope-{count}-{i}") {{ __typename }}' for i in range(count)
        )
        await client.execute(f"query Probe {{ {aliases} }}")
    # When the metrics are read
    samples = _samples((await client.http.get("/metrics")).text)
    # Then each request counts under the one problem it met, however many aliases met it
    outcomes = {
        dict(labels)["outcome"]
        for name, labels in samples
        if name == "slotlink_graphql_requests_total" and dict(labels)["operation"] == "Probe"
    }
    assert outcomes == {"LinkUnavailable"}


async def _status(db: Backend, token: str, header: str | None) -> int:
    settings = Settings(
        database_url=db.url,
        public_url="https://slotlink.test",
        environment=Environment.PRODUCTION,
        metrics_token=token,
    )
    transport = httpx.ASGITransport(app=create_app(settings, manage_database=False))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        headers = {"Authorization": header} if header else {}
        return (await http.get("/metrics", headers=headers)).status_code


async def test_in_production_metrics_need_their_token(db: Backend) -> None:
    assert await _status(db, "", None) == 404
    assert await _status(db, "s3cret", None) == 401
    assert await _status(db, "s3cret", "Bearer wrong") == 401
    assert await _status(db, "s3cret", "Bearer s3cret") == 200
