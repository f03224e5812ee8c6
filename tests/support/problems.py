"""The GraphQL-shaped body of a refusal made before GraphQL runs (transport/problems.py)."""

from __future__ import annotations


class _AnyRequestId:
    """Equal to any request id the server could have given (tests without the request id
    middleware see an empty one)."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, str)

    def __repr__(self) -> str:
        return "<any request id>"


ANY_REQUEST_ID = _AnyRequestId()


def graphql_problem(code: str, message: str, **extensions: object) -> dict[str, object]:
    return {
        "errors": [
            {
                "message": message,
                "extensions": {"code": code, "requestId": ANY_REQUEST_ID, **extensions},
            }
        ]
    }
