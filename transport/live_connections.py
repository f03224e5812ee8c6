"""What keeps a subscription's WebSocket honest after connection_init: a key revoked while
connections are open closes them within ``REVOCATION_CHECK_SECONDS``. One check per process
for every open connection's key, in one statement."""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from contextlib import suppress

from starlette.websockets import WebSocket, WebSocketState

from models.accounts.api_keys import active_key_ids
from models.db.problems import is_outage

REVOCATION_CHECK_SECONDS = 30.0
REVOKED = 4403
logger = logging.getLogger("slotlink.live")


class RevocationWatch:
    def __init__(self, every_seconds: float = REVOCATION_CHECK_SECONDS) -> None:
        self.every_seconds = every_seconds
        self.sockets: defaultdict[int, set[WebSocket]] = defaultdict(set)
        self._task: asyncio.Task[None] | None = None

    def watch(self, websocket: WebSocket, key_id: int) -> None:
        self.sockets[key_id].add(websocket)
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        while self.sockets:
            await asyncio.sleep(self.every_seconds)
            self._forget_closed()
            if not self.sockets:
                return
            try:
                active = await active_key_ids(list(self.sockets))
            except Exception as error:
                if not is_outage(error):
                    logger.exception("checking subscribers' API keys failed")
                continue  # the database is away: keep the connections, look again later
            for key_id in [key_id for key_id in self.sockets if key_id not in active]:
                for websocket in self.sockets.pop(key_id):
                    with suppress(RuntimeError):
                        await websocket.close(code=REVOKED, reason="The API key was revoked.")

    def _forget_closed(self) -> None:
        for key_id, sockets in list(self.sockets.items()):
            sockets -= {s for s in sockets if s.application_state is WebSocketState.DISCONNECTED}
            if not sockets:
                del self.sockets[key_id]


revocation_watch = RevocationWatch()


def watch_revocation(websocket: WebSocket, key_id: int) -> None:
    revocation_watch.watch(websocket, key_id)
