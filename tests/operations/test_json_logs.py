"""Every line the server writes to stderr is one JSON object: its own lines, uvicorn's,
libraries' warnings, and the tracebacks of a crashed thread, task or process (as a field)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]

STRAY_OUTPUT = textwrap.dedent(
    """
    import asyncio, gc, logging, logging.config, threading, warnings
    from observability.logs import log_stray_output, logging_config

    logging.config.dictConfig(logging_config())
    log_stray_output()
    warnings.warn("a library's warning")
    logging.getLogger("tortoise").warning("a library's log line")
    logging.getLogger("slotlink.example").info("one of ours")

    def crash() -> None:
        raise RuntimeError("a thread crashed")

    thread = threading.Thread(target=crash, name="worker-7")
    thread.start()
    thread.join()

    async def forgotten() -> None:
        raise ValueError("a task nobody awaited")

    async def main() -> None:
        asyncio.get_running_loop().create_task(forgotten())
        await asyncio.sleep(0.05)

    asyncio.run(main())
    gc.collect()
    raise LookupError("the process crashed")
    """
)


def _json_lines(stderr: str) -> list[dict[str, Any]]:
    lines = [line for line in stderr.splitlines() if line.strip()]
    parsed = []
    for line in lines:
        try:
            parsed.append(json.loads(line))
        except ValueError:
            pytest.fail(f"a line that is not JSON: {line!r}")
    return parsed


def test_warnings_library_lines_and_crashes_are_json_lines() -> None:
    finished = subprocess.run(
        [sys.executable, "-c", STRAY_OUTPUT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert finished.returncode == 1
    lines = _json_lines(finished.stderr)
    by_logger = {(line["logger"], line["level"]) for line in lines}
    assert ("py.warnings", "warning") in by_logger
    assert ("tortoise", "warning") in by_logger
    assert ("slotlink.example", "info") in by_logger
    [thread] = [line for line in lines if line.get("thread") == "worker-7"]
    assert "RuntimeError: a thread crashed" in thread["exception"]
    [task] = [line for line in lines if line["logger"] == "asyncio"]
    assert "ValueError: a task nobody awaited" in task["exception"]
    [process] = [line for line in lines if line["level"] == "critical"]
    assert "LookupError: the process crashed" in process["exception"]
