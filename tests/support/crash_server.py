"""A uvicorn server that can be killed without warning, and the load client that runs against it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from tests.support.live_server import ROOT, free_port

READY_WITHIN_SECONDS = 30.0


@dataclass(frozen=True, slots=True)
class KillableServer:
    """One uvicorn worker leading its own process group, so that the group dies at once."""

    process: subprocess.Popen[bytes]
    base_url: str

    @classmethod
    def start(cls, database_url: str, *, app: str = "server:create_app") -> KillableServer:
        port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "SLOTLINK_PUBLIC_URL": "https://slotlink.test",
            "SLOTLINK_ENV": "development",
            # A kill between a lookup's reservation and its release leaves the reservation
            # counted as a failure for the rest of the minute: twenty kills a minute would
            # lock the load client out, and these tests are about what survives a kill.
            "SLOTLINK_FAILED_LOOKUPS_PER_MINUTE": "1000000",
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
                "1",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        server = cls(process, f"http://127.0.0.1:{port}")
        try:
            server._wait_until_ready()
        except BaseException:
            server.kill()
            raise
        return server

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + READY_WITHIN_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with code {self.process.returncode}")
            try:
                if httpx.get(f"{self.base_url}/readyz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"the server did not become ready within {READY_WITHIN_SECONDS} s")

    def kill(self) -> None:
        """SIGKILL to the whole group: no lifespan shutdown, no connection closed politely."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()


@dataclass(frozen=True, slots=True)
class LoadClient:
    """``tests.support.crash_load`` in its own process; its journal is its view of the load."""

    process: subprocess.Popen[bytes]
    journal: Path

    @classmethod
    def start(
        cls,
        url: str,
        query: str,
        variables: list[dict[str, Any]],
        workdir: Path,
        *,
        concurrency: int,
        name: str,
    ) -> LoadClient:
        job = workdir / f"{name}.json"
        journal = workdir / f"{name}.jsonl"
        job.write_text(
            json.dumps(
                {"url": url, "query": query, "concurrency": concurrency, "variables": variables}
            )
        )
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.support.crash_load", str(job), str(journal)], cwd=ROOT
        )
        return cls(process, journal)

    def wait_until_firing(self, within_seconds: float = 30.0) -> None:
        deadline = time.monotonic() + within_seconds
        while not self.journal.exists():
            if self.process.poll() is not None:
                raise RuntimeError(f"the load client exited with code {self.process.returncode}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"the load client did not start within {within_seconds} s")
            time.sleep(0.01)

    def finish(self, within_seconds: float = 30.0) -> list[dict[str, Any]]:
        """The journal, once the client has noticed the server is gone and stopped."""
        try:
            returncode = self.process.wait(timeout=within_seconds)
        except subprocess.TimeoutExpired:
            self.abandon()
            raise
        assert returncode == 0, f"the load client exited with code {returncode}"
        return [json.loads(line) for line in self.journal.read_text().splitlines()]

    def abandon(self) -> None:
        self.process.kill()
        self.process.wait()
