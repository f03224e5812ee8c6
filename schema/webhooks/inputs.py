"""Inputs of the webhook mutations."""

from __future__ import annotations

import strawberry
from strawberry import relay

from schema.webhooks.types import WebhookEventType


@strawberry.input
class CreateWebhookEndpointInput:
    url: str = strawberry.field(
        description="http(s). In production, internal addresses (loopback, private, "
        "link-local) are refused."
    )
    events: list[WebhookEventType]
    description: str = ""


@strawberry.input(description="Only the fields given are changed.")
class UpdateWebhookEndpointInput:
    id: relay.GlobalID
    url: str | None = None
    events: list[WebhookEventType] | None = None
    description: str | None = None
    enabled: bool | None = strawberry.field(
        default=None, description="true re-enables a disabled endpoint and clears its failures."
    )


@strawberry.input
class WebhookEndpointIdInput:
    id: relay.GlobalID


@strawberry.input
class RedeliverWebhookInput:
    delivery_id: relay.GlobalID
