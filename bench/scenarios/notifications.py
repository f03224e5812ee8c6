"""bookMeeting with confirmations and hosts' calendars configured, against the same booking
with neither: email to a real SMTP server (a sink in a process of its own), every host's
calendar on a real CalDAV server (Radicale) read for busy times and written with each
meeting; the two servers on the load generator's core, as other machines. Twice: with the
background jobs in the web process (the default), and in `slotlink background` on the other
core. The work happens after the commit; the target is the booking's latency within 1.1x of
the plain one. After each round the bench waits until every message and calendar write is
done, and says how long that took."""

from __future__ import annotations

import asyncio
import os
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench import report, seed, stats
from bench.context import Run
from bench.processes import GRAPHQL_APP, PUBLIC_URL
from bench.scenarios.booking import Side, measure_booking
from config import Environment, Settings, WebhookSettings
from models.calendars.connections import CalendarCredentials, connect_calendar
from models.db.tables import (
    Notification,
    NotificationChannel,
    NotificationStatus,
    WebhookEvent,
)
from tests.support.caldav_server import PASSWORD, USER, caldav_server
from tests.support.live_server import free_port

# How long the notified server may take to finish a round's messages and calendar writes.
SETTLE_WITHIN = 120.0


def _cores(cpus: str | None) -> set[int] | None:
    return None if cpus is None else {int(core) for core in cpus.split(",")}


@contextmanager
def smtp_sink(cpus: str | None) -> Iterator[int]:
    """A real SMTP server that accepts and forgets every message, in a process of its own."""
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [
            sys.executable,
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            f"127.0.0.1:{port}",
            "-c",
            "aiosmtpd.handlers.Sink",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    cores = _cores(cpus)
    if cores is not None:
        os.sched_setaffinity(process.pid, cores)
    try:
        time.sleep(1.0)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


async def _counts() -> dict[str, int]:
    rows = await Notification.all().values_list("channel", "status")
    counts: dict[str, int] = {}
    for channel, status in rows:
        channel_name = NotificationChannel(channel).value.lower()
        key = f"{channel_name}_{NotificationStatus(status).value.lower()}"
        counts[key] = counts.get(key, 0) + 1
    return counts


async def _settled() -> dict[str, Any]:
    """Until every event has its notifications and none is still to be sent."""
    started = time.monotonic()
    while time.monotonic() - started < SETTLE_WITHIN:
        if not (
            await WebhookEvent.filter(notified=False).exists()
            or await Notification.filter(status=NotificationStatus.PENDING).exists()
        ):
            break
        await asyncio.sleep(0.25)
    return {"seconds": round(time.monotonic() - started, 2), **await _counts()}


VARIANTS = ("plain", "notified", "notified-jobs-apart")


async def notifications(run: Run) -> dict[str, Any]:
    """On SQLite and PostgreSQL; one booking at a time (the latency a prospect sees, with
    room for the work after the commit) and at the usual concurrency (the server saturated:
    what the work costs in throughput). Each variant on a database of its own, one after the
    other: on a shared one each would do the others' background work."""
    results: dict[str, Any] = {}
    rows: list[dict[str, str]] = []
    for database in ("SQLite", "PostgreSQL"):
        for concurrency in (1, run.settings.concurrency):
            at = Run(replace(run.settings, concurrency=concurrency), run.workspace)
            result = await _compare(at, database)
            results[f"{database.lower()}-c{concurrency}"] = result
            rows += result["rows"]
    return {"runs": results, "rows": rows}


async def _database(run: Run, database: str, name: str) -> str:
    if database == "SQLite":
        return await run.workspace.sqlite(name)
    return await run.workspace.postgres_database(run.settings.postgres_url)


async def _compare(run: Run, database: str) -> dict[str, Any]:
    secret = secrets.token_urlsafe(32)
    common = {"SLOTLINK_SECRET_KEY": secret, "SLOTLINK_WEBHOOK_ALLOW_INTERNAL_URLS": "true"}
    measured: dict[str, dict[str, Any]] = {}
    with (
        tempfile.TemporaryDirectory() as folder,
        caldav_server(Path(folder)) as radicale,
        smtp_sink(run.settings.client_cpus) as smtp_port,
    ):
        # The mail and calendar servers stand for other machines: off the server's core.
        cores = _cores(run.settings.client_cpus)
        if cores is not None:
            os.sched_setaffinity(radicale.pid, cores)
        notified_env = {
            **common,
            "SLOTLINK_SEND_EMAIL": "true",
            "SLOTLINK_SMTP_URL": f"smtp://127.0.0.1:{smtp_port}?tls=none",
            "SLOTLINK_MAIL_FROM": "bookings@slotlink.bench",
        }
        for variant in VARIANTS:
            name = f"notifications-{variant}-c{run.settings.concurrency}"
            url = await _database(run, database, name)
            connecting = Settings(
                database_url=url,
                public_url=PUBLIC_URL,
                environment=Environment.PRODUCTION,
                secret_key=secret,
                webhooks=WebhookSettings(allow_internal_urls=True),
            )

            async def connect_calendars(
                pool: seed.BookingPool, connecting: Settings = connecting
            ) -> None:
                for host_id in pool.host_ids:
                    calendar_url = await asyncio.to_thread(radicale.new_calendar)
                    await connect_calendar(
                        host_id,
                        CalendarCredentials(calendar_url, USER, PASSWORD, write_meetings=True),
                        connecting,
                    )

            if variant == "plain":
                side = Side(variant, GRAPHQL_APP, "/graphql", 1, env={**common})
            else:
                side = Side(
                    variant,
                    GRAPHQL_APP,
                    "/graphql",
                    1,
                    env=notified_env,
                    prepare_pool=connect_calendars,
                    settle=_settled,
                    separate_jobs=variant == "notified-jobs-apart",
                )
            measured[variant] = await measure_booking(
                run,
                title=f"bookMeeting, {variant}, {database}",
                url=url,
                sides=[side],
                cpus_for={1: run.settings.server_cpus},
            )
    rounds = {variant: measured[variant].pop("_rounds")[variant] for variant in VARIANTS}
    plain = rounds["plain"]
    result: dict[str, Any] = {
        "variants": {variant: measured[variant] for variant in VARIANTS},
        "ratios": {
            variant: {
                metric: stats.paired_ratio(rounds[variant], plain, metric)
                for metric in ("ok_per_s", "p50_ms", "p99_ms", "server_cpu_ms_per_ok")
            }
            for variant in VARIANTS[1:]
        },
        "settled": {
            variant: [r["check"]["settled"] for r in rounds[variant][1:] if "check" in r]
            for variant in VARIANTS[1:]
        },
        "rows": [],
    }
    for variant, what in (
        ("notified", "jobs in the web process"),
        ("notified-jobs-apart", "jobs in `slotlink background` on the other core"),
    ):
        label = f"bookMeeting + email + CalDAV ({what}), {database}, c={run.settings.concurrency}"
        failures = (
            f"{measured[variant]['failures'][variant]} / {measured['plain']['failures']['plain']}"
        )
        result["rows"] += [
            *report.http_rows(label, rounds[variant], plain, failures),
            report.row(
                label,
                "after each round: all sent and written within (s)",
                ", ".join(f"{s['seconds']:g}" for s in result["settled"][variant]) or "n/a",
            ),
        ]
    return result
