"""The framework ceiling: `{ __typename }` over HTTP, against a route returning the same JSON."""

from __future__ import annotations

from contextlib import AsyncExitStack
from typing import Any

from bench import documents, report, stats
from bench.context import Run, graphql_body, job
from bench.databases import orm
from bench.processes import BASELINE_APP, GRAPHQL_APP, serving
from bench.rounds import METRICS, Variant, interleave
from bench.statements import InProcessClient


async def ceiling(run: Run) -> dict[str, Any]:
    settings = run.settings
    url = await run.workspace.sqlite("ceiling")
    body = graphql_body(documents.TYPENAME, {})
    async with orm(url):
        client = InProcessClient(url)
        try:
            log, _ = await client.statements(documents.TYPENAME, {})
        finally:
            await client.close()
    statements = len(log)
    async with AsyncExitStack() as stack:
        variants = []
        for name, app, path in (
            ("graphql", GRAPHQL_APP, "/graphql"),
            ("baseline", BASELINE_APP, "/typename"),
        ):
            server = await stack.enter_async_context(
                serving(name, app, url, cpus=settings.server_cpus)
            )
            spec = job(
                server,
                path,
                body=body,
                check={"field": "__typename", "equals": "Query"},
                concurrency=settings.concurrency,
                seconds=settings.seconds,
            )

            async def prepare(
                _: int, __: float | None, spec: dict[str, Any] = spec
            ) -> dict[str, Any]:
                return spec

            variants.append(Variant(name, server, prepare))
        rounds = await interleave(
            variants, settings.rounds, client_cpus=settings.client_cpus, log=run.log
        )
    summary = {name: stats.summarize(rs, METRICS) for name, rs in rounds.items()}
    failures = {name: sum(r["failures"] for r in rs) for name, rs in rounds.items()}
    label = f"`{{ __typename }}`, anonymous, c={settings.concurrency}"
    return {
        "title": "Framework ceiling",
        "config": {"concurrency": settings.concurrency, "seconds": settings.seconds},
        "statements_per_request": {"graphql": statements, "baseline": 0},
        "variants": {name: {"rounds": rs, "summary": summary[name]} for name, rs in rounds.items()},
        "ratios": {
            metric: stats.paired_ratio(rounds["graphql"], rounds["baseline"], metric)
            for metric in ("ok_per_s", "p50_ms", "server_cpu_ms_per_ok")
        },
        "failures": failures,
        "rows": [
            *report.http_rows(
                label,
                rounds["graphql"],
                rounds["baseline"],
                f"{failures['graphql']} / {failures['baseline']}",
            ),
            report.row(label, "SQL statements per request", str(statements), "0"),
        ],
    }
