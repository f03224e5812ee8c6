"""Tells the process's background jobs when it is serving HTTP requests, so that they wait
for its idle moments (background/idle_time.py). Subscriptions are not counted: a WebSocket
open for hours is not work in progress."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from background.idle_time import IdleTime


class ServingMiddleware:
    def __init__(self, app: ASGIApp, idle: IdleTime) -> None:
        self.app = app
        self.idle = idle

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self.idle.request_started()
        try:
            await self.app(scope, receive, send)
        finally:
            self.idle.request_finished()
