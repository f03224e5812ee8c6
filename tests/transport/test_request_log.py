"""The structured request log: one JSON line per request, and never a secret in it."""

from __future__ import annotations

import json
import logging

import pytest

from config import Settings
from observability.logs import JsonFormatter
from tests.conftest import GraphQLClient
from tests.support.booking_factories import create_booking_team, iso, upcoming_monday
from tests.support.link_factories import global_id
from tests.support.webhook_factories import dispatcher_for
from tests.support.webhook_receiver import webhook_receiver

MINT = """
mutation Mint($input: CreateSingleUseLinkInput!) {
  createSingleUseLink(input: $input) { ... on SingleUseLinkCreated { token } }
}
"""
BOOK = """
mutation Book($input: BookMeetingInput!) {
  bookMeeting(input: $input) { ... on BookingConfirmed { manageToken } }
}
"""
CANCEL = """
mutation Cancel($input: CancelBookingInput!) {
  cancelBooking(input: $input) { __typename }
}
"""


async def test_a_booking_flow_logs_one_line_per_request_and_no_secret(
    client: GraphQLClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="slotlink")
    # Given an owner who mints a link, an invitee who books, downloads and cancels
    team = await create_booking_team()
    minted = await client.execute(
        MINT, {"input": {"linkId": global_id("Link", team.link.id)}}, key=team.owner.key
    )
    token = minted["data"]["createSingleUseLink"]["token"]  # type: ignore[index]
    booked = await client.execute(
        BOOK,
        {
            "input": {
                "key": token,
                "start": iso(upcoming_monday(), "09:00"),
                "invitee": {"name": "Jane", "email": "jane@prospect.example"},
            }
        },
    )
    manage_token = booked["data"]["bookMeeting"]["manageToken"]  # type: ignore[index]
    await client.http.get(f"/bookings/{manage_token}.ics")
    await client.execute(CANCEL, {"input": {"manageToken": manage_token}})
    await client.execute('{ publicLink(key: "not-a-token-at-all") { __typename } }')
    # When the captured log is read as the server would write it
    formatter = JsonFormatter()
    lines = [formatter.format(record) for record in caplog.records]
    requests = [json.loads(line) for line in lines if '"message": "request"' in line]
    # Then each request has its line, with its operation and outcome
    assert [(r["method"], r["path"], r["operation"], r["outcome"]) for r in requests] == [
        ("POST", "/graphql", "Mint", "ok"),
        ("POST", "/graphql", "Book", "ok"),
        ("GET", "/bookings/{token}.ics", None, None),
        ("POST", "/graphql", "Cancel", "ok"),
        ("POST", "/graphql", "anonymous", "LinkUnavailable"),
    ]
    assert all(len(r["request_id"]) == 32 and r["status"] == 200 for r in requests)
    assert requests[0]["viewer_id"] == team.owner.user_id
    # And no key, token or manage token appears anywhere
    everything = "\n".join(lines)
    for secret in (team.owner.key, token, manage_token):
        assert secret not in everything


CREATE_ENDPOINT = """
mutation Hook($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { ... on WebhookEndpointCreated { secret } }
}
"""


async def test_webhook_secrets_and_signatures_never_reach_the_log(
    client: GraphQLClient, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="slotlink")
    # Given an endpoint registered over the API, and a delivery sent to it
    team = await create_booking_team()
    dispatcher = dispatcher_for(settings)
    try:
        with webhook_receiver() as receiver:
            created = await client.execute(
                CREATE_ENDPOINT,
                {"input": {"url": receiver.url, "events": ["SINGLE_USE_LINK_CREATED"]}},
                key=team.admin.key,
            )
            secret = created["data"]["createWebhookEndpoint"]["secret"]  # type: ignore[index]
            minted = await client.execute(
                MINT, {"input": {"linkId": global_id("Link", team.link.id)}}, key=team.owner.key
            )
            token = minted["data"]["createSingleUseLink"]["token"]  # type: ignore[index]
            await dispatcher.run_once()
            await dispatcher.drain()
            [request] = receiver.wait_for(1)
    finally:
        await dispatcher.close()
    # When the captured log is read as the server would write it
    formatter = JsonFormatter()
    lines = [formatter.format(record) for record in caplog.records]
    # Then the delivery has its line
    deliveries = [json.loads(line) for line in lines if '"message": "webhook delivery"' in line]
    assert [(d["attempt"], d["response_status"], d["result"]) for d in deliveries] == [
        (1, 200, "succeeded")
    ]
    # And neither the secret, its signature nor the link's token appears anywhere
    everything = "\n".join(lines)
    signature = request.headers["webhook-signature"].split(",", 1)[1]
    for confidential in (secret, secret.removeprefix("whsec_"), signature, token):
        assert confidential not in everything
