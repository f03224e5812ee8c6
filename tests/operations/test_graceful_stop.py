"""SIGTERM to a two-worker server under load: for the drain time it keeps answering every
request while /readyz says "draining" (so a load balancer stops sending), then it exits by
itself, cleanly and in bounded time."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.support.databases import migrated_sqlite_template
from tests.support.live_server import free_port, wait_until_ready

pytestmark = pytest.mark.slow

SLOTLINK = Path(sys.executable).with_name("slotlink")
DRAIN_SECONDS = 2.0
CLIENTS = 4
# SLOTLINK_CHAOS_SIGTERMS: servers stopped this way (1 in ``make test``, 5 in ``make chaos``).
SIGTERMS = int(os.environ.get("SLOTLINK_CHAOS_SIGTERMS", "1"))


@dataclass
class Load:
    base: str
    stop: threading.Event = field(default_factory=threading.Event)
    # (seconds since the signal, answered 200?) for every request sent after it
    after_signal: list[tuple[float, bool]] = field(default_factory=list)
    signalled_at: float | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def client(self) -> None:
        with httpx.Client(timeout=5) as http:
            while not self.stop.is_set():
                sent = time.monotonic()
                try:
                    answer = http.post(f"{self.base}/graphql", json={"query": "{ __typename }"})
                    ok = answer.status_code == 200
                except httpx.HTTPError:
                    ok = False
                with self.lock:
                    if self.signalled_at is not None and sent >= self.signalled_at:
                        self.after_signal.append((sent - self.signalled_at, ok))


@pytest.mark.parametrize("attempt", range(SIGTERMS))
def test_sigterm_drains_then_stops(tmp_path: Path, attempt: int) -> None:
    database = migrated_sqlite_template(tmp_path)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite://{database}",
        "SLOTLINK_ENV": "development",
        "SLOTLINK_DRAIN_SECONDS": str(DRAIN_SECONDS),
    }
    server = subprocess.Popen(
        [str(SLOTLINK), "serve", "--port", str(port), "--workers", "2", "--log-level", "warning"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_until_ready(base, server)
    load = Load(base)
    clients = [threading.Thread(target=load.client) for _ in range(CLIENTS)]
    for client in clients:
        client.start()
    time.sleep(0.5)

    with load.lock:
        load.signalled_at = time.monotonic()
    server.send_signal(signal.SIGTERM)
    time.sleep(0.5)
    ready = [httpx.get(f"{base}/readyz", timeout=2) for _ in range(4)]
    time.sleep(DRAIN_SECONDS - 1.0)
    load.stop.set()
    for client in clients:
        client.join()
    exit_code = server.wait(timeout=DRAIN_SECONDS + 20)
    stopped_after = time.monotonic() - load.signalled_at
    _, stderr = server.communicate()

    in_drain = [ok for sent, ok in load.after_signal if sent < DRAIN_SECONDS - 0.5]
    print(
        f"\n{len(in_drain)} requests sent in the drain window, {in_drain.count(False)} failed; "
        f"stopped {stopped_after:.1f} s after SIGTERM"
    )
    assert len(in_drain) > 20
    assert all(in_drain)
    assert [r.status_code for r in ready] == [503] * 4
    assert ready[0].json() == {"status": "draining"}
    assert exit_code == 0, stderr
    assert DRAIN_SECONDS <= stopped_after < DRAIN_SECONDS + 20
