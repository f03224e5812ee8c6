"""One structured JSON line per request: id, method, path, status, duration, the GraphQL
operation and its outcome, and the viewer. Never a document, variable, token or key."""

from __future__ import annotations

import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger("slotlink.requests")


class RequestLogMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def record_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, record_status)
        finally:
            state = scope.get("state", {})
            viewer = state.get("viewer")
            logger.info(
                "request",
                extra={
                    "fields": {
                        "request_id": state.get("request_id"),
                        "method": scope["method"],
                        "path": _path(scope["path"]),
                        "status": status,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                        "operation": state.get("graphql_operation"),
                        "outcome": state.get("graphql_outcome"),
                        "viewer_id": viewer.user_id if viewer is not None else None,
                    }
                },
            )


def _path(path: str) -> str:
    # A calendar file's path carries a manage token: keep it out of the log.
    if path.startswith("/bookings/"):
        return "/bookings/{token}.ics"
    return path
