"""The HTTP guards in front of GraphQL: bodies too large or too slow to arrive are refused
before anything parses them."""

from __future__ import annotations

import asyncio

import orjson
from starlette.types import Message, Receive, Scope, Send

from tests.support.problems import graphql_problem
from transport.http_guards import BodyLimitMiddleware

SCOPE: Scope = {
    "type": "http",
    "method": "POST",
    "path": "/graphql",
    "headers": [(b"content-type", b"application/json")],
}


async def _never_called(scope: Scope, receive: Receive, send: Send) -> None:
    raise AssertionError("the app must not run")


async def _answer(guard: BodyLimitMiddleware, receive: Receive) -> tuple[int, dict[str, str]]:
    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    await guard(dict(SCOPE), receive, send)
    status = sent[0]["status"]
    body = orjson.loads(b"".join(m.get("body", b"") for m in sent[1:]))
    return status, body


async def test_a_body_that_trickles_in_too_slowly_is_a_408() -> None:
    # given a client that sends one byte of its body, then nothing
    chunks = [{"type": "http.request", "body": b"{", "more_body": True}]

    async def trickle() -> Message:
        if chunks:
            return chunks.pop()
        await asyncio.sleep(3600)
        raise AssertionError("unreachable")

    guard = BodyLimitMiddleware(_never_called, max_bytes=1024, read_seconds=0.05)

    # when the guard waits for the rest
    status, body = await _answer(guard, trickle)

    # then it stops waiting and says why
    assert (status, body) == (
        408,
        graphql_problem("REQUEST_TIMEOUT", "The request body must arrive within 0.05 seconds."),
    )


async def test_a_body_over_the_limit_is_a_413() -> None:
    async def large() -> Message:
        return {"type": "http.request", "body": b"x" * 2048, "more_body": False}

    guard = BodyLimitMiddleware(_never_called, max_bytes=1024)

    status, body = await _answer(guard, large)

    assert (status, body) == (
        413,
        graphql_problem("PAYLOAD_TOO_LARGE", "The request body may be at most 1024 bytes."),
    )
