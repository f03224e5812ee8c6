"""`links` (10 single-use children each) and `meetingLogs` pages of 10, 50 and 100: time per
request against minimal SQL + orjson, and the SQL statements each GraphQL request sends."""

from __future__ import annotations

from contextlib import AsyncExitStack
from typing import Any

from bench import documents, report, seed, stats
from bench.context import Run, graphql_body, job
from bench.databases import orm
from bench.processes import BASELINE_APP, GRAPHQL_APP, serving
from bench.rounds import METRICS, Variant, interleave
from bench.statements import InProcessClient

PAGE_SIZES = (10, 50, 100)
LINKS, CHILDREN, BOOKINGS = 110, 10, 120
# name: (document, root field, baseline path, extra check)
LISTINGS: dict[str, tuple[str, str, str, dict[str, Any]]] = {
    "links": (documents.LINKS, "links", "/links", {"children": CHILDREN}),
    "meetingLogs": (documents.MEETING_LOGS, "meetingLogs", "/logs", {}),
}


async def _statements(url: str, key: str) -> dict[str, dict[int, int]]:
    """Per listing and page size, after one request that records the API key's use."""
    client = InProcessClient(url)
    counts: dict[str, dict[int, int]] = {}
    try:
        await client.execute(documents.TYPENAME, {}, key=key)
        for name, (document, field, _, _) in LISTINGS.items():
            counts[name] = {}
            for size in PAGE_SIZES:
                log, body = await client.statements(document, {"first": size}, key=key)
                shown = len(body["data"][field]["edges"])
                if shown != size:
                    raise RuntimeError(f"in-process {name} showed {shown} of {size}")
                counts[name][size] = len(log)
    finally:
        await client.close()
    return counts


async def listing(run: Run) -> dict[str, Any]:
    settings = run.settings
    url = await run.workspace.sqlite("listing")
    async with orm(url):
        run.log(f"  seeding {LINKS} links x {CHILDREN} children and {BOOKINGS} bookings")
        tenant = await seed.listing_tenant(LINKS, CHILDREN, BOOKINGS)
        statements = await _statements(url, tenant.api_key)
        async with AsyncExitStack() as stack:
            graphql = await stack.enter_async_context(
                serving("graphql", GRAPHQL_APP, url, cpus=settings.server_cpus)
            )
            baseline = await stack.enter_async_context(
                serving("baseline", BASELINE_APP, url, cpus=settings.server_cpus)
            )
            variants = []
            for name, (document, field, path, extra) in LISTINGS.items():
                for size in PAGE_SIZES:
                    for side, server, route in (
                        ("graphql", graphql, "/graphql"),
                        ("baseline", baseline, path),
                    ):
                        spec = job(
                            server,
                            route,
                            body=graphql_body(document, {"first": size}),
                            headers={"Authorization": f"Bearer {tenant.api_key}"},
                            check={"field": field, "edges": size, **extra},
                            concurrency=settings.read_concurrency,
                            seconds=settings.read_seconds,
                        )

                        async def prepare(
                            _: int, __: float | None, spec: dict[str, Any] = spec
                        ) -> dict[str, Any]:
                            return spec

                        variants.append(Variant(f"{name}-{size}-{side}", server, prepare))
            rounds = await interleave(
                variants, settings.rounds, client_cpus=settings.client_cpus, log=run.log
            )
    result: dict[str, Any] = {
        "title": "links and meetingLogs pages, SQLite",
        "config": {
            "links": LINKS,
            "children_per_link": CHILDREN,
            "bookings": BOOKINGS,
            "page_sizes": list(PAGE_SIZES),
            "concurrency": settings.read_concurrency,
            "seconds": settings.read_seconds,
        },
        "statements_per_request": {
            "graphql": statements,
            "constant_across_page_sizes": {
                name: len(set(by_size.values())) == 1 for name, by_size in statements.items()
            },
            "baseline": {"links": 5, "meetingLogs": 4},
        },
        "variants": {
            name: {"rounds": rs, "summary": stats.summarize(rs, METRICS)}
            for name, rs in rounds.items()
        },
        "failures": {name: sum(r["failures"] for r in rs) for name, rs in rounds.items()},
        "ratios": {},
        "rows": [],
    }
    for name in LISTINGS:
        for size in PAGE_SIZES:
            top, bottom = rounds[f"{name}-{size}-graphql"], rounds[f"{name}-{size}-baseline"]
            ratio = stats.paired_ratio(top, bottom, "p50_ms")
            result["ratios"][f"{name}-{size}"] = ratio
            count = statements[name][size]
            constant = result["statements_per_request"]["constant_across_page_sizes"][name]
            result["rows"].append(
                report.row(
                    f"`{name}`, page of {size}"
                    + (f", {CHILDREN} children each" if name == "links" else ""),
                    f"ms per request (p50, c={settings.read_concurrency}); SQL statements",
                    f"{report.ranged(result['variants'][f'{name}-{size}-graphql']['summary']['p50_ms'])}"
                    f"; {count}{'' if constant else ' (varies with page size!)'}",
                    f"{report.ranged(result['variants'][f'{name}-{size}-baseline']['summary']['p50_ms'])}"
                    f"; {result['statements_per_request']['baseline'][name]}",
                    report.times(ratio),
                    f"{result['failures'][f'{name}-{size}-graphql']} / "
                    f"{result['failures'][f'{name}-{size}-baseline']}",
                )
            )
    return result
