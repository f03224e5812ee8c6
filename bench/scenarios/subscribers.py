"""Live updates at scale: 1,000 subscribers of meetingLogChanged on one server process, each on
a WebSocket of its own, while 100 bookings arrive in a burst. Figures: how long after its row
was written each subscriber had each event (p50, p99), and the server's memory per subscriber."""

from __future__ import annotations

import asyncio
import sys
import time
from datetime import datetime
from typing import Any

import httpx
import orjson

from bench import documents, report, seed, stats
from bench.context import Run
from bench.databases import orm
from bench.machine import pinned
from bench.processes import GRAPHQL_APP, serving
from bench.settings import ROOT
from models.accounts.api_keys import issue_api_key

SUBSCRIBERS = 1000
BURST = 100
BURST_CONCURRENCY = 10
# Keys, each with as many subscriptions as one key may hold in a process.
KEYS = 10


def _rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


async def _burst(base: str, pool: seed.BookingPool) -> int:
    gate = asyncio.Semaphore(BURST_CONCURRENCY)
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:

        async def one(index: int, token: str, start: datetime) -> bool:
            variables = {
                "input": {
                    "key": token,
                    "start": start.isoformat(),
                    "invitee": {
                        "name": "Bench Invitee",
                        "email": f"live{index}@bench.example",
                        "timeZone": "UTC",
                    },
                }
            }
            async with gate:
                answer = await client.post(
                    "/graphql", json={"query": documents.BOOK, "variables": variables}
                )
            body = answer.json()
            if not body.get("data"):
                raise RuntimeError(f"booking failed: {body}")
            return bool(body["data"]["bookMeeting"]["__typename"] == "BookingConfirmed")

        booked = await asyncio.gather(
            *(one(i, token, start) for i, (token, start) in enumerate(pool.requests))
        )
    return sum(booked)


async def subscribers(run: Run) -> dict[str, Any]:
    settings = run.settings
    url = await run.workspace.sqlite("subscribers")
    async with orm(url):
        tenant = await seed.create_tenant("Live")
        pool = await seed.booking_pool(tenant, "live", BURST, per_host=BURST)
        keys = [
            (await issue_api_key(tenant.viewer.user, label=f"live {number}"))[1]
            for number in range(KEYS)
        ]
    async with serving("graphql", GRAPHQL_APP, url, cpus=settings.server_cpus) as server:
        pid = server.process.pid
        rss_before = _rss_kib(pid)
        command = [sys.executable, "-m", "bench.live_subscribers"]
        command += [server.base.replace("http://", "ws://") + "/graphql"]
        command += [str(SUBSCRIBERS), str(BURST), *keys]
        clients = await asyncio.create_subprocess_exec(
            *pinned(command, settings.client_cpus), cwd=ROOT, stdout=asyncio.subprocess.PIPE
        )
        assert clients.stdout is not None
        try:
            async with asyncio.timeout(180):
                ready = (await clients.stdout.readline()).decode().strip()
                if ready != "ready":
                    raise RuntimeError(f"the subscribers did not start: {ready!r}")
                rss_after = _rss_kib(pid)
                started = time.monotonic()
                booked = await _burst(server.base, pool)
                burst_s = time.monotonic() - started
                delays = orjson.loads(await clients.stdout.read())["delays"]
                all_delivered_s = time.monotonic() - started
        finally:
            if clients.returncode is None:
                clients.kill()
            await clients.wait()
    latencies_ms = sorted(delay * 1000 for delay in delays)
    p50 = stats.percentile(latencies_ms, 50)
    p99 = stats.percentile(latencies_ms, 99)
    per_subscriber_kib = (rss_after - rss_before) / SUBSCRIBERS
    failures = [] if booked == BURST else [f"{BURST - booked} bookings refused"]
    if len(delays) != SUBSCRIBERS * BURST:
        failures.append(f"{len(delays)} events delivered of {SUBSCRIBERS * BURST}")
    label = f"meetingLogChanged, {SUBSCRIBERS:,} subscribers, burst of {BURST} bookings, SQLite"
    return {
        "title": "Live updates: subscribers",
        "config": {"subscribers": SUBSCRIBERS, "burst": BURST, "concurrency": BURST_CONCURRENCY},
        "results": {
            "events_delivered": len(delays),
            "latency_ms": {"p50": p50, "p99": p99, "max": latencies_ms[-1]},
            "all_delivered_s": all_delivered_s,
            "burst_s": burst_s,
            "server_rss_kib": {"before": rss_before, "with_subscribers": rss_after},
            "rss_kib_per_subscriber": per_subscriber_kib,
        },
        "failures": failures,
        "rows": [
            report.row(
                label, "row written to event received, p50 / p99", f"{p50:.0f} / {p99:.0f} ms"
            ),
            report.row(
                label, "all events delivered after the burst began", f"{all_delivered_s:.1f} s"
            ),
            report.row(label, "the burst's 100 bookings answered in", f"{burst_s:.1f} s"),
            report.row(label, "server memory per subscriber", f"{per_subscriber_kib:.0f} KiB"),
        ],
    }
