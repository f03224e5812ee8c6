"""Resolves ``Authorization: Bearer <api key>``, or on the API's paths the console's session
cookie, into a viewer before any route runs."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from config import Settings
from models.accounts.api_keys import find_active_key
from models.accounts.sessions import session_viewer
from models.accounts.viewer import Viewer
from transport.problems import graphql_problem, request_id_of
from transport.sessions import COOKIE, forget, same_origin


class ApiKeyAuthMiddleware:
    """No header: anonymous. A header that names no active key: 401, never anonymous."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        settings: Settings,
        own_authentication: frozenset[str] = frozenset(),
        session_paths: frozenset[str] = frozenset(),
    ) -> None:
        """``own_authentication``: paths whose bearer token is not an API key (e.g. /metrics);
        ``session_paths``: those where a session cookie signs the caller in."""
        self.app = app
        self.settings = settings
        self.own_authentication = own_authentication
        self.session_paths = session_paths

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
        elif scope["path"] in self.session_paths:
            request = Request(scope)
            token = request.cookies.get(COOKIE)
            if token:
                if not same_origin(request, self.settings):
                    response = graphql_problem(
                        403,
                        "FORBIDDEN",
                        "A signed-in session is accepted only from this server's own pages.",
                        request_id_of(scope),
                    )
                    await response(scope, receive, send)
                    return
                viewer = await session_viewer(token)
                if viewer is None:
                    response = graphql_problem(
                        401,
                        "UNAUTHENTICATED",
                        "Your session has ended; sign in again.",
                        request_id_of(scope),
                    )
                    forget(response, self.settings)
                    await response(scope, receive, send)
                    return
        scope.setdefault("state", {})["viewer"] = viewer
        await self.app(scope, receive, send)
