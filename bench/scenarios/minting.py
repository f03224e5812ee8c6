"""createSingleUseLink with a bearer API key, against one INSERT of a hashed token."""

from __future__ import annotations

from contextlib import AsyncExitStack
from typing import Any

from strawberry.relay import to_base64

from bench import documents, report, seed, stats
from bench.context import Run, graphql_body, job
from bench.databases import orm
from bench.processes import BASELINE_APP, GRAPHQL_APP, serving
from bench.rounds import METRICS, Variant, interleave
from bench.statements import InProcessClient
from models.db.tables import SingleUseLink

CHECK = {"field": "createSingleUseLink", "typename": "SingleUseLinkCreated"}


def _variables(link_id: int) -> dict[str, Any]:
    return {"input": {"linkId": to_base64("Link", link_id)}}


async def _verify(spec: dict[str, Any], outcome: dict[str, Any]) -> dict[str, Any]:
    inserted = await SingleUseLink.filter(link_id=spec["link_id"]).count() - spec["rows_before"]
    failures = []
    if inserted != outcome["ok"]:
        failures.append(f"{inserted} rows inserted but {outcome['ok']} created responses")
    return {"rows_inserted": inserted, "failures": failures}


async def _statements(url: str, tenant: seed.Tenant, link_id: int) -> int:
    """Of the second of two requests (the first records the API key's use)."""
    client = InProcessClient(url)
    try:
        counts = []
        for _ in range(2):
            log, body = await client.statements(
                documents.MINT, _variables(link_id), key=tenant.api_key
            )
            typename = body["data"]["createSingleUseLink"]["__typename"]
            if typename != CHECK["typename"]:
                raise RuntimeError(f"in-process minting answered {typename}")
            counts.append(len(log))
    finally:
        await client.close()
    return counts[-1]


async def minting(run: Run) -> dict[str, Any]:
    settings = run.settings
    url = await run.workspace.sqlite("minting")
    sides = {"graphql": (GRAPHQL_APP, "/graphql"), "baseline": (BASELINE_APP, "/mint")}
    async with orm(url):
        tenant = await seed.create_tenant("Minting")
        links = {name: await seed.add_host_link(tenant, f"mint-{name}") for name in sides}
        counted_link = await seed.add_host_link(tenant, "mint-statements")
        try:
            statements: int | None = await _statements(url, tenant, counted_link.link_id)
        except Exception as error:  # the throughput figures are still worth having
            run.log(f"  counting statements failed: {type(error).__name__}: {error}")
            statements = None
        async with AsyncExitStack() as stack:
            variants = []
            for name, (app, path) in sides.items():
                server = await stack.enter_async_context(
                    serving(name, app, url, cpus=settings.server_cpus)
                )
                link_id = links[name].link_id
                spec = job(
                    server,
                    path,
                    body=graphql_body(documents.MINT, _variables(link_id)),
                    headers={"Authorization": f"Bearer {tenant.api_key}"},
                    check=CHECK,
                    concurrency=settings.concurrency,
                    seconds=settings.seconds,
                )

                async def prepare(
                    _: int, __: float | None, spec: dict[str, Any] = spec, link_id: int = link_id
                ) -> dict[str, Any]:
                    before = await SingleUseLink.filter(link_id=link_id).count()
                    return {**spec, "link_id": link_id, "rows_before": before}

                variants.append(Variant(name, server, prepare, _verify))
            rounds = await interleave(
                variants, settings.rounds, client_cpus=settings.client_cpus, log=run.log
            )
    summary = {name: stats.summarize(rs, METRICS) for name, rs in rounds.items()}
    failures = {name: sum(r["failures"] for r in rs) for name, rs in rounds.items()}
    label = f"createSingleUseLink, SQLite, c={settings.concurrency}"
    return {
        "title": "createSingleUseLink, SQLite",
        "config": {"concurrency": settings.concurrency, "seconds": settings.seconds},
        "statements_per_request": {"graphql": statements, "baseline": 1},
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
            report.row(label, "SQL statements per request", str(statements or "n/a"), "1"),
        ],
    }
