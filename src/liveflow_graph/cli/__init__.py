"""The ``liveflow-graph`` command line.

Each command lives in its own module and registers itself on :data:`app`; :func:`main`
runs it and turns every :class:`~liveflow_graph.errors.LiveFlowError` into one line on
stderr and exit code 2 (0: success, 1: findings or differences, 2: bad input or usage).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from liveflow_graph.cli import (
    coverage,  # noqa: F401  (registers its command)
    diff,  # noqa: F401  (registers its command)
    fetch,  # noqa: F401  (registers its command)
    render,  # noqa: F401  (registers its command)
    report,  # noqa: F401  (registers its command)
    summary,  # noqa: F401  (registers its command)
    validate,  # noqa: F401  (registers its commands)
)
from liveflow_graph.cli._app import EXIT_INPUT, Debug, app, crashed, handle
from liveflow_graph.errors import LiveFlowError

__all__ = ["app", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI with ``argv`` (default: ``sys.argv[1:]``) and return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    Debug.enabled = False  # --debug sets it for this invocation only
    try:
        app(args=args, prog_name="liveflow-graph")
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
