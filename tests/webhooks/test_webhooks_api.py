"""Registering and managing webhook endpoints over GraphQL, and reading their deliveries."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from config import Environment, Settings
from models.db.tables import WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint
from models.webhooks.deliveries import fan_out
from server import create_app
from tests.conftest import GraphQLClient
from tests.support.booking_factories import create_booking_team, execute
from tests.support.databases import Backend
from tests.support.factories import create_tenant
from tests.support.link_factories import Team, global_id, mint_one

RECEIVER = "https://hooks.example.com/slotlink"
CREATE = """
mutation ($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) {
    __typename
    ... on WebhookEndpointCreated {
      secret
      endpoint { id url description events status scope ownerId consecutiveFailures }
    }
    ... on InvalidInput { fieldErrors { field message } }
  }
}
"""
UPDATE = """
mutation ($input: UpdateWebhookEndpointInput!) {
  updateWebhookEndpoint(input: $input) {
    __typename
    ... on WebhookEndpointSaved { endpoint { url description events status } }
    ... on InvalidInput { fieldErrors { field message } }
    ... on NotFound { message }
  }
}
"""
DISABLE = """
mutation ($id: ID!) {
  disableWebhookEndpoint(input: {id: $id}) {
    __typename
    ... on WebhookEndpointSaved { endpoint { status } }
    ... on NotFound { message }
  }
}
"""
ROTATE = """
mutation ($id: ID!) {
  rotateWebhookSecret(input: {id: $id}) {
    __typename
    ... on WebhookSecretRotated { secret endpoint { previousSecretExpiresAt } }
    ... on NotFound { message }
  }
}
"""
ENDPOINTS = "{ webhookEndpoints { id url scope } }"
DELIVERIES = """
query ($endpointId: ID!, $status: WebhookDeliveryStatus, $first: Int, $after: String) {
  webhookDeliveries(endpointId: $endpointId, status: $status, first: $first, after: $after) {
    __typename
    ... on WebhookDeliveryConnection {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id eventType messageId status attempts payload endpointId } }
    }
    ... on NotFound { message }
  }
}
"""
REDELIVER = """
mutation ($id: ID!) {
  redeliverWebhook(input: {deliveryId: $id}) {
    __typename
    ... on WebhookRedeliveryScheduled { delivery { status attempts messageId } }
    ... on InvalidInput { fieldErrors { field message } }
    ... on NotFound { message }
  }
}
"""
NODE = "query ($id: ID!) { node(id: $id) { __typename ... on WebhookEndpoint { url } } }"


@pytest.fixture
async def team(db: Backend) -> Team:
    return await create_booking_team()


async def _create(
    client: GraphQLClient, key: str, *, url: str = RECEIVER, events: list[str] | None = None
) -> dict[str, Any]:
    data = await execute(
        client,
        CREATE,
        {
            "input": {
                "url": url,
                "events": events or ["BOOKING_CREATED", "SINGLE_USE_LINK_USED"],
                "description": "  CRM sync ",
            }
        },
        key=key,
    )
    result: dict[str, Any] = data["createWebhookEndpoint"]
    return result


async def test_an_admin_registers_an_organization_wide_endpoint_and_sees_its_secret_once(
    client: GraphQLClient, team: Team
) -> None:
    created = await _create(client, team.admin.key)
    assert created["__typename"] == "WebhookEndpointCreated"
    assert created["secret"].startswith("whsec_")
    endpoint = created["endpoint"]
    assert endpoint == {
        "id": endpoint["id"],
        "url": RECEIVER,
        "description": "CRM sync",
        "events": ["BOOKING_CREATED", "SINGLE_USE_LINK_USED"],
        "status": "ACTIVE",
        "scope": "ORGANIZATION",
        "ownerId": None,
        "consecutiveFailures": 0,
    }
    listed = await execute(client, ENDPOINTS, key=team.admin.key)
    assert listed == {
        "webhookEndpoints": [{"id": endpoint["id"], "url": RECEIVER, "scope": "ORGANIZATION"}]
    }
    stored = await WebhookEndpoint.get()
    assert stored.secret == created["secret"]


async def test_a_member_registers_an_endpoint_for_their_own_links(
    client: GraphQLClient, team: Team
) -> None:
    created = await _create(client, team.owner.key)
    assert created["endpoint"]["scope"] == "OWN_LINKS"
    assert created["endpoint"]["ownerId"] == team.owner.global_id


async def test_members_see_and_manage_only_their_own_endpoints(
    client: GraphQLClient, team: Team
) -> None:
    admins = await _create(client, team.admin.key)
    members = await _create(client, team.owner.key)
    listed = await execute(client, ENDPOINTS, key=team.owner.key)
    assert [e["id"] for e in listed["webhookEndpoints"]] == [members["endpoint"]["id"]]
    refused = await execute(client, DISABLE, {"id": admins["endpoint"]["id"]}, key=team.owner.key)
    assert refused["disableWebhookEndpoint"]["__typename"] == "NotFound"
    hidden = await execute(client, NODE, {"id": admins["endpoint"]["id"]}, key=team.owner.key)
    assert hidden == {"node": None}
    all_of_them = await execute(client, ENDPOINTS, key=team.admin.key)
    assert len(all_of_them["webhookEndpoints"]) == 2


async def test_another_organization_cannot_touch_an_endpoint(
    client: GraphQLClient, team: Team
) -> None:
    created = await _create(client, team.admin.key)
    other = await create_booking_team("Globex", domain="globex.test")
    result = await execute(client, ROTATE, {"id": created["endpoint"]["id"]}, key=other.admin.key)
    assert result["rotateWebhookSecret"]["__typename"] == "NotFound"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://hooks.example.com/x", "must be an http:// or https:// URL"),
        ("https://", "must name a host"),
        ("https://user:pw@hooks.example.com/", "must not carry a user name or password"),
        ("not a url", "must be an http:// or https:// URL"),
        ("https://hooks.example.com:99999/", "is not a valid URL"),
    ],
)
async def test_a_malformed_url_is_refused_naming_the_field(
    client: GraphQLClient, team: Team, url: str, message: str
) -> None:
    result = await _create(client, team.admin.key, url=url)
    assert result == {
        "__typename": "InvalidInput",
        "fieldErrors": [{"field": "url", "message": message}],
    }
    assert await WebhookEndpoint.all().count() == 0


async def test_no_events_is_refused(client: GraphQLClient, team: Team) -> None:
    result = await execute(
        client, CREATE, {"input": {"url": RECEIVER, "events": []}}, key=team.admin.key
    )
    assert result["createWebhookEndpoint"]["fieldErrors"] == [
        {"field": "events", "message": "must name at least one event"}
    ]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9000/hook",
        "http://localhost/hook",
        "http://10.1.2.3/hook",
        "http://192.168.0.10/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://0.0.0.0/hook",
    ],
)
async def test_in_production_internal_addresses_are_refused(
    db: Backend, settings: Settings, team: Team, url: str
) -> None:
    production = replace(settings, environment=Environment.PRODUCTION)
    app = create_app(production, manage_database=False)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as http:
        result = await _create(GraphQLClient(http), team.admin.key, url=url)
    assert result["__typename"] == "InvalidInput"
    [error] = result["fieldErrors"]
    assert error["field"] == "url"
    assert error["message"] == "must name a host with public addresses only"


async def test_in_development_a_local_receiver_may_be_registered(
    client: GraphQLClient, team: Team
) -> None:
    result = await _create(client, team.admin.key, url="http://127.0.0.1:9000/hook")
    assert result["__typename"] == "WebhookEndpointCreated"


async def test_update_changes_only_the_fields_given_and_can_re_enable(
    client: GraphQLClient, team: Team
) -> None:
    created = await _create(client, team.admin.key)
    endpoint_id = created["endpoint"]["id"]
    await execute(client, DISABLE, {"id": endpoint_id}, key=team.admin.key)
    result = await execute(
        client,
        UPDATE,
        {"input": {"id": endpoint_id, "events": ["BOOKING_CANCELLED"], "enabled": True}},
        key=team.admin.key,
    )
    assert result["updateWebhookEndpoint"] == {
        "__typename": "WebhookEndpointSaved",
        "endpoint": {
            "url": RECEIVER,
            "description": "CRM sync",
            "events": ["BOOKING_CANCELLED"],
            "status": "ACTIVE",
        },
    }


async def test_an_invalid_update_changes_nothing(client: GraphQLClient, team: Team) -> None:
    created = await _create(client, team.admin.key)
    result = await execute(
        client,
        UPDATE,
        {"input": {"id": created["endpoint"]["id"], "url": "gopher://x", "events": []}},
        key=team.admin.key,
    )
    assert [e["field"] for e in result["updateWebhookEndpoint"]["fieldErrors"]] == [
        "url",
        "events",
    ]
    stored = await WebhookEndpoint.get()
    assert (stored.url, stored.events) == (RECEIVER, ["booking.created", "single_use_link.used"])


async def test_rotating_gives_a_new_secret_and_keeps_the_old_one_for_a_day(
    client: GraphQLClient, team: Team
) -> None:
    created = await _create(client, team.admin.key)
    result = await execute(client, ROTATE, {"id": created["endpoint"]["id"]}, key=team.admin.key)
    rotated = result["rotateWebhookSecret"]
    assert rotated["secret"].startswith("whsec_")
    assert rotated["secret"] != created["secret"]
    assert rotated["endpoint"]["previousSecretExpiresAt"] is not None
    stored = await WebhookEndpoint.get()
    assert (stored.secret, stored.previous_secret) == (rotated["secret"], created["secret"])


async def test_deliveries_are_listed_newest_first_and_paged(
    client: GraphQLClient, team: Team
) -> None:
    created = await _create(client, team.admin.key, events=["SINGLE_USE_LINK_CREATED"])
    for _ in range(3):
        await mint_one(team.owner, team.link)
    await fan_out(datetime.now(UTC))
    variables = {"endpointId": created["endpoint"]["id"], "first": 2}
    first_page = (await execute(client, DELIVERIES, variables, key=team.admin.key))[
        "webhookDeliveries"
    ]
    assert first_page["totalCount"] == 3
    assert first_page["pageInfo"]["hasNextPage"] is True
    nodes = [edge["node"] for edge in first_page["edges"]]
    assert [n["eventType"] for n in nodes] == ["SINGLE_USE_LINK_CREATED"] * 2
    assert nodes[0]["status"] == "PENDING"
    assert nodes[0]["payload"]["type"] == "single_use_link.created"
    assert nodes[0]["endpointId"] == created["endpoint"]["id"]
    rows = await WebhookDelivery.all().order_by("-id")
    assert [n["id"] for n in nodes] == [global_id("WebhookDelivery", r.id) for r in rows[:2]]
    second_page = (
        await execute(
            client,
            DELIVERIES,
            {**variables, "after": first_page["pageInfo"]["endCursor"]},
            key=team.admin.key,
        )
    )["webhookDeliveries"]
    assert [e["node"]["id"] for e in second_page["edges"]] == [
        global_id("WebhookDelivery", rows[2].id)
    ]
    succeeded = await execute(
        client, DELIVERIES, {**variables, "status": "SUCCEEDED"}, key=team.admin.key
    )
    assert succeeded["webhookDeliveries"]["totalCount"] == 0


async def test_a_pending_delivery_cannot_be_redelivered_but_a_finished_one_can(
    client: GraphQLClient, team: Team
) -> None:
    await _create(client, team.admin.key, events=["SINGLE_USE_LINK_CREATED"])
    await mint_one(team.owner, team.link)
    await fan_out(datetime.now(UTC))
    delivery = await WebhookDelivery.get()
    delivery_id = global_id("WebhookDelivery", delivery.id)
    pending = await execute(client, REDELIVER, {"id": delivery_id}, key=team.admin.key)
    assert pending["redeliverWebhook"]["fieldErrors"] == [
        {"field": "deliveryId", "message": "is still being delivered"}
    ]
    await WebhookDelivery.filter(id=delivery.id).update(
        status=WebhookDeliveryStatus.FAILED, attempts=8
    )
    again = await execute(client, REDELIVER, {"id": delivery_id}, key=team.admin.key)
    assert again["redeliverWebhook"]["__typename"] == "WebhookRedeliveryScheduled"
    assert again["redeliverWebhook"]["delivery"]["status"] == "PENDING"
    assert again["redeliverWebhook"]["delivery"]["attempts"] == 0
    member = await execute(client, REDELIVER, {"id": delivery_id}, key=team.owner.key)
    assert member["redeliverWebhook"]["__typename"] == "NotFound"


async def test_anonymous_callers_get_no_endpoints(client: GraphQLClient, team: Team) -> None:
    result = await client.execute(ENDPOINTS)
    assert result["data"] is None
    assert "errors" in result


async def test_deliveries_of_an_endpoint_that_is_not_yours_are_not_found(
    client: GraphQLClient, team: Team
) -> None:
    """A typed answer, the same for another member's endpoint and another organization's."""
    created = await _create(client, team.admin.key)
    globex = await create_tenant("Globex", domain="globex.test")

    results = [
        await client.execute(DELIVERIES, {"endpointId": created["endpoint"]["id"]}, key=key)
        for key in (team.owner.key, globex.admin.key)
    ]

    assert [result["data"] for result in results] == [
        {"webhookDeliveries": {"__typename": "NotFound", "message": "No such webhook endpoint."}}
    ] * 2


DELIVERY_NODE = """
query ($id: ID!) { node(id: $id) { __typename ... on WebhookDelivery { eventType status } } }
"""


async def test_endpoints_and_deliveries_are_nodes_for_those_who_may_see_them(
    client: GraphQLClient, team: Team
) -> None:
    created = await _create(client, team.admin.key, events=["SINGLE_USE_LINK_CREATED"])
    await mint_one(team.owner, team.link)
    await fan_out(datetime.now(UTC))
    delivery_id = global_id("WebhookDelivery", (await WebhookDelivery.get()).id)
    endpoint = await execute(client, NODE, {"id": created["endpoint"]["id"]}, key=team.admin.key)
    assert endpoint == {"node": {"__typename": "WebhookEndpoint", "url": RECEIVER}}
    delivery = await execute(client, DELIVERY_NODE, {"id": delivery_id}, key=team.admin.key)
    assert delivery == {
        "node": {
            "__typename": "WebhookDelivery",
            "eventType": "SINGLE_USE_LINK_CREATED",
            "status": "PENDING",
        }
    }
    hidden = await execute(client, DELIVERY_NODE, {"id": delivery_id}, key=team.owner.key)
    assert hidden == {"node": None}
