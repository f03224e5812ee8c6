"""Medians and ranges over the counted rounds (every round but the first)."""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from typing import Any


def spread(values: Sequence[float]) -> dict[str, float]:
    finite = [v for v in values if not math.isnan(v)]
    if not finite:
        return {"median": math.nan, "min": math.nan, "max": math.nan}
    return {"median": statistics.median(finite), "min": min(finite), "max": max(finite)}


def counted(rounds: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return [r for r in rounds if not r["discarded"]]


def summarize(rounds: Sequence[Mapping[str, Any]], metrics: Sequence[str]) -> dict[str, Any]:
    kept = counted(rounds)
    return {metric: spread([float(r[metric]) for r in kept]) for metric in metrics}


def paired_ratio(
    top: Sequence[Mapping[str, Any]], bottom: Sequence[Mapping[str, Any]], metric: str
) -> dict[str, float]:
    """The ratio round by round (same round, so same conditions), and of the medians."""
    pairs = [
        a[metric] / b[metric]
        for a, b in zip(counted(top), counted(bottom), strict=True)
        if b[metric]
    ]
    result = spread(pairs)
    medians = (
        spread([r[metric] for r in counted(top)])["median"],
        spread([r[metric] for r in counted(bottom)])["median"],
    )
    result["of_medians"] = medians[0] / medians[1] if medians[1] else math.nan
    return result


def percentile(ordered: Sequence[float], percent: float) -> float:
    """Of values sorted ascending, by the nearest rank."""
    if not ordered:
        return math.nan
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[rank - 1]
