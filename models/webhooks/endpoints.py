"""Registering webhook endpoints. Admins register endpoints that hear the whole
organization; members register endpoints that hear only the links they own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.queryset import QuerySet

from models.accounts.viewer import Viewer
from models.db.tables import (
    WebhookDelivery,
    WebhookDeliveryStatus,
    WebhookEndpoint,
    WebhookEndpointStatus,
)
from models.errors import InvalidInputError, NotFoundError
from models.validation import FieldErrors
from models.webhooks.events import EventType
from models.webhooks.permissions import may_see_endpoint
from models.webhooks.signing import new_secret
from models.webhooks.urls import UnsafeUrlError, check_destination, check_url_shape

MAX_DESCRIPTION = 500
MAX_ENDPOINTS_PER_ORGANIZATION = 50
# How long deliveries stay signed with the old secret too after a rotation.
PREVIOUS_SECRET_KEPT_FOR = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class EndpointFields:
    """``None`` leaves a field as it is (on update)."""

    url: str | None = None
    events: list[EventType] | None = None
    description: str | None = None
    enabled: bool | None = None


@dataclass(frozen=True, slots=True)
class EndpointWithSecret:
    endpoint: WebhookEndpoint
    secret: str


def visible_endpoints(viewer: Viewer) -> QuerySet[WebhookEndpoint]:
    query = WebhookEndpoint.filter(organization_id=viewer.organization_id)
    return query if viewer.is_admin else query.filter(owner_id=viewer.user_id)


async def get_endpoint(viewer: Viewer, endpoint_id: int) -> WebhookEndpoint:
    """Members manage their own endpoints and admins every one of the organization; all
    others are simply not found."""
    endpoint = await visible_endpoints(viewer).filter(id=endpoint_id).first()
    if endpoint is None:
        raise NotFoundError("No such webhook endpoint.")
    return endpoint


async def _clean(
    fields: EndpointFields, errors: FieldErrors, *, allow_internal: bool, creating: bool
) -> EndpointFields:
    url = fields.url
    if url is not None:
        try:
            url = check_url_shape(url)
            await check_destination(url, allow_internal=allow_internal)
        except UnsafeUrlError as refusal:
            errors.add("url", str(refusal))
    elif creating:
        errors.add("url", "is required")
    events = fields.events
    if events is not None:
        events = list(dict.fromkeys(events))
        if not events:
            errors.add("events", "must name at least one event")
    elif creating:
        errors.add("events", "is required")
    description = fields.description
    if description is not None:
        description = description.strip()
        if len(description) > MAX_DESCRIPTION:
            errors.add("description", f"must be at most {MAX_DESCRIPTION} characters")
    return EndpointFields(url=url, events=events, description=description)


async def create_endpoint(
    viewer: Viewer, fields: EndpointFields, *, allow_internal: bool
) -> EndpointWithSecret:
    errors = FieldErrors()
    cleaned = await _clean(fields, errors, allow_internal=allow_internal, creating=True)
    count = await WebhookEndpoint.filter(organization_id=viewer.organization_id).count()
    if count >= MAX_ENDPOINTS_PER_ORGANIZATION:
        errors.add(
            "url", f"the organization has {MAX_ENDPOINTS_PER_ORGANIZATION} endpoints already"
        )
    errors.raise_if_any()
    assert cleaned.url is not None
    assert cleaned.events is not None
    secret = new_secret()
    endpoint = await WebhookEndpoint.create(
        organization_id=viewer.organization_id,
        owner_id=None if viewer.is_admin else viewer.user_id,
        created_by_id=viewer.user_id,
        url=cleaned.url,
        description=cleaned.description or "",
        events=[event.value for event in cleaned.events],
        secret=secret,
    )
    return EndpointWithSecret(endpoint, secret)


async def update_endpoint(
    viewer: Viewer, endpoint_id: int, fields: EndpointFields, *, allow_internal: bool
) -> WebhookEndpoint:
    endpoint = await get_endpoint(viewer, endpoint_id)
    errors = FieldErrors()
    cleaned = await _clean(fields, errors, allow_internal=allow_internal, creating=False)
    errors.raise_if_any()
    if cleaned.url is not None:
        endpoint.url = cleaned.url
    if cleaned.events is not None:
        endpoint.events = [event.value for event in cleaned.events]
    if cleaned.description is not None:
        endpoint.description = cleaned.description
    if fields.enabled is not None:
        _set_enabled(endpoint, fields.enabled)
    await endpoint.save()
    return endpoint


async def set_enabled(viewer: Viewer, endpoint_id: int, enabled: bool) -> WebhookEndpoint:
    endpoint = await get_endpoint(viewer, endpoint_id)
    if _set_enabled(endpoint, enabled):
        await endpoint.save(update_fields=["status", "consecutive_failures", "updated_at"])
    return endpoint


def _set_enabled(endpoint: WebhookEndpoint, enabled: bool) -> bool:
    """Disabled endpoints get no new deliveries and their queued ones wait. Enabling starts
    afresh: the failure count is cleared. True if anything changed."""
    if enabled and endpoint.status is WebhookEndpointStatus.DISABLED:
        endpoint.status = WebhookEndpointStatus.ACTIVE
        endpoint.consecutive_failures = 0
        return True
    if not enabled and endpoint.status is not WebhookEndpointStatus.DISABLED:
        endpoint.status = WebhookEndpointStatus.DISABLED
        return True
    return False


async def rotate_secret(viewer: Viewer, endpoint_id: int, now: datetime) -> EndpointWithSecret:
    endpoint = await get_endpoint(viewer, endpoint_id)
    secret = new_secret()
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_expires_at = now + PREVIOUS_SECRET_KEPT_FOR
    endpoint.secret = secret
    await endpoint.save(
        update_fields=["secret", "previous_secret", "previous_secret_expires_at", "updated_at"]
    )
    return EndpointWithSecret(endpoint, secret)


async def get_delivery(viewer: Viewer, delivery_id: int) -> WebhookDelivery:
    delivery = (
        await WebhookDelivery.filter(
            id=delivery_id, endpoint__organization_id=viewer.organization_id
        )
        .select_related("endpoint", "event")
        .first()
    )
    if delivery is None or not may_see_endpoint(viewer, delivery.endpoint.owner_id):
        raise NotFoundError("No such webhook delivery.")
    return delivery


async def redeliver(viewer: Viewer, delivery_id: int, now: datetime) -> WebhookDelivery:
    """A new delivery of the same event (same ``webhook-id``) to the same endpoint."""
    original = await get_delivery(viewer, delivery_id)
    if original.status is WebhookDeliveryStatus.PENDING:
        raise InvalidInputError.single("deliveryId", "is still being delivered")
    if original.endpoint.status is WebhookEndpointStatus.DISABLED:
        raise InvalidInputError.single("deliveryId", "its endpoint is disabled; enable it first")
    delivery = await WebhookDelivery.create(
        event_id=original.event_id, endpoint_id=original.endpoint_id, next_attempt_at=now
    )
    delivery.endpoint = original.endpoint
    delivery.event = original.event
    return delivery
