"""Fires GraphQL requests at a server as fast as it takes them; run as a separate process.

    python -m tests.support.storm JOB.json  → prints one JSON outcome per request, in order

A job is {"url": ..., "query": ..., "concurrency": N, "variables": [{...}, ...]}. An outcome is
the payload's __typename and reason, or "ERROR: ..." for a GraphQL error or a bad status.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

import httpx


async def _one(
    client: httpx.AsyncClient, gate: asyncio.Semaphore, url: str, query: str, variables: Any
) -> dict[str, Any]:
    async with gate:
        try:
            response = await client.post(url, json={"query": query, "variables": variables})
        except httpx.HTTPError as error:
            return {"outcome": f"ERROR: {type(error).__name__}: {error}"}
    if response.status_code != 200:
        return {"outcome": f"ERROR: HTTP {response.status_code}: {response.text[:200]}"}
    body = response.json()
    if body.get("errors"):
        return {"outcome": f"ERROR: {body['errors'][0].get('message')}"}
    payload = next(iter(body["data"].values()))
    return {
        "outcome": payload["__typename"],
        "reason": payload.get("reason"),
        "booking_id": (payload.get("booking") or {}).get("id"),
        "manage_token": payload.get("manageToken"),
    }


async def run(job: dict[str, Any]) -> list[dict[str, Any]]:
    gate = asyncio.Semaphore(job["concurrency"])
    limits = httpx.Limits(max_connections=job["concurrency"])
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        return await asyncio.gather(
            *(
                _one(client, gate, job["url"], job["query"], variables)
                for variables in job["variables"]
            )
        )


if __name__ == "__main__":
    with open(sys.argv[1]) as job_file:
        print(json.dumps(asyncio.run(run(json.load(job_file)))))
