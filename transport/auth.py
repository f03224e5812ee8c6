"""Resolves ``Authorization: Bearer <api key>`` into a viewer before any route runs."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from models.accounts.api_keys import find_active_key
from models.accounts.viewer import Viewer
from transport.problems import graphql_problem, request_id_of


class ApiKeyAuthMiddleware:
    """No header: anonymous. A header that names no active key: 401, never anonymous."""

    def __init__(self, app: ASGIApp, *, own_authentication: frozenset[str] = frozenset()) -> None:
        """``own_authentication``: paths whose bearer token is not an API key (e.g. /metrics)."""
        self.app = app
        self.own_authentication = own_authentication

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in self.own_authentication:
            await self.app(scope, receive, send)
            return
        authorization = Headers(scope=scope).get("authorization")
        viewer: Viewer | None = None
        if authorization is not None:
            scheme, _, credentials = authorization.partition(" ")
            key = (
                await find_active_key(credentials.strip())
                if scheme.lower() == "bearer" and credentials.strip()
                else None
            )
            if key is None:
                response = graphql_problem(
                    401,
                    "UNAUTHENTICATED",
                    "The API key is unknown or revoked. "
                    "Send 'Authorization: Bearer <api key>' or no header at all.",
                    request_id_of(scope),
                    headers={"WWW-Authenticate": 'Bearer realm="slotlink"'},
                )
                await response(scope, receive, send)
                return
            viewer = Viewer.from_api_key(key)
        scope.setdefault("state", {})["viewer"] = viewer
        await self.app(scope, receive, send)
