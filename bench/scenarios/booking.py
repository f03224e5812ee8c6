"""bookMeeting with a fresh single-use token and a free half-hour per request, against the
baseline's plain transaction; on SQLite with one worker, on PostgreSQL with one and two."""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from typing import Any

from bench import documents, report, seed, stats
from bench.context import Run, graphql_body, job
from bench.databases import orm
from bench.processes import BASELINE_APP, GRAPHQL_APP, Server, running_jobs, serving
from bench.rounds import METRICS, Variant, interleave
from bench.statements import InProcessClient
from models.db.tables import Booking, SingleUseLink

# Requests per round are sized from the variant's best throughput so far, with this much to
# spare: a noisy machine can make one round twice as fast as another.
HEADROOM = 2.5
FIRST_ROUND_GUESS = 400.0  # requests/s, before anything is measured
CHECK = {"field": "bookMeeting", "typename": "BookingConfirmed"}


@dataclass(frozen=True, slots=True)
class Side:
    name: str
    app: str
    path: str
    workers: int
    env: dict[str, str] = field(default_factory=dict)
    # Runs on each round's fresh pool before it is booked (e.g. connects its hosts' calendars).
    prepare_pool: Callable[[seed.BookingPool], Awaitable[None]] | None = None
    # Runs after each of its rounds, before the next variant's: waits for the work the round
    # left behind (so that it does not weigh on the next round) and says what it found.
    settle: Callable[[], Awaitable[dict[str, Any]]] | None = None
    # Background jobs in a process of their own, on the load generator's core (the web
    # process then runs with SLOTLINK_BACKGROUND=false).
    separate_jobs: bool = False


def _variables(pool: seed.BookingPool) -> list[dict[str, Any]]:
    return [
        {
            "input": {
                "key": token,
                "start": start.isoformat(),
                "invitee": {
                    "name": "Bench Invitee",
                    "email": f"invitee{index}@bench.example",
                    "timeZone": "UTC",
                },
            }
        }
        for index, (token, start) in enumerate(pool.requests)
    ]


def _bodies(pool: seed.BookingPool) -> list[str]:
    return [graphql_body(documents.BOOK, variables) for variables in _variables(pool)]


async def _spent(link_ids: list[int] | None = None) -> tuple[int, int]:
    """Bookings, and single-use uses spent: through these links, or in the whole database."""
    bookings = Booking.all() if link_ids is None else Booking.filter(link_id__in=link_ids)
    children = (
        SingleUseLink.all() if link_ids is None else SingleUseLink.filter(link_id__in=link_ids)
    )
    uses = await children.values_list("uses", flat=True)
    return await bookings.count(), sum(int(u) for u in uses)  # type: ignore[call-overload]


async def _verify(spec: dict[str, Any], outcome: dict[str, Any]) -> dict[str, Any]:
    bookings, uses = await _spent(spec["link_ids"])
    failures = []
    if bookings != uses:
        failures.append(f"{bookings} bookings but {uses} single-use uses spent")
    if bookings != outcome["ok"]:
        failures.append(f"{bookings} bookings but {outcome['ok']} confirmed responses")
    return {"bookings": bookings, "uses_spent": uses, "failures": failures}


async def _statements(run: Run, url: str, tenant: seed.Tenant) -> int:
    """Of the second of two bookings made in this process (the first warms up)."""
    pool = await seed.booking_pool(tenant, "statements", 2, run.settings.bookings_per_host)
    client = InProcessClient(url)
    try:
        counts = []
        for variables in _variables(pool):
            log, body = await client.statements(documents.BOOK, variables)
            typename = body["data"]["bookMeeting"]["__typename"]
            if typename != CHECK["typename"]:
                raise RuntimeError(f"in-process booking answered {typename}")
            counts.append(len(log))
    finally:
        await client.close()
    return counts[-1]


async def measure_booking(
    run: Run, *, title: str, url: str, sides: list[Side], cpus_for: dict[int, str | None]
) -> dict[str, Any]:
    settings = run.settings
    async with orm(url):
        tenant = await seed.create_tenant("Booking")
        try:
            statements: int | None = await _statements(run, url, tenant)
        except Exception as error:  # the throughput figures are still worth having
            run.log(f"  counting statements failed: {type(error).__name__}: {error}")
            statements = None
        async with AsyncExitStack() as stack:
            servers: dict[str, Server] = {}
            for side in sides:
                env = dict(side.env)
                if side.separate_jobs:
                    env["SLOTLINK_BACKGROUND"] = "false"
                    await stack.enter_async_context(
                        running_jobs(url, cpus=settings.client_cpus, env=side.env)
                    )
                servers[side.name] = await stack.enter_async_context(
                    serving(
                        side.name,
                        side.app,
                        url,
                        workers=side.workers,
                        cpus=cpus_for[side.workers],
                        env=env,
                    )
                )

            def prepare_for(side: Side) -> Any:
                async def prepare(number: int, best: float | None) -> dict[str, Any]:
                    rate = best or FIRST_ROUND_GUESS
                    size = math.ceil(rate * settings.seconds * HEADROOM) + 4 * settings.concurrency
                    pool = await seed.booking_pool(
                        tenant, f"r{number}-{side.name}", size, settings.bookings_per_host
                    )
                    if side.prepare_pool is not None:
                        await side.prepare_pool(pool)
                    spec = job(
                        servers[side.name],
                        side.path,
                        bodies=_bodies(pool),
                        check=CHECK,
                        concurrency=settings.concurrency,
                        seconds=settings.seconds,
                    )
                    spec["link_ids"] = pool.link_ids
                    return spec

                return prepare

            def verify_for(side: Side) -> Any:
                async def verify(spec: dict[str, Any], outcome: dict[str, Any]) -> dict[str, Any]:
                    checked = await _verify(spec, outcome)
                    if side.settle is not None:
                        checked["settled"] = await side.settle()
                    return checked

                return verify

            variants = [
                Variant(side.name, servers[side.name], prepare_for(side), verify_for(side))
                for side in sides
            ]
            rounds = await interleave(
                variants, settings.rounds, client_cpus=settings.client_cpus, log=run.log
            )
        bookings, uses = await _spent()
    return {
        "title": title,
        "config": {
            "database": url.split("://", 1)[0],
            "sides": {s.name: {"path": s.path, "workers": s.workers} for s in sides},
            "cpus": {str(k): v for k, v in cpus_for.items()},
            "concurrency": settings.concurrency,
            "seconds": settings.seconds,
            "bookings_per_host": settings.bookings_per_host,
        },
        "statements_per_request": {"graphql": statements, "baseline_transaction": 8},
        "variants": {
            name: {"rounds": rs, "summary": stats.summarize(rs, METRICS)}
            for name, rs in rounds.items()
        },
        "failures": {name: sum(r["failures"] for r in rs) for name, rs in rounds.items()},
        "database_check": {
            "bookings": bookings,
            "single_use_uses_spent": uses,
            "consistent": bookings == uses,
        },
        "_rounds": rounds,
    }


