"""Servers under test and load-generator runs, each a pinned child process of the bench."""

from __future__ import annotations

import asyncio
import math
import os
import secrets
import signal
import socket
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import orjson

from bench.machine import cpu_seconds, pinned
from bench.settings import ROOT

GRAPHQL_APP = "server:create_app"
BASELINE_APP = "bench.baseline_app:create_app"
PUBLIC_URL = "https://slotlink.bench"
READY_WITHIN = 30.0
WARM_UP_REQUESTS = 50


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass(frozen=True, slots=True)
class Server:
    name: str
    port: int
    process: asyncio.subprocess.Process
    workers: int
    cpus: str | None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cpu_seconds(self) -> float:
        return cpu_seconds(self.process.pid)


async def run_command(
    command: list[str], *, cpus: str | None, env: Mapping[str, str] | None = None
) -> str:
    """Runs a Python module or script to completion; its stdout, or an error with its stderr."""
    process = await asyncio.create_subprocess_exec(
        *pinned(command, cpus),
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await process.communicate()
    except BaseException:  # interrupted: the child goes too
        if process.returncode is None:
            process.kill()
            await process.wait()
        raise
    if process.returncode != 0:
        raise RuntimeError(f"{command[:4]} failed ({process.returncode}): {err.decode()[-2000:]}")
    return out.decode()


@asynccontextmanager
async def serving(
    name: str,
    app: str,
    database_url: str,
    *,
    workers: int = 1,
    cpus: str | None,
    env: Mapping[str, str] | None = None,
) -> AsyncIterator[Server]:
    """A uvicorn server pinned to ``cpus``, ready and warmed up; stopped on exit. ``env``
    adds to (or overrides) its settings."""
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", app, "--factory", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--workers", str(workers), "--log-level", "warning"]
    command += ["--no-access-log"]
    process = await asyncio.create_subprocess_exec(
        *pinned(command, cpus),
        cwd=ROOT,
        env={
            **os.environ,
            "DATABASE_URL": database_url,
            "SLOTLINK_PUBLIC_URL": PUBLIC_URL,
            "SLOTLINK_ENV": "production",
            # A fresh one per run: the bench keeps nothing between runs.
            "SLOTLINK_SECRET_KEY": secrets.token_urlsafe(32),
            # No messages unless a scenario configures them (they would pile up as files).
            "SLOTLINK_SEND_EMAIL": "false",
            **(env or {}),
        },
        start_new_session=True,
    )
    server = Server(name=name, port=port, process=process, workers=workers, cpus=cpus)
    try:
        await _wait_until_ready(server)
        yield server
    finally:
        await _stop(process)


@asynccontextmanager
async def running_jobs(
    database_url: str, *, cpus: str | None, env: Mapping[str, str]
) -> AsyncIterator[None]:
    """``slotlink background`` (the jobs without the API) pinned to ``cpus``."""
    command = [sys.executable, "-m", "cli", "background", "--log-level", "warning"]
    process = await asyncio.create_subprocess_exec(
        *pinned(command, cpus),
        cwd=ROOT,
        env={
            **os.environ,
            "DATABASE_URL": database_url,
            "SLOTLINK_PUBLIC_URL": PUBLIC_URL,
            "SLOTLINK_ENV": "production",
            **env,
        },
        start_new_session=True,
    )
    try:
        yield
    finally:
        await _stop(process)


async def _stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        await asyncio.wait_for(process.wait(), 15)
    except TimeoutError:
        # Our own session: the server and the workers it forked, nothing else.
        os.killpg(process.pid, signal.SIGKILL)
        await process.wait()


async def _wait_until_ready(server: Server) -> None:
    deadline = time.monotonic() + READY_WITHIN
    async with httpx.AsyncClient(timeout=2) as client:
        while time.monotonic() < deadline:
            if server.process.returncode is not None:
                raise RuntimeError(f"{server.name} exited with {server.process.returncode}")
            try:
                answers = [
                    (await client.get(f"{server.base}/readyz")).status_code
                    for _ in range(2 * server.workers)
                ]
                if all(status == 200 for status in answers):
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError(f"{server.name} was not ready within {READY_WITHIN:.0f} s")


def _write_job(job: dict[str, Any]) -> Path:
    handle, name = tempfile.mkstemp(prefix="bench-job-", suffix=".json")
    with os.fdopen(handle, "wb") as file:
        file.write(orjson.dumps(job))
    return Path(name)


async def run_load(job: dict[str, Any], *, client_cpus: str | None) -> dict[str, Any]:
    path = _write_job(job)
    try:
        out = await run_command([sys.executable, "-m", "bench.load", str(path)], cpus=client_cpus)
    finally:
        path.unlink()
    result: dict[str, Any] = orjson.loads(out)
    return result


async def measure(
    server: Server, job: dict[str, Any], *, client_cpus: str | None
) -> dict[str, Any]:
    """One load run, with the CPU the server spent during it (in cores)."""
    cpu_before, wall_before = server.cpu_seconds(), time.perf_counter()
    result = await run_load(job, client_cpus=client_cpus)
    cpu_after, wall_after = server.cpu_seconds(), time.perf_counter()
    # The load process spends a little of the wall time starting and connecting.
    busy = min(wall_after - wall_before, result["elapsed_s"] + 0.3)
    spent = cpu_after - cpu_before
    result["server_cpu"] = spent / busy if busy > 0 else 0.0
    # Less sensitive than throughput to other work on a shared machine.
    result["server_cpu_ms_per_ok"] = spent * 1000 / result["ok"] if result["ok"] else math.nan
    return result
