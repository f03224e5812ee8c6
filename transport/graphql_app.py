"""Strawberry's ASGI view with our request context and a faster JSON encoder."""

from __future__ import annotations

import orjson
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry import Schema
from strawberry.asgi import GraphQL

from config import Settings
from models.accounts.viewer import Viewer
from models.errors import RateLimitedError
from observability.metrics import Metrics
from resolvers.context import Context
from resolvers.failed_lookups import FailedLookupGuard, guard_for
from resolvers.failure_reads import FailureReads
from resolvers.loaders import build_loaders
from schema.limits import limit_rules


class GraphQLApp(GraphQL[Context, None]):
    def __init__(
        self,
        schema: Schema,
        settings: Settings,
        metrics: Metrics,
        failure_reads: FailureReads | None = None,
    ) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if settings.is_development else None,
            allow_queries_via_get=True,
        )
        self.settings = settings
        self.metrics = metrics
        self.limit_rules = limit_rules(settings.limits, schema._schema)
        self.failure_reads = failure_reads or FailureReads()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """An anonymous caller whose address failed too many lookups this minute is refused
        whole, before anything runs."""
        if scope["type"] == "http":
            guard = self._guard(Request(scope))
            scope.setdefault("state", {})["failed_lookups"] = guard
            if not guard.exempt:
                try:
                    await guard.check(None)
                except RateLimitedError as refused:
                    self.metrics.rate_limit_refusals.inc()
                    await _too_many(refused)(scope, receive, send)
                    return
        await super().__call__(scope, receive, send)

    def _guard(self, request: Request) -> FailedLookupGuard:
        return guard_for(request, self.settings, self.failure_reads)

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        assert isinstance(request, Request), "subscriptions are not served"
        viewer: Viewer | None = getattr(request.state, "viewer", None)
        return Context(
            request=request,
            response=response if isinstance(response, Response) else None,
            settings=self.settings,
            viewer=viewer,
            loaders=build_loaders(viewer.organization_id if viewer else None),
            limit_rules=self.limit_rules,
            request_id=getattr(request.state, "request_id", "") or "unknown",
            failed_lookups=getattr(request.state, "failed_lookups", None) or self._guard(request),
            metrics=self.metrics,
        )

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)


def _too_many(refused: RateLimitedError) -> JSONResponse:
    return JSONResponse(
        {
            "data": None,
            "errors": [
                {
                    "message": refused.message,
                    "extensions": {
                        "code": refused.code,
                        "retryAfterSeconds": refused.retry_after_seconds,
                    },
                }
            ],
        },
        status_code=429,
        headers={"Retry-After": str(refused.retry_after_seconds)},
    )
