"""Interleaved rounds: A, B, A, B… with the first round of each variant discarded."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from bench.processes import Server, measure

# Given the round number and the best throughput the variant has shown (None at first), the
# load job of that round; given the job and its result, checks on the database (failures: a
# list of messages).
Prepare = Callable[[int, float | None], Awaitable[dict[str, Any]]]
Verify = Callable[[dict[str, Any], dict[str, Any]], Awaitable[dict[str, Any]]]


@dataclass(frozen=True, slots=True)
class Variant:
    name: str
    server: Server
    prepare: Prepare
    verify: Verify | None = None


ROUND_FIELDS: tuple[str, ...] = (
    "ok_per_s",
    "p50_ms",
    "p99_ms",
    "mean_ms",
    "elapsed_s",
    "requests",
    "ok",
)
ROUND_FIELDS += ("failures", "failure_samples", "client_cpu", "server_cpu", "exhausted")
ROUND_FIELDS += ("server_cpu_ms_per_ok",)
# What each variant's summary gives the median and range of.
METRICS: tuple[str, ...] = ("ok_per_s", "p50_ms", "p99_ms", "mean_ms", "server_cpu")
METRICS += ("client_cpu", "server_cpu_ms_per_ok")


async def interleave(
    variants: Sequence[Variant], rounds: int, *, client_cpus: str | None, log: Callable[[str], None]
) -> dict[str, list[dict[str, Any]]]:
    results: dict[str, list[dict[str, Any]]] = {v.name: [] for v in variants}
    throughput: dict[str, float | None] = {v.name: None for v in variants}
    for number in range(rounds):
        for variant in variants:
            job = await variant.prepare(number, throughput[variant.name])
            outcome = await measure(variant.server, job, client_cpus=client_cpus)
            record: dict[str, Any] = {"round": number, "discarded": number == 0}
            record.update({field: outcome[field] for field in ROUND_FIELDS})
            if variant.verify is not None:
                record["check"] = await variant.verify(job, outcome)
                if record["check"].get("failures"):
                    record["failures"] += len(record["check"]["failures"])
            throughput[variant.name] = max(throughput[variant.name] or 0.0, outcome["ok_per_s"])
            results[variant.name].append(record)
            log(
                f"  round {number}{' (warm-up)' if number == 0 else ''} {variant.name:<18} "
                f"{outcome['ok_per_s']:9.1f} ok/s  p50 {outcome['p50_ms']:7.2f} ms  "
                f"p99 {outcome['p99_ms']:7.2f} ms  failures {record['failures']}  "
                f"server cpu {outcome['server_cpu']:.2f}  client cpu {outcome['client_cpu']:.2f}"
            )
    return results
