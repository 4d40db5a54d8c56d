"""Progress on the terminal while slow work runs: a spinner (drawing a big flow) and a bar
(checking or fetching many flows).

:func:`progress` shows nothing for work that ends within :data:`PROGRESS_DELAY` seconds,
and nothing ever unless its stream (standard error) is a terminal that wants it
(:func:`wants_progress`): never on a pipe or a file, nor with ``NO_COLOR`` set or
``TERM=dumb``.  The spinner line names the work and the seconds elapsed, and is erased
when the work ends, so nothing of it stays in the terminal.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from rich.live import Live

__all__ = ["PROGRESS_DELAY", "progress", "progress_bar", "wants_progress"]

PROGRESS_DELAY = 1.0
"""Seconds of work before the spinner appears."""


def wants_progress(stream: IO[str]) -> bool:
    """Whether ``stream`` is a terminal that should show a spinner: a TTY, with neither
    ``NO_COLOR`` set (to anything but the empty string) nor ``TERM=dumb``."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):  # closed, or not a real stream
        return False


@contextmanager
def progress(
    message: str,
    *,
    stream: IO[str] | None = None,
    delay: float | None = None,
    enabled: bool | None = None,
) -> Iterator[None]:
    """Show a spinner with ``message`` and the seconds elapsed on ``stream`` (default:
    standard error) while the ``with`` block runs, from ``delay`` seconds (default
    :data:`PROGRESS_DELAY`) after it started.

    ``enabled`` overrides :func:`wants_progress` (``None``: ask it).
    """
    target = sys.stderr if stream is None else stream
    if not (wants_progress(target) if enabled is None else enabled):
        yield
        return
    spinner = _Spinner(message, target, PROGRESS_DELAY if delay is None else delay)
    try:
        yield
    finally:
        spinner.stop()


class _Spinner:
    """A rich ``Live`` spinner started by a timer unless stopped first."""

    def __init__(self, message: str, stream: IO[str], delay: float) -> None:
        self._message = message
        self._stream = stream
        self._started = time.monotonic()
        self._lock = threading.Lock()
        self._stopped = False
        self._live: Live | None = None
        self._timer = threading.Timer(delay, self._show)
        self._timer.daemon = True
        self._timer.start()

    def _text(self) -> str:
        return f"{self._message} · {time.monotonic() - self._started:.0f} s"

    def _show(self) -> None:
        from rich.console import Console
        from rich.live import Live
        from rich.spinner import Spinner
        from rich.text import Text

        with self._lock:
            if self._stopped:
                return
            spinner = Spinner("dots", text=Text(self._text()))
            console = Console(file=self._stream, force_terminal=True, highlight=False)

            def frame() -> Spinner:
                spinner.update(text=Text(self._text()))
                return spinner

            self._live = Live(
                get_renderable=frame,
                console=console,
                refresh_per_second=8,
                transient=True,
                redirect_stdout=False,
                redirect_stderr=False,
            )
            self._live.start()

    def stop(self) -> None:
        self._timer.cancel()
        with self._lock:
            self._stopped = True
            if self._live is not None:
                self._live.stop()


@contextmanager
def progress_bar(
    total: int, description: str, *, stream: IO[str] | None = None, delay: float = 0.0
) -> Iterator[Callable[[], None]]:
    """A progress bar on ``stream`` (default stderr) for ``total`` steps; yields ``advance``.

    The bar is shown only for more than one step and when ``stream`` is a terminal (rich is
    imported only then); otherwise ``advance`` does nothing.  With ``delay``, the bar
    appears only once the work has taken that many seconds, so quick runs print nothing.
    The bar disappears when done.
    """
    target = sys.stderr if stream is None else stream
    if total <= 1 or not wants_progress(target):
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
