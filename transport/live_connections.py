"""What keeps a subscription's WebSocket honest after connection_init: a key revoked while
connections are open closes them within ``REVOCATION_CHECK_SECONDS``."""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress

from starlette.websockets import WebSocket, WebSocketState

from models.accounts.api_keys import is_active
from models.db.problems import is_outage

REVOCATION_CHECK_SECONDS = 30.0
REVOKED = 4403
logger = logging.getLogger("slotlink.live")
_watchers: set[asyncio.Task[None]] = set()


def watch_revocation(
    websocket: WebSocket, key_id: int, every_seconds: float = REVOCATION_CHECK_SECONDS
) -> None:
    task = asyncio.get_running_loop().create_task(_watch(websocket, key_id, every_seconds))
    _watchers.add(task)
    task.add_done_callback(_watchers.discard)


async def _watch(websocket: WebSocket, key_id: int, every_seconds: float) -> None:
    while True:
        await asyncio.sleep(every_seconds)
        if websocket.application_state is WebSocketState.DISCONNECTED:
            return
        try:
            active = await is_active(key_id)
        except Exception as error:
            if not is_outage(error):
                logger.exception("checking a subscriber's API key failed")
            continue  # the database is away: keep the connection, look again next time
        if not active:
            with suppress(RuntimeError):
                await websocket.close(code=REVOKED, reason="The API key was revoked.")
            return
