"""Prometheus metrics of one app: requests by operation and outcome, and the product's events.

Each app owns its registry (tests build many apps). With several worker processes, set
``PROMETHEUS_MULTIPROC_DIR`` to an empty directory shared by the workers: the counters are then
kept in files there and /metrics adds up every worker's.
"""

from __future__ import annotations

import os
import re

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send

from config import Settings

MAX_OPERATION_NAMES = 200
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.requests = Counter(
            "slotlink_graphql_requests",
            "GraphQL operations by name and outcome (ok, error, or the typed problem).",
            ["operation", "outcome"],
            registry=r,
        )
        self.latency = Histogram(
            "slotlink_graphql_request_seconds",
            "Time to execute a GraphQL operation.",
            ["operation"],
            registry=r,
        )
        self.bookings_created = Counter(
            "slotlink_bookings_created", "Bookings confirmed.", registry=r
        )
        self.single_use_links_minted = Counter(
            "slotlink_single_use_links_minted", "Single-use links minted.", registry=r
        )
        self.single_use_links_used = Counter(
            "slotlink_single_use_links_used",
            "Uses of single-use links (bookings made through one).",
            registry=r,
        )
        self.rate_limit_refusals = Counter(
            "slotlink_rate_limit_refusals",
            "Lookups and requests refused for too many failed lookups.",
            registry=r,
        )
        self.webhook_deliveries = Counter(
            "slotlink_webhook_deliveries", "Webhook delivery attempts.", ["result"], registry=r
        )
        self.notifications = Counter(
            "slotlink_notifications",
            "Attempts to send a message or write a host's calendar.",
            ["channel", "result"],
            registry=r,
        )

        self._operation_names: set[str] = set()

    def record_request(self, operation: str, outcome: str, seconds: float) -> None:
        name = self._bounded(operation)
        self.requests.labels(name, outcome).inc()
        self.latency.labels(name).observe(seconds)

    def _bounded(self, operation: str) -> str:
        # Operation names come from clients: an attacker must not grow the label set forever.
        if operation in self._operation_names:
            return operation
        if len(self._operation_names) < MAX_OPERATION_NAMES and _NAME.match(operation):
            self._operation_names.add(operation)
            return operation
        return "other"

    def exposition(self) -> bytes:
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            combined = CollectorRegistry()
            MultiProcessCollector(combined)  # type: ignore[no-untyped-call]
            return generate_latest(combined)
        return generate_latest(self.registry)


class MetricsEndpoint:
    """Open in development; in production only with ``SLOTLINK_METRICS_TOKEN`` as a bearer
    token, and absent (404) when no token is configured."""

    def __init__(self, metrics: Metrics, settings: Settings) -> None:
        self.metrics = metrics
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._respond(Request(scope))(scope, receive, send)

    def _respond(self, request: Request) -> Response:
        token = self.settings.metrics_token
        if not self.settings.is_development:
            if not token:
                return JSONResponse({"error": "not_found"}, status_code=404)
            if request.headers.get("authorization") != f"Bearer {token}":
                return JSONResponse({"error": "unauthenticated"}, status_code=401)
        return Response(self.metrics.exposition(), media_type=CONTENT_TYPE_LATEST)
