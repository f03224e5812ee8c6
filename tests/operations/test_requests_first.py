"""Requests first: the background jobs in a web process wait for its idle moments, so that a
booking never waits behind messages being rendered; under constant load they still go on,
one unit per longest wait."""

from __future__ import annotations

import asyncio

import pytest
from starlette.types import Message, Receive, Scope, Send

from background.idle_time import IdleTime
from transport.serving import ServingMiddleware

QUIET = 0.02


async def _still_waiting(turn: asyncio.Task[None]) -> bool:
    await asyncio.sleep(QUIET * 5)
    return not turn.done()


async def test_a_turn_is_at_once_in_a_process_that_serves_no_requests() -> None:
    idle = IdleTime(quiet_seconds=QUIET, longest_wait_seconds=60)

    await asyncio.wait_for(idle.turn(), timeout=1)


async def test_a_turn_waits_while_a_request_is_served_and_comes_once_it_is_quiet() -> None:
    # given a request being served
    idle = IdleTime(quiet_seconds=QUIET, longest_wait_seconds=60)
    idle.request_started()

    # when background work asks for its turn
    turn = asyncio.create_task(idle.turn())

    # then it waits until the request is answered and the process has been quiet a moment
    assert await _still_waiting(turn)
    idle.request_finished()
    await asyncio.wait_for(turn, timeout=5)


async def test_under_constant_load_work_still_goes_on_after_the_longest_wait() -> None:
    idle = IdleTime(quiet_seconds=QUIET, longest_wait_seconds=QUIET * 10)
    idle.request_started()

    turn = asyncio.create_task(idle.turn())

    await asyncio.wait_for(turn, timeout=5)
    assert idle.serving == 1


async def test_the_app_counts_the_http_requests_it_is_serving_and_not_its_websockets() -> None:
    idle = IdleTime(quiet_seconds=QUIET, longest_wait_seconds=60)
    seen: list[int] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append(idle.serving)
        if scope["type"] == "http":
            raise RuntimeError("a request that fails is still counted out")

    serving = ServingMiddleware(app, idle=idle)

    async def receive() -> Message:
        return {"type": "http.disconnect"}

    async def send(_: Message) -> None:
        return None

    with pytest.raises(RuntimeError):
        await serving({"type": "http", "path": "/"}, receive, send)
    await serving({"type": "websocket", "path": "/graphql"}, receive, send)

    assert seen == [1, 0]
    assert idle.serving == 0


async def test_every_waiting_unit_goes_at_the_same_idle_moment() -> None:
    idle = IdleTime(quiet_seconds=QUIET, longest_wait_seconds=60)
    idle.request_started()

    turns = [asyncio.create_task(idle.turn()) for _ in range(5)]

    assert await _still_waiting(turns[0])
    idle.request_finished()
    await asyncio.wait_for(asyncio.gather(*turns), timeout=5)
    await idle.close()
