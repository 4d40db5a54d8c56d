"""Timing and memory helpers shared by the benchmark modules (not part of the package).

Every comparison runs the library and its baseline *alternately* in one process (the
order flips on every repetition, so neither side always runs on a warmer cache), takes
the median of each side and reports the ratio of the medians.
"""

from __future__ import annotations

import gc
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Comparison", "interleaved", "peak_memory"]


@dataclass(frozen=True)
class Comparison:
    """One measurement of the library against its baseline (seconds or bytes)."""

    name: str
    library: float
    baseline: float
    unit: str
    repeat: int
    target: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float:
        """library / baseline."""
        return self.library / self.baseline if self.baseline else float("inf")

    @property
    def met(self) -> bool | None:
        """Whether the ratio is within the target (``None`` when there is no target)."""
        return None if self.target is None else self.ratio <= self.target


def interleaved(
    library: Callable[[], object], baseline: Callable[[], object], repeat: int
) -> tuple[float, float]:
    """Median seconds of ``library`` and ``baseline``, run alternately ``repeat`` times each.

    A full garbage collection runs before every timed call, so no call pays for the
    previous one's garbage.
    """
    times: dict[int, list[float]] = {0: [], 1: []}
    actions = (library, baseline)
    for rep in range(repeat):
        order = (0, 1) if rep % 2 == 0 else (1, 0)
        for side in order:
            gc.collect()
            start = time.perf_counter()
            result = actions[side]()
            times[side].append(time.perf_counter() - start)
            del result
    return statistics.median(times[0]), statistics.median(times[1])


def peak_memory(action: Callable[[], object]) -> int:
    """Peak bytes allocated through Python's allocators while ``action`` runs
    (tracemalloc; memory a C library takes from ``malloc`` directly is not seen)."""
    gc.collect()
    tracemalloc.start()
    try:
        result = action()
        _, peak = tracemalloc.get_traced_memory()
        del result
    finally:
        tracemalloc.stop()
    return peak
