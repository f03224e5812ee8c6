"""A page of 5 links with their first 10 single-use children, in-process on SQLite, when each
link has 10 children and when each has 5,000: the same SQL statements, and the time within
1.5x (children are paged in the database, not in memory)."""

from __future__ import annotations

import statistics
import time
from typing import Any

from bench import report, seed, stats
from bench.context import Run
from bench.databases import orm
from bench.statements import InProcessClient

LINKS, FEW, MANY = 5, 10, 5_000
REQUESTS_PER_ROUND = 20
TARGET_RATIO = 1.5
PAGE = """
query ($withTotal: Boolean!) {
  links(first: 5) {
    edges { node { name singleUseLinks(first: 10) {
      totalCount @include(if: $withTotal)
      edges { node { id status label createdAt } }
    } } }
  }
}
"""


async def _tenant(name: str, children: int) -> seed.Tenant:
    tenant = await seed.create_tenant(name)
    host = await seed.add_host(tenant, name.lower())
    for number in range(LINKS):
        link = await seed.add_link(tenant, f"{name}-{number}", [host])
        await seed.mint_tokens(tenant, link.link_id, children)
    return tenant


async def _round(client: InProcessClient, key: str, with_total: bool) -> float:
    """The median milliseconds of one request."""
    times = []
    for _ in range(REQUESTS_PER_ROUND):
        began = time.perf_counter()
        body = await client.execute(PAGE, {"withTotal": with_total}, key=key)
        times.append((time.perf_counter() - began) * 1000)
        pages = [edge["node"]["singleUseLinks"] for edge in body["data"]["links"]["edges"]]
        if [len(page["edges"]) for page in pages] != [10] * LINKS:
            raise RuntimeError("a page did not show 10 children per link")
    return statistics.median(times)


async def children_pages(run: Run) -> dict[str, Any]:
    url = await run.workspace.sqlite("children")
    async with orm(url):
        run.log(f"  seeding {LINKS} links x {FEW} and {LINKS} links x {MANY:,} children")
        few, many = await _tenant("Few", FEW), await _tenant("Many", MANY)
        client = InProcessClient(url)
        try:
            statements: dict[str, int] = {}
            for name, tenant in (("few", few), ("many", many)):
                await client.execute("{ __typename }", {}, key=tenant.api_key)
                log, _ = await client.statements(PAGE, {"withTotal": True}, key=tenant.api_key)
                statements[name] = len(log)
            rounds: dict[str, list[dict[str, float]]] = {}
            for number in range(run.settings.rounds):
                for with_total in (False, True):
                    for name, tenant in (("few", few), ("many", many)):
                        variant = f"{name}-{'total' if with_total else 'page'}"
                        ms = await _round(client, tenant.api_key, with_total)
                        # The first round warms the caches and is not counted.
                        rounds.setdefault(variant, []).append(
                            {"round": number, "p50_ms": ms, "failures": 0, "discarded": not number}
                        )
        finally:
            await client.close()
    summaries = {name: stats.summarize(rs, ["p50_ms"]) for name, rs in rounds.items()}
    ratios = {
        kind: stats.paired_ratio(rounds[f"many-{kind}"], rounds[f"few-{kind}"], "p50_ms")
        for kind in ("page", "total")
    }
    met = {kind: ratio["median"] <= TARGET_RATIO for kind, ratio in ratios.items()}
    return {
        "title": "a page of links with their children, 10 vs 5,000 children per link, SQLite",
        "config": {"links": LINKS, "few": FEW, "many": MANY, "requests": REQUESTS_PER_ROUND},
        "statements_per_request": statements,
        "variants": {
            name: {"rounds": rs, "summary": summaries[name]} for name, rs in rounds.items()
        },
        "ratios": ratios,
        "target": {"ratio": TARGET_RATIO, "met": met},
        "failures": {},
        "rows": [
            report.row(
                f"5 links, first 10 children each{', with totalCount' if kind == 'total' else ''}:"
                f" {MANY:,} vs {FEW} children per link",
                "ms per request in-process (p50); SQL statements",
                f"{report.ranged(summaries[f'many-{kind}']['p50_ms'])}; {statements['many']}",
                f"{report.ranged(summaries[f'few-{kind}']['p50_ms'])}; {statements['few']}",
                f"{report.times(ratios[kind])}, target ≤ {TARGET_RATIO}x: "
                f"{'met' if met[kind] else 'MISSED'}",
            )
            for kind in ("page", "total")
        ],
    }
