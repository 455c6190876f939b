"""Timing helpers: warmed-up medians, the runs of the compared variants interleaved."""

import statistics
import time
from collections.abc import Callable


def medians_ms(variants: dict[str, Callable[[], object]], *, runs: int, warmup: int) -> dict:
    """Median and spread (ms) of each variant, run round-robin so drift hits all alike."""
    for _ in range(warmup):
        for function in variants.values():
            function()
    samples: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(runs):
        for name, function in variants.items():
            started = time.perf_counter()
            function()
            samples[name].append((time.perf_counter() - started) * 1000)
    return {
        name: {
            "median_ms": round(statistics.median(values), 3),
            "p10_ms": round(_quantile(values, 0.1), 3),
            "p90_ms": round(_quantile(values, 0.9), 3),
            "runs": len(values),
        }
        for name, values in samples.items()
    }


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def ratio(numerator: float, denominator: float) -> float:
    return round(numerator / denominator, 2) if denominator else float("nan")
