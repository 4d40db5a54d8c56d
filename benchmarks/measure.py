"""Timing and memory helpers shared by the benchmark modules (not part of the package).

Every comparison runs the library and its baseline *alternately* in one process (the
order flips on every repetition, so neither side always runs on a warmer cache), takes
the median of each side and reports the ratio of the medians.
"""

from __future__ import annotations

import gc
import os
import statistics
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = ["Comparison", "interleaved", "interleaved_many", "peak_memory", "user_environment"]


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
    lib_s, base_s = interleaved_many((library, baseline), repeat)
    return lib_s, base_s


def interleaved_many(actions: Sequence[Callable[[], object]], repeat: int) -> list[float]:
    """Median seconds of each action, all run in turn ``repeat`` times.

    The order rotates by one on every repetition, so two actions alternate and, over a
    multiple of ``len(actions)`` repetitions, each action runs in each position equally
    often: none of them always inherits a warmer (or a dirtier) cache.  A full
    garbage collection runs before every timed call, so no call pays for the previous
    one's garbage.
    """
    count = len(actions)
    times: list[list[float]] = [[] for _ in actions]
    for rep in range(repeat):
        for side in [(rep + i) % count for i in range(count)]:
            gc.collect()
            start = time.perf_counter()
            result = actions[side]()
            times[side].append(time.perf_counter() - start)
            del result
    return [statistics.median(side) for side in times]


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


def user_environment() -> dict[str, str]:
    """This process's environment without ``PYTHONDONTWRITEBYTECODE``, for child
    interpreters.

    Users have ``.pyc`` files (pip writes them, and Python writes them on first import);
    a workplace that sets the variable would make every child recompile its imports, which
    measures the compiler rather than the library.  After one warm-up run under this
    environment the ``.pyc`` files exist.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env
