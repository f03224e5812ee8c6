"""A graphql-transport-ws client over a real WebSocket, as graphql-ws speaks it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import orjson
from websockets.asyncio.client import ClientConnection, connect

PROTOCOL = "graphql-transport-ws"
# The subscription is registered with the server's feed shortly after `subscribe` is sent;
# there is no message that says so.
SETTLE_SECONDS = 1.0


@asynccontextmanager
async def connection(
    base: str, key: str | None = None, headers: dict[str, str] | None = None
) -> AsyncIterator[ClientConnection]:
    """Connected and acknowledged."""
    url = base.replace("http://", "ws://") + "/graphql"
    async with connect(
        url,
        subprotocols=[PROTOCOL],  # type: ignore[list-item]
        additional_headers=headers,
    ) as socket:
        payload = {"authorization": f"Bearer {key}"} if key else {}
        await socket.send(orjson.dumps({"type": "connection_init", "payload": payload}).decode())
        acknowledged = orjson.loads(await asyncio.wait_for(socket.recv(), 10))
        assert acknowledged["type"] == "connection_ack", acknowledged
        yield socket


async def subscribe(
    socket: ClientConnection,
    query: str,
    variables: dict[str, Any] | None = None,
    id: str = "1",
    extensions: dict[str, Any] | None = None,
) -> None:
    payload: dict[str, Any] = {"query": query, "variables": variables or {}}
    if extensions is not None:
        payload["extensions"] = extensions
    message = {"id": id, "type": "subscribe", "payload": payload}
    await socket.send(orjson.dumps(message).decode())
    await asyncio.sleep(SETTLE_SECONDS)


async def next_message(socket: ClientConnection, within: float = 10) -> dict[str, Any]:
    async with asyncio.timeout(within):
        while True:
            frame = await socket.recv()
            assert isinstance(frame, str), "graphql-transport-ws messages are text frames"
            message: dict[str, Any] = orjson.loads(frame)
            if message["type"] not in {"ping", "pong"}:
                return message


async def message_for(socket: ClientConnection, id: str) -> dict[str, Any]:
    """The next message about operation ``id``, passing over the others'."""
    while True:
        message = await next_message(socket)
        if message.get("id") == id:
            return message


async def nothing_within(socket: ClientConnection, seconds: float) -> bool:
    try:
        await next_message(socket, within=seconds)
    except TimeoutError:
        return True
    return False
