"""A real uvicorn server in its own processes, for tests that must cross process boundaries."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def live_server(
    database_url: str,
    *,
    workers: int = 2,
    app: str = "server:create_app",
    environment: dict[str, str] | None = None,
) -> Iterator[str]:
    """Yields the base URL once /readyz answers; stops the server on exit."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SLOTLINK_PUBLIC_URL": "https://slotlink.test",
        "SLOTLINK_ENV": "development",
        # No .eml files in the working tree unless a test asks for messages.
        "SLOTLINK_SEND_EMAIL": "false",
        **(environment or {}),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            app,
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(base, process)
        _warm_up(base)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _warm_up(base: str) -> None:
    """Every worker answers its first requests slowly (connections, caches): get that done
    before a test measures or races anything."""
    # Nothing here may fail a token lookup: that would count against the rate limit.
    with httpx.Client(timeout=10) as client:
        for _ in range(20):
            client.get(f"{base}/readyz").raise_for_status()
            client.post(f"{base}/graphql", json={"query": "{ __typename }"}).raise_for_status()


def wait_until_ready(base: str, process: subprocess.Popen[Any]) -> None:
    """Until /readyz answers, for a server started any way; fails if it exits first."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode}")
        try:
            # Several workers: ask a few times so that each has probably started.
            if all(httpx.get(f"{base}/readyz", timeout=1).status_code == 200 for _ in range(4)):
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError("the server did not become ready within 30 s")


def graphql(base: str, query: str, variables: dict[str, Any], key: str | None = None) -> Any:
    """The data of one operation over HTTP to a live server; errors fail the test."""
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    body = httpx.post(
        f"{base}/graphql",
        json={"query": query, "variables": variables},
        headers=headers,
        timeout=10,
    ).json()
    assert "errors" not in body, body
    return body["data"]
