"""The load generator: fixed concurrency, fixed duration, every response checked.

    python -m bench.load JOB.json  → prints one JSON summary on stdout

It speaks HTTP/1.1 over keep-alive asyncio streams itself: httpx cost ~5 ms of client time per
request on the benchmark machine and capped a trivial endpoint at under 100 requests/s.

A job: {"port", "path", "headers", "bodies" (one per request, in order) or "body" (repeated),
"concurrency", "seconds", "check"}. The check names the field under ``data`` and what it must
hold: ``equals`` a value, a ``typename`` (the union member), ``edges`` (how many) and
``children`` (single-use children shown per link). Anything else fails the request, as do a
GraphQL ``errors`` entry and a status other than 200.
Workers stop taking requests at the deadline (or when the bodies run out) and finish the one
in flight, so every request sent is counted.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import uvloop

REQUEST_TIMEOUT = 30.0
FAILURE_SAMPLES = 5


@dataclass(slots=True)
class Tally:
    latencies: list[float] = field(default_factory=list)
    ok: int = 0
    failures: int = 0
    samples: list[str] = field(default_factory=list)
    last_done: float = 0.0

    def fail(self, reason: str) -> None:
        self.failures += 1
        if len(self.samples) < FAILURE_SAMPLES and reason not in self.samples:
            self.samples.append(reason)


def request_bytes(port: int, path: str, headers: dict[str, str], body: str) -> bytes:
    payload = body.encode()
    head = [
        f"POST {path} HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        "Content-Type: application/json",
        f"Content-Length: {len(payload)}",
        *(f"{name}: {value}" for name, value in headers.items()),
    ]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + payload


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
    """Status, body, and whether the server keeps the connection open."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    length: int | None = None
    chunked = False
    keep_alive = True
    for line in lines[1:]:
        name, _, value = line.partition(":")
        name = name.strip().lower()
        value = value.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "transfer-encoding" and "chunked" in value:
            chunked = True
        elif name == "connection" and value == "close":
            keep_alive = False
    if chunked:
        parts = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await reader.readuntil(b"\r\n")
                break
            parts.append(await reader.readexactly(size))
            await reader.readexactly(2)
        return status, b"".join(parts), keep_alive
    return status, await reader.readexactly(length or 0), keep_alive


def problem(status: int, body: bytes, check: dict[str, Any]) -> str | None:
    """Why a response is wrong, or None when it is what the job expects."""
    if status != 200:
        return f"HTTP {status}: {body[:120]!r}"
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError:
        return f"not JSON: {body[:120]!r}"
    if document.get("errors"):
        return f"GraphQL error: {document['errors'][0].get('message')}"
    result = (document.get("data") or {}).get(check["field"])
    if result is None:
        return f"no data.{check['field']}"
    if "equals" in check:
        return None if result == check["equals"] else f"{result!r} instead of {check['equals']!r}"
    expected = check.get("typename")
    if expected is not None and result.get("__typename") != expected:
        return f"{result.get('__typename')}: {str(result)[:160]}"
    edges = check.get("edges")
    if edges is not None:
        if len(result["edges"]) != edges:
            return f"{len(result['edges'])} edges instead of {edges}"
        children = check.get("children")
        if children is not None:
            for edge in result["edges"]:
                shown = len(edge["node"]["singleUseLinks"]["edges"])
                if shown != children:
                    return f"{shown} children instead of {children}"
    return None


async def run(job: dict[str, Any]) -> dict[str, Any]:
    port: int = job["port"]
    headers: dict[str, str] = job.get("headers", {})
    check: dict[str, Any] = job["check"]
    concurrency: int = job["concurrency"]
    if "bodies" in job:
        pending = iter([request_bytes(port, job["path"], headers, b) for b in job["bodies"]])
        supply = len(job["bodies"])
    else:
        single = request_bytes(port, job["path"], headers, job["body"])
        pending = iter(lambda: single, None)
        supply = -1
    tally = Tally()
    connections = [await asyncio.open_connection("127.0.0.1", port) for _ in range(concurrency)]
    cpu_before = time.process_time()
    began = time.perf_counter()
    deadline = began + float(job["seconds"])
    exhausted = False

    async def worker(index: int) -> None:
        nonlocal exhausted
        reader, writer = connections[index]
        while time.perf_counter() < deadline:
            request = next(pending, None)
            if request is None:
                exhausted = True
                break
            sent = time.perf_counter()
            try:
                writer.write(request)
                status, body, keep_alive = await asyncio.wait_for(
                    read_response(reader), REQUEST_TIMEOUT
                )
            except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError) as error:
                tally.fail(f"{type(error).__name__}: {error}")
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                continue
            done = time.perf_counter()
            tally.latencies.append(done - sent)
            tally.last_done = max(tally.last_done, done)
            reason = problem(status, body, check)
            if reason is None:
                tally.ok += 1
            else:
                tally.fail(reason)
            if not keep_alive:
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.close()

    await asyncio.gather(*(worker(i) for i in range(concurrency)))
    elapsed = max(tally.last_done, began + 1e-9) - began
    client_cpu = (time.process_time() - cpu_before) / elapsed
    return summary(tally, elapsed, client_cpu, exhausted=exhausted, supply=supply)


def percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


def summary(
    tally: Tally, elapsed: float, client_cpu: float, *, exhausted: bool, supply: int
) -> dict[str, Any]:
    ordered = sorted(tally.latencies)
    return {
        "requests": tally.ok + tally.failures,
        "ok": tally.ok,
        "failures": tally.failures,
        "failure_samples": tally.samples,
        "elapsed_s": elapsed,
        "ok_per_s": tally.ok / elapsed,
        "p50_ms": percentile(ordered, 0.50) * 1000,
        "p99_ms": percentile(ordered, 0.99) * 1000,
        "mean_ms": statistics.fmean(ordered) * 1000 if ordered else float("nan"),
        "client_cpu": client_cpu,
        "exhausted": exhausted,
        "supply": supply,
    }


def main() -> None:
    job = orjson.loads(Path(sys.argv[1]).read_bytes())
    sys.stdout.write(orjson.dumps(uvloop.run(run(job))).decode() + "\n")


if __name__ == "__main__":
    main()
