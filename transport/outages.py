"""When the database cannot be reached, a request gets ``503`` with ``Retry-After`` and a
GraphQL-shaped body naming the request, not a bare ``500``: the failure may happen before the
GraphQL layer (the API key lookup, the failed-lookup budget), where nothing else answers it."""

from __future__ import annotations

from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.types import ExecutionResult

from models.db.problems import OUTAGE_MESSAGES, Outage, outage_of
from observability.outage_log import outage_log
from transport.problems import graphql_problem

RETRY_AFTER_SECONDS = 5


class DatabaseOutageMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking)
        except Exception as error:
            outage = None if started else outage_of(error)
            if outage is None:
                raise
            outage_log.record(outage, error)
            request_id = scope.get("state", {}).get("request_id", "")
            await _unavailable(outage, request_id)(scope, receive, send)


def _unavailable(outage: Outage, request_id: str) -> JSONResponse:
    return graphql_problem(
        503,
        "UNAVAILABLE",
        OUTAGE_MESSAGES[outage],
        request_id,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        reason=outage.value,
        retryAfterSeconds=RETRY_AFTER_SECONDS,
    )


def mark_unavailable(result: ExecutionResult, response: Response) -> None:
    """An answer with no data whose every error is an outage is an HTTP 503 with
    Retry-After, so that clients and proxies know to retry."""
    if (
        result.data is None
        and result.errors
        and all((error.extensions or {}).get("code") == "UNAVAILABLE" for error in result.errors)
    ):
        response.status_code = 503
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
