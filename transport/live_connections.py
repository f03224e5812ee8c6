"""What keeps a subscription's WebSocket honest after connection_init: a key revoked, or a
console session ended, while connections are open closes them within
``REVOCATION_CHECK_SECONDS``. One check per process
for every open connection's key, in one statement."""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from contextlib import suppress
from dataclasses import dataclass

from starlette.websockets import WebSocket, WebSocketState

from models.accounts.api_keys import active_key_ids
from models.accounts.sessions import live_session_hashes
from models.db.problems import is_outage

REVOCATION_CHECK_SECONDS = 30.0
REVOKED = 4403
logger = logging.getLogger("slotlink.live")


@dataclass(frozen=True, slots=True)
class Credential:
    """What signed a connection in: an API key, and the console's session when it was one."""

    key_id: int
    session_hash: str | None = None


class RevocationWatch:
    def __init__(self, every_seconds: float = REVOCATION_CHECK_SECONDS) -> None:
        self.every_seconds = every_seconds
        self.sockets: defaultdict[Credential, set[WebSocket]] = defaultdict(set)
        self._task: asyncio.Task[None] | None = None

    def watch(self, websocket: WebSocket, credential: Credential) -> None:
        self.sockets[credential].add(websocket)
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        while self.sockets:
            await asyncio.sleep(self.every_seconds)
            self._forget_closed()
            if not self.sockets:
                return
            credentials = list(self.sockets)
            try:
                keys = await active_key_ids([c.key_id for c in credentials])
                sessions = await live_session_hashes(
                    [c.session_hash for c in credentials if c.session_hash is not None]
                )
            except Exception as error:
                if not is_outage(error):
                    logger.exception("checking subscribers' API keys failed")
                continue  # the database is away: keep the connections, look again later
            for credential in credentials:
                if credential.key_id not in keys:
                    reason = "The API key was revoked."
                elif (
                    credential.session_hash is not None and credential.session_hash not in sessions
                ):
                    reason = "The session has ended."
                else:
                    continue
                for websocket in self.sockets.pop(credential):
                    with suppress(RuntimeError):
                        await websocket.close(code=REVOKED, reason=reason)

    def _forget_closed(self) -> None:
        for credential, sockets in list(self.sockets.items()):
            sockets -= {s for s in sockets if s.application_state is WebSocketState.DISCONNECTED}
            if not sockets:
                del self.sockets[credential]


revocation_watch = RevocationWatch()


def watch_revocation(websocket: WebSocket, credential: Credential) -> None:
    revocation_watch.watch(websocket, credential)
