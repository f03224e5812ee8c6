"""Refusals made before GraphQL runs (401, 405, 408, 413, 415, 429, 503), answered in the shape
of a GraphQL response, as the GraphQL-over-HTTP spec asks: ``{"errors": [{"message",
"extensions": {"code", "requestId", ...}}]}``. One shape, so that a client reads every answer
the same way."""

from __future__ import annotations

from collections.abc import Mapping

from starlette.responses import JSONResponse
from starlette.types import Scope


def request_id_of(scope: Scope) -> str:
    return str(scope.get("state", {}).get("request_id", "") or "")


def graphql_problem(
    status: int,
    code: str,
    message: str,
    request_id: str,
    *,
    headers: Mapping[str, str] | None = None,
    **extensions: object,
) -> JSONResponse:
    return JSONResponse(
        {
            "errors": [
                {
                    "message": message,
                    "extensions": {"code": code, "requestId": request_id, **extensions},
                }
            ]
        },
        status_code=status,
        headers=dict(headers) if headers else None,
    )
