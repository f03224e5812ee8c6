"""Root fields of the webhooks domain."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers import webhooks as resolve
from schema.errors import InvalidInput, NotFound
from schema.pagination import Connection
from schema.webhooks.payloads import (
    CreateWebhookEndpointResult,
    RedeliverWebhookResult,
    RotateWebhookSecretResult,
    WebhookEndpointResult,
)
from schema.webhooks.types import WebhookDelivery, WebhookEndpoint

WebhookDeliveriesResult = Annotated[
    Connection[WebhookDelivery] | NotFound | InvalidInput,
    strawberry.union("WebhookDeliveriesResult"),
]


@strawberry.type
class WebhooksQuery:
    webhook_endpoints: list[WebhookEndpoint] = strawberry.field(
        resolver=resolve.list_endpoints,
        description="Admins: the organization's endpoints. Members: their own.",
    )
    webhook_deliveries: WebhookDeliveriesResult = strawberry.field(
        resolver=resolve.list_deliveries, description="Newest first."
    )


@strawberry.type
class WebhooksMutation:
    create_webhook_endpoint: CreateWebhookEndpointResult = strawberry.mutation(
        resolver=resolve.create_endpoint,
        description="Admins: hears the whole organization. Members: their own links.",
    )
    update_webhook_endpoint: WebhookEndpointResult = strawberry.mutation(
        resolver=resolve.update_endpoint
    )
    disable_webhook_endpoint: WebhookEndpointResult = strawberry.mutation(
        resolver=resolve.disable_endpoint,
        description="No new deliveries; queued ones wait until it is enabled again.",
    )
    rotate_webhook_secret: RotateWebhookSecretResult = strawberry.mutation(
        resolver=resolve.rotate_secret
    )
    redeliver_webhook: RedeliverWebhookResult = strawberry.mutation(
        resolver=resolve.redeliver, description="Sends a finished delivery's event again."
    )
