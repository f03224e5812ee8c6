"""What every scenario gets: the settings, the workspace, a progress log, and job building."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Any

import orjson

from bench.databases import Workspace
from bench.processes import Server
from bench.settings import BenchSettings


@dataclass(frozen=True, slots=True)
class Run:
    settings: BenchSettings
    workspace: Workspace

    def log(self, message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    @property
    def all_cpus(self) -> str | None:
        """Every core, for a server with several workers; None when nothing is pinned."""
        if self.settings.server_cpus is None:
            return None
        return ",".join(str(core) for core in sorted(os.sched_getaffinity(0)))


def graphql_body(document: str, variables: dict[str, Any]) -> str:
    return orjson.dumps({"query": document, "variables": variables}).decode()


def job(
    server: Server,
    path: str,
    *,
    check: dict[str, Any],
    concurrency: int,
    seconds: float,
    body: str | None = None,
    bodies: list[str] | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "port": server.port,
        "path": path,
        "headers": headers or {},
        "check": check,
        "concurrency": concurrency,
        "seconds": seconds,
    }
    if bodies is not None:
        spec["bodies"] = bodies
    else:
        spec["body"] = body
    return spec
