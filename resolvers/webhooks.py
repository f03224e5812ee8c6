"""Webhook endpoints and deliveries: thin calls into the domain."""

from __future__ import annotations

from datetime import UTC, datetime

from strawberry import relay

from models.db.tables import WebhookDelivery as WebhookDeliveryRow
from models.db.tables import WebhookDeliveryStatus as DeliveryStatusRow
from models.webhooks import endpoints as webhook_endpoints
from models.webhooks.endpoints import EndpointFields
from models.webhooks.events import EventType
from resolvers.context import Info
from resolvers.ids import decode_id
from resolvers.pagination import decode_cursor, encode_cursor, page_size
from schema.pagination import Connection, connection_of
from schema.webhooks.inputs import (
    CreateWebhookEndpointInput,
    RedeliverWebhookInput,
    UpdateWebhookEndpointInput,
    WebhookEndpointIdInput,
)
from schema.webhooks.payloads import (
    WebhookEndpointCreated,
    WebhookEndpointSaved,
    WebhookRedeliveryScheduled,
    WebhookSecretRotated,
)
from schema.webhooks.types import (
    WebhookDelivery,
    WebhookDeliveryStatus,
    WebhookEndpoint,
    WebhookEventType,
)


def _events(events: list[WebhookEventType] | None) -> list[EventType] | None:
    return None if events is None else [EventType(event.value) for event in events]


async def list_endpoints(info: Info) -> list[WebhookEndpoint]:
    viewer = info.context.require_viewer()
    rows = await webhook_endpoints.visible_endpoints(viewer).order_by("id")
    return [WebhookEndpoint.from_row(row) for row in rows]


async def list_deliveries(
    info: Info,
    endpoint_id: relay.GlobalID,
    status: WebhookDeliveryStatus | None = None,
    first: int | None = None,
    after: str | None = None,
) -> Connection[WebhookDelivery]:
    """NotFound for an endpoint the caller may not see, another organization's included."""
    viewer = info.context.require_viewer()
    limit = page_size(first)
    after_id = decode_cursor(after)
    endpoint = await webhook_endpoints.get_endpoint(
        viewer, decode_id(endpoint_id, "WebhookEndpoint")
    )
    query = WebhookDeliveryRow.filter(endpoint_id=endpoint.id)
    if status is not None:
        query = query.filter(status=DeliveryStatusRow(status.value))
    total = await query.count()
    page_query = query.filter(id__lt=after_id) if after_id is not None else query
    rows = await page_query.order_by("-id").limit(limit + 1).select_related("event")
    return connection_of(
        rows,
        limit=limit,
        cursor=lambda row: encode_cursor(row.id),
        node=WebhookDelivery.from_row,
        total=total,
        after_given=after_id is not None,
    )


async def create_endpoint(info: Info, input: CreateWebhookEndpointInput) -> WebhookEndpointCreated:
    viewer = info.context.require_viewer()
    created = await webhook_endpoints.create_endpoint(
        viewer,
        EndpointFields(url=input.url, events=_events(input.events), description=input.description),
        allow_internal=info.context.settings.webhooks_may_reach_internal_urls,
    )
    return WebhookEndpointCreated(
        endpoint=WebhookEndpoint.from_row(created.endpoint), secret=created.secret
    )


async def update_endpoint(info: Info, input: UpdateWebhookEndpointInput) -> WebhookEndpointSaved:
    viewer = info.context.require_viewer()
    row = await webhook_endpoints.update_endpoint(
        viewer,
        decode_id(input.id, "WebhookEndpoint"),
        EndpointFields(
            url=input.url,
            events=_events(input.events),
            description=input.description,
            enabled=input.enabled,
        ),
        allow_internal=info.context.settings.webhooks_may_reach_internal_urls,
    )
    return WebhookEndpointSaved(endpoint=WebhookEndpoint.from_row(row))


async def disable_endpoint(info: Info, input: WebhookEndpointIdInput) -> WebhookEndpointSaved:
    viewer = info.context.require_viewer()
    row = await webhook_endpoints.set_enabled(
        viewer, decode_id(input.id, "WebhookEndpoint"), enabled=False
    )
    return WebhookEndpointSaved(endpoint=WebhookEndpoint.from_row(row))


async def rotate_secret(info: Info, input: WebhookEndpointIdInput) -> WebhookSecretRotated:
    viewer = info.context.require_viewer()
    rotated = await webhook_endpoints.rotate_secret(
        viewer, decode_id(input.id, "WebhookEndpoint"), datetime.now(UTC)
    )
    return WebhookSecretRotated(
        endpoint=WebhookEndpoint.from_row(rotated.endpoint), secret=rotated.secret
    )


async def redeliver(info: Info, input: RedeliverWebhookInput) -> WebhookRedeliveryScheduled:
    viewer = info.context.require_viewer()
    delivery = await webhook_endpoints.redeliver(
        viewer, decode_id(input.delivery_id, "WebhookDelivery"), datetime.now(UTC)
    )
    return WebhookRedeliveryScheduled(delivery=WebhookDelivery.from_row(delivery))
