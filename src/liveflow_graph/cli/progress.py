"""A progress bar for long commands (fetching many flows, checking many files): drawn with
rich on a terminal only, never on a pipe or a file, and gone when the work is done."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO

__all__ = ["progress"]


@contextmanager
def progress(
    total: int, description: str, *, stream: IO[str] | None = None, delay: float = 0.0
) -> Iterator[Callable[[], None]]:
    """A progress bar on ``stream`` (default stderr) for ``total`` steps; yields ``advance``.

    The bar is shown only for more than one step and when ``stream`` is a terminal (rich is
    imported only then); otherwise ``advance`` does nothing.  With ``delay``, the bar
    appears only once the work has taken that many seconds, so quick runs print nothing.
    The bar disappears when done.
    """
    target = sys.stderr if stream is None else stream
    if total <= 1 or not _isatty(target):
        yield lambda: None
        return
    import time

    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(file=target),
        transient=True,
    )
    task = bar.add_task(description, total=total)
    started = time.monotonic()
    shown = False

    def advance() -> None:
        nonlocal shown
        bar.advance(task)
        if not shown and time.monotonic() - started >= delay:
            shown = True
            bar.start()

    try:
        if delay <= 0:
            shown = True
            bar.start()
        yield advance
    finally:
        if shown:
            bar.stop()


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False
