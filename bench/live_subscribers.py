"""The subscribers of the live-updates scenario, in a process of their own so that receiving
their events does not slow the bookings that cause them. Prints ``ready`` once every
subscription is open, then, after ``expected`` events each, one JSON line: every event's delay
from its booking's row to its arrival, in seconds.

    python -m bench.live_subscribers URL COUNT EXPECTED KEY [KEY ...]
"""

from __future__ import annotations

import asyncio
import sys
import time
from datetime import datetime

import orjson
from websockets.asyncio.client import ClientConnection, connect

CONNECTING_AT_ONCE = 50
SUBSCRIPTION = "subscription Live { meetingLogChanged { kind booking { id bookedAt } } }"


async def _subscriber(url: str, key: str, gate: asyncio.Semaphore) -> ClientConnection:
    async with gate:
        socket = await connect(
            url,
            subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
            ping_interval=None,
            max_queue=None,
        )
        init = {"type": "connection_init", "payload": {"authorization": f"Bearer {key}"}}
        await socket.send(orjson.dumps(init).decode())
        ack = orjson.loads(await socket.recv())
        if ack["type"] != "connection_ack":
            raise RuntimeError(f"connection refused: {ack}")
        subscribe = {"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIPTION}}
        await socket.send(orjson.dumps(subscribe).decode())
        return socket


async def _receive(socket: ClientConnection, expected: int) -> list[float]:
    delays: list[float] = []
    while len(delays) < expected:
        message = orjson.loads(await socket.recv())
        if message["type"] != "next" or message["payload"].get("errors"):
            raise RuntimeError(f"unexpected message: {message}")
        booking = message["payload"]["data"]["meetingLogChanged"]["booking"]
        delays.append(time.time() - datetime.fromisoformat(booking["bookedAt"]).timestamp())
    return delays


async def main(url: str, count: int, expected: int, keys: list[str]) -> None:
    gate = asyncio.Semaphore(CONNECTING_AT_ONCE)
    sockets = await asyncio.gather(
        *(_subscriber(url, keys[number % len(keys)], gate) for number in range(count))
    )
    receivers = [asyncio.create_task(_receive(socket, expected)) for socket in sockets]
    await asyncio.sleep(2)  # every subscription registered with the server's feed
    print("ready", flush=True)
    delays = [delay for got in await asyncio.gather(*receivers) for delay in got]
    for socket in sockets:
        await socket.close()
    print(orjson.dumps({"delays": delays}).decode(), flush=True)


if __name__ == "__main__":
    url, count, expected, *keys = sys.argv[1:]
    asyncio.run(main(url, int(count), int(expected), keys))
