"""Graceful stop: after SIGTERM a worker keeps serving for the drain time while /readyz
answers 503, so that a load balancer takes it out of rotation before it stops accepting;
then the server's own shutdown runs (stop accepting, finish requests in flight, bounded by
the shutdown grace). A second SIGTERM, or SIGINT, stops at once."""

from __future__ import annotations

import asyncio
import logging
import signal
from types import FrameType

logger = logging.getLogger("slotlink.server")


class Drain:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.draining = False

    def install(self) -> None:
        """Wraps the server's SIGTERM handler. Call from the running server's main thread
        (its lifespan), after the server installed its own handlers."""
        stop = signal.getsignal(signal.SIGTERM)
        if self.seconds <= 0 or not callable(stop):
            return
        loop = asyncio.get_running_loop()

        def on_term(sig: int, frame: FrameType | None) -> None:
            if self.draining:
                stop(sig, frame)
                return
            self.draining = True
            logger.info(
                "SIGTERM: draining for %g s before stopping",
                self.seconds,
                extra={"fields": {"drain_seconds": self.seconds}},
            )
            loop.call_soon_threadsafe(loop.call_later, self.seconds, stop, sig, frame)

        signal.signal(signal.SIGTERM, on_term)