def _failures(result: dict[str, Any], *names: str) -> str:
    text = " / ".join(str(result["failures"][n]) for n in names)
    if not result["database_check"]["consistent"]:
        text += " (bookings ≠ uses!)"
    return text


async def sqlite_booking(run: Run) -> dict[str, Any]:
    url = await run.workspace.sqlite("booking")
    sides = [
        Side("graphql", GRAPHQL_APP, "/graphql", 1),
        Side("baseline", BASELINE_APP, "/book", 1),
    ]
    result = await measure_booking(
        run,
        title="bookMeeting, SQLite",
        url=url,
        sides=sides,
        cpus_for={1: run.settings.server_cpus},
    )
    rounds = result.pop("_rounds")
    result["ratios"] = {
        metric: stats.paired_ratio(rounds["graphql"], rounds["baseline"], metric)
        for metric in ("ok_per_s", "p50_ms", "server_cpu_ms_per_ok")
    }
    label = f"bookMeeting, SQLite, c={run.settings.concurrency}"
    result["rows"] = [
        *report.http_rows(
            label, rounds["graphql"], rounds["baseline"], _failures(result, "graphql", "baseline")
        ),
        report.row(
            label,
            "SQL statements per request",
            str(result["statements_per_request"]["graphql"] or "n/a"),
            str(result["statements_per_request"]["baseline_transaction"]),
        ),
    ]
    return result


async def postgres_booking(run: Run) -> dict[str, Any]:
    url = await run.workspace.postgres_database(run.settings.postgres_url)
    sides = [
        Side("graphql-1w", GRAPHQL_APP, "/graphql", 1),
        Side("baseline-1w", BASELINE_APP, "/book", 1),
        Side("graphql-2w", GRAPHQL_APP, "/graphql", 2),
        Side("baseline-2w", BASELINE_APP, "/book", 2),
    ]
    result = await measure_booking(
        run,
        title="bookMeeting, PostgreSQL",
        url=url,
        sides=sides,
        cpus_for={1: run.settings.server_cpus, 2: run.all_cpus},
    )
    rounds = result.pop("_rounds")
    result["ratios"] = {
        "graphql_vs_baseline_1w": stats.paired_ratio(
            rounds["graphql-1w"], rounds["baseline-1w"], "ok_per_s"
        ),
        "graphql_vs_baseline_2w": stats.paired_ratio(
            rounds["graphql-2w"], rounds["baseline-2w"], "ok_per_s"
        ),
        "scaling_graphql": stats.paired_ratio(
            rounds["graphql-2w"], rounds["graphql-1w"], "ok_per_s"
        ),
        "scaling_baseline": stats.paired_ratio(
            rounds["baseline-2w"], rounds["baseline-1w"], "ok_per_s"
        ),
    }
    summary = {name: v["summary"] for name, v in result["variants"].items()}
    ratios = result["ratios"]
    label = f"bookMeeting, PostgreSQL, c={run.settings.concurrency}"

    def throughput(name: str) -> str:
        return report.ranged(summary[name]["ok_per_s"]) + report.caveats(rounds[name])

    result["rows"] = [
        report.row(
            f"{label}, {workers} worker{'s' if workers > 1 else ''}",
            "requests/s",
            throughput(f"graphql-{workers}w"),
            throughput(f"baseline-{workers}w"),
            report.times(ratios[f"graphql_vs_baseline_{workers}w"]),
            _failures(result, f"graphql-{workers}w", f"baseline-{workers}w"),
        )
        for workers in (1, 2)
    ]
    result["rows"] += [
        report.row(
            f"{label}, 1 worker",
            "server CPU per request (ms), PostgreSQL's own not included",
            report.ranged(summary["graphql-1w"]["server_cpu_ms_per_ok"]),
            report.ranged(summary["baseline-1w"]["server_cpu_ms_per_ok"]),
            report.times(
                stats.paired_ratio(
                    rounds["graphql-1w"], rounds["baseline-1w"], "server_cpu_ms_per_ok"
                )
            ),
        ),
        report.row(
            f"{label}, scaling",
            "2 workers / 1 worker",
            report.times(ratios["scaling_graphql"]),
            report.times(ratios["scaling_baseline"]),
        ),
    ]
    return result
