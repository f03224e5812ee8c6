"""A real HTTP server on 127.0.0.1 that receives webhooks: it records every request and
answers with the status codes it is given, in turn (then 200)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True, slots=True)
class Received:
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    url: str
    answers: list[int] = field(default_factory=list)
    delay_seconds: float = 0.0
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next_answer(self) -> int:
        with self.lock:
            return self.answers.pop(0) if self.answers else 200

    def record(self, request: Received) -> None:
        with self.lock:
            self.received.append(request)

    def wait_for(self, count: int, timeout: float = 15.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.received) >= count:
                    return list(self.received)
            time.sleep(0.02)
        with self.lock:
            raise AssertionError(f"expected {count} webhooks, received {len(self.received)}")


class _Server(ThreadingHTTPServer):
    # Dispatchers open up to 50 connections at once each; the default backlog is 5.
    request_queue_size = 256


@contextmanager
def webhook_receiver(
    answers: list[int] | None = None, delay_seconds: float = 0.0
) -> Iterator[Receiver]:
    receiver: Receiver | None = None

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            assert receiver is not None
            length = int(self.headers.get("content-length", "0"))
            body = self.rfile.read(length)
            receiver.record(Received({k.lower(): v for k, v in self.headers.items()}, body))
            if receiver.delay_seconds:
                time.sleep(receiver.delay_seconds)
            self.send_response(receiver.next_answer())
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = _Server(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    receiver = Receiver(
        url=f"http://127.0.0.1:{server.server_address[1]}/hooks",
        answers=list(answers or []),
        delay_seconds=delay_seconds,
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
