"""Webhooks end to end: a real server whose own dispatcher delivers to a real receiver,
through a failure and its retry."""

from __future__ import annotations

import pytest
from standardwebhooks.webhooks import Webhook
from strawberry.relay import from_base64

from tests.support.booking_factories import create_booking_team, iso, upcoming_monday
from tests.support.databases import Backend
from tests.support.link_factories import global_id
from tests.support.live_server import graphql, live_server
from tests.support.webhook_receiver import webhook_receiver

pytestmark = pytest.mark.slow

QUICK = {
    "SLOTLINK_WEBHOOK_RETRY_DELAYS": "0.3,0.6",
    "SLOTLINK_WEBHOOK_POLL_SECONDS": "0.05",
}
CREATE_ENDPOINT = """
mutation ($url: String!) {
  createWebhookEndpoint(input: {url: $url, events: [BOOKING_CREATED]}) {
    ... on WebhookEndpointCreated { secret endpoint { id } }
  }
}
"""
MINT = """
mutation ($linkId: ID!) {
  createSingleUseLink(input: {linkId: $linkId, label: "Deal 42"}) {
    ... on SingleUseLinkCreated { token }
  }
}
"""
BOOK = """
mutation ($input: BookMeetingInput!) {
  bookMeeting(input: $input) { __typename ... on BookingConfirmed { booking { id } } }
}
"""
DELIVERIES = """
query ($id: ID!) {
  webhookDeliveries(endpointId: $id) {
    ... on WebhookDeliveryConnection { edges { node { status attempts lastResponseStatus } } }
  }
}
"""


async def test_a_booking_is_delivered_by_the_server_after_one_failed_attempt(
    db: Backend,
) -> None:
    team = await create_booking_team()
    with (
        webhook_receiver(answers=[500]) as receiver,
        live_server(db.url, workers=1, environment=QUICK) as base,
    ):
        # given: an endpoint registered over the API, whose receiver fails once
        created = graphql(base, CREATE_ENDPOINT, {"url": receiver.url}, team.admin.key)[
            "createWebhookEndpoint"
        ]
        minted = graphql(base, MINT, {"linkId": global_id("Link", team.link.id)}, team.owner.key)
        # when: an invitee books
        booked = graphql(
            base,
            BOOK,
            {
                "input": {
                    "key": minted["createSingleUseLink"]["token"],
                    "start": iso(upcoming_monday(), "09:00"),
                    "invitee": {"name": "Jane", "email": "jane@prospect.example"},
                }
            },
        )["bookMeeting"]
        # then: the server's dispatcher sends it, and again after the failure
        first, second = receiver.wait_for(2)
        deliveries = graphql(base, DELIVERIES, {"id": created["endpoint"]["id"]}, team.admin.key)
    assert booked["__typename"] == "BookingConfirmed"
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
    payload = Webhook(created["secret"]).verify(second.body, second.headers)
    # The webhook names the owner's view of the booking; the invitee's view has its own id.
    _, booking_pk = from_base64(booked["booking"]["id"])
    assert payload["data"]["booking"]["id"] == global_id("Booking", int(booking_pk))
    assert payload["data"]["singleUseLink"]["label"] == "Deal 42"
    assert deliveries["webhookDeliveries"]["edges"] == [
        {"node": {"status": "SUCCEEDED", "attempts": 2, "lastResponseStatus": 200}}
    ]
