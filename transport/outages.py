"""When the database cannot be reached, a request gets ``503`` with ``Retry-After`` and a
GraphQL-shaped body naming the request, not a bare ``500``: the failure may happen before the
GraphQL layer (the API key lookup, the failed-lookup budget), where nothing else answers it."""

from __future__ import annotations

import logging
import time

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from models.db.problems import database_problem, is_outage

logger = logging.getLogger("slotlink.errors")
RETRY_AFTER_SECONDS = 5
LOG_EVERY_SECONDS = 60.0


class DatabaseOutageMiddleware:
    def __init__(self, app: ASGIApp, *, database_url: str) -> None:
        self.app = app
        self.database_url = database_url
        self._logged_at = -LOG_EVERY_SECONDS

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
            if started or not is_outage(error):
                raise
            self._log(database_problem(error, self.database_url) or str(error))
            request_id = scope.get("state", {}).get("request_id", "")
            await _unavailable(request_id)(scope, receive, send)

    def _log(self, problem: str) -> None:
        """Once a minute per process: an outage must not write a line per request."""
        now = time.monotonic()
        if now - self._logged_at >= LOG_EVERY_SECONDS:
            self._logged_at = now
            logger.error("database unavailable: %s", problem)


def _unavailable(request_id: str) -> JSONResponse:
    return JSONResponse(
        {
            "data": None,
            "errors": [
                {
                    "message": "The service is temporarily unavailable. Try again shortly.",
                    "extensions": {
                        "code": "UNAVAILABLE",
                        "requestId": request_id,
                        "retryAfterSeconds": RETRY_AFTER_SECONDS,
                    },
                }
            ],
        },
        status_code=503,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )
