"""Results of the webhook mutations."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.errors import Forbidden, InvalidInput, NotFound
from schema.webhooks.types import WebhookDelivery, WebhookEndpoint


@strawberry.type
class WebhookEndpointCreated:
    endpoint: WebhookEndpoint
    secret: str = strawberry.field(
        description="The signing secret (whsec_...). Shown this once; rotate it if lost."
    )


@strawberry.type
class WebhookEndpointSaved:
    endpoint: WebhookEndpoint


@strawberry.type
class WebhookSecretRotated:
    endpoint: WebhookEndpoint
    secret: str = strawberry.field(
        description="The new secret, shown this once. For 24 hours deliveries carry a "
        "signature with the previous secret too."
    )


@strawberry.type
class WebhookRedeliveryScheduled:
    delivery: WebhookDelivery = strawberry.field(description="The new delivery, pending.")


CreateWebhookEndpointResult = Annotated[
    WebhookEndpointCreated | InvalidInput | Forbidden,
    strawberry.union("CreateWebhookEndpointResult"),
]
WebhookEndpointResult = Annotated[
    WebhookEndpointSaved | InvalidInput | NotFound | Forbidden,
    strawberry.union("WebhookEndpointResult"),
]
RotateWebhookSecretResult = Annotated[
    WebhookSecretRotated | NotFound | Forbidden, strawberry.union("RotateWebhookSecretResult")
]
RedeliverWebhookResult = Annotated[
    WebhookRedeliveryScheduled | InvalidInput | NotFound | Forbidden,
    strawberry.union("RedeliverWebhookResult"),
]
