"""Webhook endpoints and their deliveries as GraphQL types."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from enum import Enum
from typing import TypeVar

import orjson
import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from models.db import tables
from models.webhooks.events import EventType, message_id
from resolvers import node_reads
from resolvers.context import Info
from schema.users.types import parse_node_ids

Row = TypeVar("Row", tables.WebhookEndpoint, tables.WebhookDelivery)
NodeType = TypeVar("NodeType")


@strawberry.enum(description="What a webhook reports; the value sent as `type` is in brackets.")
class WebhookEventType(Enum):
    BOOKING_CREATED = EventType.BOOKING_CREATED.value
    BOOKING_RESCHEDULED = EventType.BOOKING_RESCHEDULED.value
    BOOKING_CANCELLED = EventType.BOOKING_CANCELLED.value
    BOOKING_REASSIGNED = EventType.BOOKING_REASSIGNED.value
    SINGLE_USE_LINK_CREATED = EventType.SINGLE_USE_LINK_CREATED.value
    SINGLE_USE_LINK_USED = EventType.SINGLE_USE_LINK_USED.value
    SINGLE_USE_LINK_EXPIRED = EventType.SINGLE_USE_LINK_EXPIRED.value
    SINGLE_USE_LINK_REVOKED = EventType.SINGLE_USE_LINK_REVOKED.value
    LINK_UPDATED = EventType.LINK_UPDATED.value


@strawberry.enum
class WebhookEndpointStatus(Enum):
    ACTIVE = "ACTIVE"
    FAILING = strawberry.enum_value(
        "FAILING", description="Still sent to; its recent deliveries keep failing."
    )
    DISABLED = "DISABLED"


@strawberry.enum
class WebhookScope(Enum):
    ORGANIZATION = strawberry.enum_value(
        "ORGANIZATION", description="Every link of the organization (registered by an admin)."
    )
    OWN_LINKS = strawberry.enum_value(
        "OWN_LINKS", description="The links its owner owns (registered by a member)."
    )


@strawberry.enum
class WebhookDeliveryStatus(Enum):
    PENDING = strawberry.enum_value("PENDING", description="Not sent yet, or to be retried.")
    SUCCEEDED = "SUCCEEDED"
    FAILED = strawberry.enum_value("FAILED", description="Every attempt failed.")


@strawberry.type(description="A URL that hears chosen events, signed per Standard Webhooks.")
class WebhookEndpoint(relay.Node):
    id: relay.NodeID[int]
    url: str
    description: str
    events: list[WebhookEventType]
    status: WebhookEndpointStatus
    scope: WebhookScope
    owner_id: relay.GlobalID | None = strawberry.field(
        description="The user whose links it hears; null for the whole organization."
    )
    consecutive_failures: int
    previous_secret_expires_at: datetime | None = strawberry.field(
        description="After a rotation, deliveries are signed with the old secret too until then."
    )
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_row(cls, row: tables.WebhookEndpoint) -> WebhookEndpoint:
        return cls(
            id=row.id,
            url=row.url,
            description=row.description,
            events=[WebhookEventType(event) for event in row.events],
            status=WebhookEndpointStatus(row.status.value),
            scope=WebhookScope.ORGANIZATION if row.owner_id is None else WebhookScope.OWN_LINKS,
            owner_id=None if row.owner_id is None else relay.GlobalID("User", str(row.owner_id)),
            consecutive_failures=row.consecutive_failures,
            previous_secret_expires_at=row.previous_secret_expires_at,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[WebhookEndpoint | None]:
        ids = parse_node_ids(node_ids)
        return _in_order(ids, await node_reads.webhook_endpoints(info, ids), cls.from_row)


@strawberry.type(description="One event sent, or to be sent, to one endpoint.")
class WebhookDelivery(relay.Node):
    id: relay.NodeID[int]
    endpoint_id: relay.GlobalID
    event_type: WebhookEventType
    message_id: str = strawberry.field(description="The `webhook-id` header: one per event.")
    payload: JSON = strawberry.field(description="The body sent, as JSON.")
    status: WebhookDeliveryStatus
    attempts: int
    next_attempt_at: datetime | None = strawberry.field(description="While pending.")
    last_attempt_at: datetime | None
    last_response_status: int | None = strawberry.field(
        description="The HTTP status of the last attempt; null if no answer came."
    )
    last_error: str
    delivered_at: datetime | None
    created_at: datetime

    @classmethod
    def from_row(cls, row: tables.WebhookDelivery) -> WebhookDelivery:
        pending = row.status is tables.WebhookDeliveryStatus.PENDING
        return cls(
            id=row.id,
            endpoint_id=relay.GlobalID("WebhookEndpoint", str(row.endpoint_id)),
            event_type=WebhookEventType(row.event.type),
            message_id=message_id(row.event_id),
            payload=JSON(orjson.loads(row.event.payload)),
            status=WebhookDeliveryStatus(row.status.value),
            attempts=row.attempts,
            next_attempt_at=row.next_attempt_at if pending else None,
            last_attempt_at=row.last_attempt_at,
            last_response_status=row.last_response_status,
            last_error=row.last_error,
            delivered_at=row.delivered_at,
            created_at=row.created_at,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[WebhookDelivery | None]:
        ids = parse_node_ids(node_ids)
        return _in_order(ids, await node_reads.webhook_deliveries(info, ids), cls.from_row)


def _in_order(
    ids: Sequence[int | None], rows: Iterable[Row], build: Callable[[Row], NodeType]
) -> list[NodeType | None]:
    """One answer per requested id, in the order asked: null where nothing visible matched."""
    by_id = {row.pk: row for row in rows}
    return [build(by_id[i]) if i is not None and i in by_id else None for i in ids]
