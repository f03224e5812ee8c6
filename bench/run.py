"""``make bench``: every scenario, a markdown table on stdout, bench/results/latest.json.

Progress goes to stderr. Durations come from BENCH_* variables (see bench/settings.py);
BENCH_SCENARIOS=booking,ceiling runs only those.
"""

from __future__ import annotations

import asyncio
import math
import signal
import sys
import time
import traceback
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import orjson

from bench import report, settings
from bench.context import Run
from bench.databases import Workspace, postgres_version
from bench.machine import load_average, machine_info, taskset
from bench.scenarios.booking import postgres_booking, sqlite_booking
from bench.scenarios.ceiling import ceiling
from bench.scenarios.children import children_pages
from bench.scenarios.listing import listing
from bench.scenarios.minting import minting
from bench.scenarios.notifications import notifications
from bench.scenarios.slots import available_slots
from bench.scenarios.subscribers import subscribers

Scenario = Callable[[Run], Awaitable[dict[str, Any]]]
SCENARIOS: dict[str, Scenario] = {
    "booking": sqlite_booking,
    "minting": minting,
    "listing": listing,
    "children": children_pages,
    "slots": available_slots,
    "postgres": postgres_booking,
    "ceiling": ceiling,
    "subscribers": subscribers,
    "notifications": notifications,
}


def _finite(value: Any) -> Any:
    """JSON has no NaN: null instead."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def _write(path: Path, document: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    options = orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS
    path.write_bytes(orjson.dumps(_finite(document), option=options))


async def _run_all(bench: settings.BenchSettings) -> dict[str, Any]:
    began = time.monotonic()
    machine = machine_info()
    document: dict[str, Any] = {
        "machine": machine,
        "settings": bench.to_json(),
        "scenarios": {},
    }
    if "postgres" in bench.scenarios:
        machine["postgres"] = await postgres_version(bench.postgres_url)
    workspace = Workspace(bench.sqlite_folder, bench.postgres_synchronous_commit)
    run = Run(settings=bench, workspace=workspace)
    if taskset() is None or bench.server_cpus is None:
        run.log("warning: no CPU pinning (taskset missing or fewer than 2 cores)")
    try:
        for name in bench.scenarios:
            if name == "postgres" and machine.get("postgres") is None:
                run.log(f"== {name}: skipped, PostgreSQL unreachable at {bench.postgres_url}")
                document["scenarios"][name] = {"skipped": "PostgreSQL unreachable"}
                continue
            run.log(f"== {name}")
            started = time.monotonic()
            try:
                result = await SCENARIOS[name](run)
            except Exception as error:  # one broken scenario must not hide the others
                run.log(traceback.format_exc())
                result = {"error": f"{type(error).__name__}: {error}", "rows": []}
            result["duration_s"] = round(time.monotonic() - started, 1)
            document["scenarios"][name] = result
            run.log(f"   {name} took {result['duration_s']} s")
    finally:
        await workspace.close()
    machine["load_average_at_end"] = load_average()
    document["duration_s"] = time.monotonic() - began
    return document


def _interruptible() -> None:
    """SIGTERM and SIGINT (even when a background shell ignores it) unwind the run, so that
    its servers, files and databases are removed on the way out."""

    def interrupt(*_: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    signal.signal(signal.SIGINT, interrupt)


def main() -> None:
    bench = settings.load()
    _interruptible()
    try:
        document = asyncio.run(_run_all(bench))
    except KeyboardInterrupt:
        print("bench: interrupted; servers, files and databases removed", file=sys.stderr)
        raise SystemExit(130) from None
    _write(bench.output, document)
    print(report.render(document))
    errors = {n: s["error"] for n, s in document["scenarios"].items() if "error" in s}
    for name, error in errors.items():
        print(f"\nscenario {name} failed: {error}", file=sys.stderr)
    print(f"\nwrote {bench.output}", file=sys.stderr)
    if errors:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
