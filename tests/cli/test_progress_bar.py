"""The progress bar (many files): on a terminal only, and only once the work has taken
`delay` seconds."""

from __future__ import annotations

import io

from liveflow_graph.cli.progress import progress_bar as progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_quick_run_draws_nothing_even_on_a_terminal() -> None:
    terminal = _Terminal()
    with progress(5, "checking flows", stream=terminal, delay=3600) as advance:
        for _ in range(5):
            advance()
    assert terminal.getvalue() == ""


def test_a_slow_run_draws_the_bar_once_the_delay_has_passed() -> None:
    terminal = _Terminal()
    with progress(4, "checking flows", stream=terminal, delay=0.0) as advance:
        for _ in range(4):
            advance()
    assert "checking flows" in terminal.getvalue()
    assert "4/4" in terminal.getvalue()


def test_never_on_a_pipe() -> None:
    pipe = io.StringIO()
    with progress(4, "checking flows", stream=pipe, delay=0.0) as advance:
        advance()
    assert pipe.getvalue() == ""
