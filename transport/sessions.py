"""Signing in and out of the owner's console: ``POST /session`` exchanges an API key for an
``HttpOnly``, ``SameSite=Strict`` cookie (``Secure`` in production); ``DELETE /session`` ends
it on the server. Requests that carry the cookie must come from this origin."""

from __future__ import annotations

from urllib.parse import urlsplit

import orjson
from starlette.requests import HTTPConnection, Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send

from config import Settings
from models.accounts.sessions import LIFETIME, end_session, open_session
from transport.problems import graphql_problem, request_id_of

COOKIE = "slotlink_session"


def same_origin(connection: HTTPConnection, settings: Settings) -> bool:
    """A browser names the page's origin on every request that could be a forgery; it must be
    this server's (as configured, or as the request reached it)."""
    origin = connection.headers.get("origin")
    if origin is None:
        return True
    public = urlsplit(settings.public_url)
    scheme = {"ws": "http", "wss": "https"}.get(connection.url.scheme, connection.url.scheme)
    reached = f"{scheme}://{connection.headers.get('host', '')}"
    return origin in {f"{public.scheme}://{public.netloc}", reached}


class SessionEndpoint:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        if request.method == "DELETE":
            response = await self.sign_out(request)
        else:
            response = await self.sign_in(request)
        await response(scope, receive, send)

    async def sign_in(self, request: Request) -> Response:
        request_id = request_id_of(request.scope)
        if not same_origin(request, self.settings):
            return graphql_problem(
                403, "FORBIDDEN", "Sign in from this server's own pages.", request_id
            )
        if not request.headers.get("content-type", "").startswith("application/json"):
            return graphql_problem(
                415,
                "UNSUPPORTED_MEDIA_TYPE",
                'Send {"apiKey": "..."} as application/json.',
                request_id,
            )
        try:
            body = orjson.loads(await request.body())
        except orjson.JSONDecodeError:
            body = None
        key = body.get("apiKey") if isinstance(body, dict) else None
        if not isinstance(key, str) or not key.strip():
            return graphql_problem(
                400, "BAD_REQUEST", "apiKey: give the API key to sign in with.", request_id
            )
        opened = await open_session(key.strip())
        if opened is None:
            return graphql_problem(
                401, "UNAUTHENTICATED", "apiKey: unknown or revoked.", request_id
            )
        viewer, token = opened
        response = JSONResponse(
            {"name": viewer.user.name, "email": viewer.user.email, "role": viewer.user.role.value},
            headers={"Cache-Control": "no-store"},
        )
        response.set_cookie(
            COOKIE,
            token,
            max_age=int(LIFETIME.total_seconds()),
            path="/",
            httponly=True,
            samesite="strict",
            secure=not self.settings.is_development,
        )
        return response

    async def sign_out(self, request: Request) -> Response:
        if not same_origin(request, self.settings):
            return graphql_problem(
                403,
                "FORBIDDEN",
                "Sign out from this server's own pages.",
                request_id_of(request.scope),
            )
        token = request.cookies.get(COOKIE)
        if token:
            await end_session(token)
        response = Response(status_code=204, headers={"Cache-Control": "no-store"})
        forget(response, self.settings)
        return response


def forget(response: Response, settings: Settings) -> None:
    response.delete_cookie(
        COOKIE, path="/", httponly=True, samesite="strict", secure=not settings.is_development
    )
