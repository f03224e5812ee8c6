"""Books meetings until the server dies; run as a separate process.

    python -m tests.support.crash_load JOB.json JOURNAL  → a JSON line per request, as answered

A job is {"url": ..., "query": ..., "concurrency": N, "variables": [{...}, ...]}. Each line holds
the request's index, the seconds since the load started, and the outcome. The journal is
created when the first request is about to leave, so its existence says the load has started.
Requests are taken strictly in order and the first transport error (the server is gone) stops
taking more, so the journal ends up holding exactly a prefix of the requests: the rest were
never sent. Each line is written and flushed as soon as its answer arrives, so the journal is
what this client saw, whatever happens to the server.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

import httpx

TRANSPORT_ERROR = "TRANSPORT"


async def _one(client: httpx.AsyncClient, url: str, query: str, variables: Any) -> dict[str, Any]:
    try:
        response = await client.post(url, json={"query": query, "variables": variables})
    except httpx.TransportError as error:
        return {"outcome": TRANSPORT_ERROR, "error": f"{type(error).__name__}: {error}"}
    if response.status_code != 200:
        return {"outcome": "ERROR", "error": f"HTTP {response.status_code}: {response.text[:200]}"}
    body = response.json()
    if body.get("errors"):
        return {"outcome": "ERROR", "error": str(body["errors"][0].get("message"))}
    payload = next(iter(body["data"].values()))
    return {
        "outcome": payload["__typename"],
        "booking_id": (payload.get("booking") or {}).get("id"),
        "manage_token": payload.get("manageToken"),
    }


@dataclass(slots=True)
class _Load:
    client: httpx.AsyncClient
    job: dict[str, Any]
    requests: Iterator[tuple[int, Any]]
    journal: IO[str]
    started: float
    server_gone: bool = False

    async def worker(self) -> None:
        for index, variables in self.requests:
            outcome = await _one(self.client, self.job["url"], self.job["query"], variables)
            seconds = round(time.monotonic() - self.started, 3)
            record = {"index": index, "seconds": seconds, **outcome}
            self.journal.write(json.dumps(record) + "\n")
            self.journal.flush()
            self.server_gone = self.server_gone or outcome["outcome"] == TRANSPORT_ERROR
            if self.server_gone:
                return


async def run(job: dict[str, Any], journal_path: str) -> None:
    concurrency = job["concurrency"]
    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(timeout=30, limits=limits) as client:
        with open(journal_path, "x") as journal:  # noqa: ASYNC230 - created once, before any request
            load = _Load(client, job, enumerate(job["variables"]), journal, time.monotonic())
            await asyncio.gather(*(load.worker() for _ in range(concurrency)))


if __name__ == "__main__":
    with open(sys.argv[1]) as job_file:
        loaded_job = json.load(job_file)
    asyncio.run(run(loaded_job, sys.argv[2]))
