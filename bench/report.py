"""The markdown tables printed at the end, ready for the README."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from bench import stats

COLUMNS = ("Scenario", "Metric", "Slotlink", "Baseline", "Slotlink / baseline", "Failures")


def number(value: float) -> str:
    if math.isnan(value):
        return "n/a"
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def ranged(figure: Mapping[str, float]) -> str:
    """Median (min-max)."""
    if math.isnan(figure["median"]):
        return "n/a"
    return f"{number(figure['median'])} ({number(figure['min'])}-{number(figure['max'])})"


def times(figure: Mapping[str, float]) -> str:
    if math.isnan(figure["median"]):
        return "n/a"
    return f"{figure['median']:.2f}x ({figure['min']:.2f}-{figure['max']:.2f})"


def row(
    scenario: str,
    metric: str,
    slotlink: str,
    baseline: str = "n/a",
    ratio: str = "n/a",
    failures: str = "0",
) -> dict[str, str]:
    return dict(zip(COLUMNS, (scenario, metric, slotlink, baseline, ratio, failures), strict=True))


CLIENT_BOUND = 0.85  # of its core: above this the load generator may be what limits


def caveats(rounds: Sequence[Mapping[str, Any]]) -> str:
    kept = stats.counted(rounds)
    notes = []
    busy = [r["client_cpu"] for r in kept if r["client_cpu"] >= CLIENT_BOUND]
    if busy:
        notes.append(f"load generator at {max(busy):.0%} CPU")
    short = sum(1 for r in kept if r["exhausted"])
    if short:
        notes.append(f"requests ran out early in {short} round{'s' if short > 1 else ''}")
    return f" ({'; '.join(notes)})" if notes else ""


def http_rows(
    label: str,
    top: Sequence[Mapping[str, Any]],
    bottom: Sequence[Mapping[str, Any]],
    failures: str,
) -> list[dict[str, str]]:
    """Throughput, latency and server CPU per request of two variants measured side by side."""
    a = stats.summarize(top, ("ok_per_s", "p50_ms", "p99_ms", "server_cpu_ms_per_ok"))
    b = stats.summarize(bottom, ("ok_per_s", "p50_ms", "p99_ms", "server_cpu_ms_per_ok"))

    def latency(summary: Mapping[str, Mapping[str, float]]) -> str:
        return f"{number(summary['p50_ms']['median'])} / {number(summary['p99_ms']['median'])}"

    return [
        row(
            label,
            "requests/s",
            ranged(a["ok_per_s"]) + caveats(top),
            ranged(b["ok_per_s"]) + caveats(bottom),
            times(stats.paired_ratio(top, bottom, "ok_per_s")),
            failures,
        ),
        row(
            label,
            "p50 / p99 latency (ms)",
            latency(a),
            latency(b),
            times(stats.paired_ratio(top, bottom, "p50_ms")),
        ),
        row(
            label,
            "server CPU per request (ms)",
            ranged(a["server_cpu_ms_per_ok"]),
            ranged(b["server_cpu_ms_per_ok"]),
            times(stats.paired_ratio(top, bottom, "server_cpu_ms_per_ok")),
        ),
    ]


def table(rows: Sequence[Mapping[str, str]], columns: Sequence[str] = COLUMNS) -> str:
    lines = [
        "| " + " | ".join(columns) + " |",
        "|" + "|".join(" --- " for _ in columns) + "|",
    ]
    lines += ["| " + " | ".join(r.get(c, "") for c in columns) + " |" for r in rows]
    return "\n".join(lines)


def slots_table(results: Mapping[str, Any]) -> str:
    """Days x hosts down, bookings per host across."""
    bookings = results["bookings"]
    columns = ["Days x hosts", *(f"{b:,} bookings/host (ms)" for b in bookings)]
    rows = []
    for days in results["days"]:
        for hosts in results["hosts"]:
            cells = [f"{days} d x {hosts} host{'s' if hosts > 1 else ''}"]
            for count in bookings:
                cells.append(ranged(results["configurations"][f"{days}d-{hosts}h-{count}b"]))
            rows.append(dict(zip(columns, cells, strict=True)))
    return table(rows, columns)


def render(document: Mapping[str, Any]) -> str:
    rows = [r for scenario in document["scenarios"].values() for r in scenario.get("rows", [])]
    machine = document["machine"]
    settings = document["settings"]
    parts = [
        table(rows),
        "",
        f"Medians of {settings['rounds'] - 1} counted rounds (min-max in brackets; one warm-up "
        f"round discarded), variants interleaved round by round. HTTP: {settings['seconds']} s "
        f"per round at concurrency {settings['concurrency']} for writes and `__typename`, "
        f"{settings['read_seconds']} s at concurrency {settings['read_concurrency']} for "
        f"listings. Server on CPU {settings['server_cpus']}, load generator on CPU "
        f"{settings['client_cpus']}, one uvicorn worker unless stated. Failures: Slotlink / "
        "baseline over all rounds, database checks included. SQL statements: counted in-process "
        "through the ORM's query log (BEGIN/COMMIT not counted).",
        f"Machine: {machine['usable_cores']} cores, {machine['cpu_model']}, Python "
        f"{machine['python']}, SQLite {machine['sqlite']}"
        + (f", PostgreSQL {machine['postgres']}" if machine.get("postgres") else "")
        + f"; {machine['date']}; whole run {document['duration_s']:.0f} s; load average "
        f"{machine['load_average_at_start']} at start, {machine['load_average_at_end']} at end.",
    ]
    if "slots" in document["scenarios"] and "results" in document["scenarios"]["slots"]:
        parts += ["", slots_table(document["scenarios"]["slots"]["results"])]
    return "\n".join(parts)
