"""The Typer application every command module registers on, and what they share."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from liveflow_graph.errors import LiveFlowError, SchemaError
from liveflow_graph.escape import clean_text
from liveflow_graph.parsing import load

if TYPE_CHECKING:
    from liveflow_graph.payload import Payload

__all__ = ["EXIT_FINDINGS", "EXIT_INPUT", "EXIT_OK", "Inputs", "app", "fail", "read_payload"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT = 2

app = typer.Typer(
    name="liveflow-graph",
    help="Parse, validate, diagram and diff TrueState Live Flows.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

Inputs = Annotated[
    list[str],
    typer.Argument(
        help="JSON files from the TrueState API ('-' reads standard input).",
        metavar="PATH...",
        show_default=False,
    ),
]


def read_payload(path: str) -> Payload:
    """Load one CLI input; errors propagate as :class:`LiveFlowError` (exit code 2)."""
    return load(path if path != "-" else "-")


def fail(message: str) -> NoReturn:
    """Report a usage or input problem on one line of stderr and exit with code 2."""
    print(f"liveflow-graph: error: {_one_line(message)}", file=sys.stderr)
    raise typer.Exit(EXIT_INPUT)


def _one_line(text: str) -> str:
    """``text`` on one line: control characters dropped, line breaks made spaces."""
    return " ".join(clean_text(text).splitlines()) or "unknown error"


def handle(error: LiveFlowError) -> int:
    """Print ``error`` as the one line a user sees; return exit code 2.

    A schema error lists its first problem and how many more there are; any newline or
    control character in a message (a file name can hold them) is flattened.
    """
    if isinstance(error, SchemaError) and len(error.errors) > 1:
        more = len(error.errors) - 1
        first = str(error).splitlines()[0]
        text = f"{first} (and {more} more problem{'s' if more > 1 else ''})"
    else:
        text = str(error)
    print(f"liveflow-graph: error: {_one_line(text)}", file=sys.stderr)
    return EXIT_INPUT


def _print_version(value: bool) -> None:
    if value:
        from liveflow_graph import __version__

        typer.echo(f"liveflow-graph {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version."
        ),
    ] = False,
) -> None:
    """Parse, validate, diagram and diff TrueState Live Flows."""
