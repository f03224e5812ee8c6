"""The machine a run happened on, CPU pinning, and CPU time spent by a process tree."""

from __future__ import annotations

import os
import platform
import shutil
import sqlite3
import sys
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

PACKAGES: tuple[str, ...] = ("strawberry-graphql", "graphql-core", "starlette", "uvicorn")
PACKAGES += ("tortoise-orm", "aiosqlite", "asyncpg", "orjson", "uvloop", "httptools")
TICKS = os.sysconf("SC_CLK_TCK")


def taskset() -> str | None:
    return shutil.which("taskset")


def pinned(command: list[str], cpus: str | None) -> list[str]:
    """The command run on ``cpus`` when taskset exists; unpinned otherwise."""
    tool = taskset()
    if cpus is None or tool is None:
        return command
    return [tool, "--cpu-list", cpus, *command]


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def load_average() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def machine_info() -> dict[str, Any]:
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)),
        "cpu_model": cpu_model(),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "sqlite": sqlite3.sqlite_version,
        "taskset": taskset() is not None,
        "load_average_at_start": load_average(),
        "packages": {name: _version(name) for name in PACKAGES},
    }


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in text.split()]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its descendants still alive."""
    total = 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total = (int(fields[11]) + int(fields[12])) / TICKS
    except (OSError, IndexError, ValueError):
        return 0.0
    return total + sum(cpu_seconds(child) for child in _children(pid))
