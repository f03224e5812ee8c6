"""Webhook endpoints and dispatchers for tests."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

from background.webhook_dispatcher import WebhookDispatcher
from config import Environment, Settings, WebhookSettings
from models.webhooks.endpoints import EndpointFields, EndpointWithSecret, create_endpoint
from models.webhooks.events import WEBHOOK_EVENTS, EventType
from observability.metrics import Metrics
from tests.support.factories import Account
from tests.support.link_factories import viewer_of

ALL_EVENTS: list[EventType] = list(WEBHOOK_EVENTS)
# Short delays, so that a test sees every retry within a second or two.
QUICK_RETRIES = (0.05, 0.1, 0.2)


async def register_endpoint(
    account: Account, url: str, events: list[EventType] | None = None
) -> EndpointWithSecret:
    return await create_endpoint(
        await viewer_of(account),
        EndpointFields(url=url, events=events or ALL_EVENTS),
        allow_internal=True,
    )


@dataclass
class Clock:
    """The real time until a test sets ``now``."""

    now: datetime | None = None

    def __call__(self) -> datetime:
        return self.now or datetime.now(UTC)


def dispatcher_for(
    settings: Settings,
    *,
    clock: Clock | None = None,
    retry_delays: tuple[float, ...] = QUICK_RETRIES,
    timeout_seconds: float = 5.0,
    environment: Environment | None = None,
    allow_internal_urls: bool | None = None,
    deliveries_per_minute: int = 600,
    poll_seconds: float = 1.0,
) -> WebhookDispatcher:
    configured = replace(
        settings,
        environment=environment or settings.environment,
        webhooks=WebhookSettings(
            allow_internal_urls=allow_internal_urls,
            retry_delays=retry_delays,
            timeout_seconds=timeout_seconds,
            deliveries_per_minute=deliveries_per_minute,
            poll_seconds=poll_seconds,
        ),
    )
    return WebhookDispatcher(configured, Metrics(), clock or Clock())
