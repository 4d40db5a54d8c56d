"""The ``liveflow-graph`` command line.

Each command lives in its own module and registers itself on :data:`app`; :func:`main`
runs it and turns every :class:`~liveflow_graph.errors.LiveFlowError` into one line on
stderr and exit code 2 (0: success, 1: findings or differences, 2: bad input or usage).

Only the module of the command being run is imported (``validate`` never loads the
renderers, the diff engine or the API client); ``--help``, completion and anything that
names no known command load them all.  :func:`run` is the console script: it runs
:func:`main` as a one-shot process (see :func:`run`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from importlib import import_module
from typing import TYPE_CHECKING

from liveflow_graph.cli import _app
from liveflow_graph.cli._app import EXIT_INPUT, Debug, crashed, handle, hoist_root_options
from liveflow_graph.errors import LiveFlowError

if TYPE_CHECKING:
    import typer

    app: typer.Typer

__all__ = ["COMMANDS", "app", "load_commands", "main", "run"]

COMMANDS = {
    "coverage": "coverage",
    "diff": "diff",
    "fetch": "fetch",
    "render": "render",
    "report": "report",
    "rules": "validate",
    "summary": "summary",
    "validate": "validate",
}
"""Each command and the module of this package that registers it."""


def __getattr__(name: str) -> object:
    """``app``, with every command registered (for ``CliRunner`` and completion)."""
    if name == "app":
        load_commands()
        return _app.app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def load_commands(names: Sequence[str] | None = None) -> None:
    """Import the modules of the commands ``names`` (default: every command), which
    registers them on :data:`app`."""
    for module in sorted({COMMANDS[n] for n in (COMMANDS if names is None else names)}):
        import_module(f"{__name__}.{module}")


def _command(args: Sequence[str]) -> str | None:
    """The command ``args`` run (after the root options), when it is a known one."""
    hoisted = hoist_root_options(list(args))
    index = 0
    while index < len(hoisted) and hoisted[index].startswith("-"):
        index += 2 if hoisted[index] in ("--max-bytes", "--max-depth", "--color") else 1
    if index < len(hoisted) and hoisted[index] in COMMANDS:
        return hoisted[index]
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI with ``argv`` (default: ``sys.argv[1:]``) and return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    Debug.enabled = False  # --debug sets it for this invocation only
    command = _command(args)
    completing = any(key.endswith("_COMPLETE") for key in os.environ)
    load_commands(None if command is None or completing else [command])
    try:
        _app.app(args=args, prog_name="liveflow-graph")
    except SystemExit as done:  # Typer ends every run (usage errors: code 2) this way
        code = done.code
        return code if isinstance(code, int) else (0 if code is None else EXIT_INPUT)
    except LiveFlowError as error:
        return handle(error)
    except BrokenPipeError:  # `liveflow-graph ... | head`
        return 0
    except Exception as error:  # anything else is a bug in liveflow-graph, not in the input
        return crashed(error, os.environ)
    return 0


def run() -> None:
    """The ``liveflow-graph`` console script: :func:`main` as a one-shot process.

    The cyclic garbage collector is off for the run (the objects a run builds hold no
    cycles worth collecting, and a collection pass over a large flow's models costs more
    than the whole rule set), and the process ends with :func:`os._exit` once the output
    is flushed and the ``atexit`` handlers have run, instead of freeing every object it
    built one by one, as linters such as ruff and mypy's daemon client do.
    """
    import atexit
    import gc

    gc.disable()
    code = main()
    try:
        atexit._run_exitfuncs()
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # `liveflow-graph ... | head`: nothing more to say
        pass
    except Exception:  # flushing failed: let the normal exit report it
        raise SystemExit(code) from None
    os._exit(code)
