"""The Typer application every command module registers on, and what they share."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any, Literal, NoReturn

import typer
from typer.core import TyperArgument, TyperGroup, TyperOption

from liveflow_graph.errors import LiveFlowError, SchemaError
from liveflow_graph.escape import one_line
from liveflow_graph.model.decoding import (
    DECODER_MAX_DEPTH,
    DEFAULT_MAX_BYTES,
    check_max_depth,
    read_source,
)
from liveflow_graph.model.parsing import load

if TYPE_CHECKING:
    # Click is private to typer (vendored as typer._click since typer 0.26): name its
    # classes only for the type checker ...
    from typer._click.core import Context
    from typer._click.exceptions import UsageError

    from liveflow_graph.model.payload import Payload
else:
    # ... and find UsageError at run time through the subclass typer does export.
    UsageError = next(k for k in typer.BadParameter.__mro__ if k.__name__ == "UsageError")

__all__ = [
    "COLOR_CHOICES",
    "DEBUG_ENV",
    "EXIT_CRASH",
    "EXIT_FINDINGS",
    "EXIT_INPUT",
    "EXIT_OK",
    "ROOT_OPTIONS_EPILOG",
    "Backend",
    "Inputs",
    "Limits",
    "RenderTimeout",
    "app",
    "check_backend",
    "color_for",
    "crashed",
    "fail",
    "output_format",
    "read_input",
    "read_payload",
    "report_error",
]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT = 2
EXIT_CRASH = 3
"""An unexpected error: a bug in liveflow-graph, never a verdict on the input."""

ISSUES_URL = "https://github.com/liveflow-graph/liveflow-graph/issues"
DEBUG_ENV = "LIVEFLOW_GRAPH_DEBUG"

_HELP_OPTIONS = ["-h", "--help"]


COLOR_CHOICES = ("auto", "always", "never")

_ROOT_VALUE_OPTIONS = frozenset({"--max-bytes", "--max-depth", "--color"})
_ROOT_FLAGS = frozenset({"--debug"})

ROOT_OPTIONS_EPILOG = (
    "Options of liveflow-graph itself (--color, --max-bytes, --max-depth, --debug) may "
    "also be given after the command."
)


def hoist_root_options(args: list[str]) -> list[str]:
    """``args`` with the root options given after the command moved in front of it, so
    ``liveflow-graph validate x.json --color never`` means what it says.  Only options of
    the root itself move, with their values; nothing after ``--`` does."""
    command = next((i for i, arg in enumerate(args) if not arg.startswith("-")), None)
    if command is None:
        return args
    # the root's own value options before the command take the next argument as a value
    index = 0
    while index < len(args) and args[index].startswith("-"):
        index += 2 if args[index] in _ROOT_VALUE_OPTIONS else 1
    if index >= len(args):
        return args
    head, rest = args[: index + 1], args[index + 1 :]
    moved: list[str] = []
    kept: list[str] = []
    position = 0
    while position < len(rest):
        arg = rest[position]
        if arg == "--":
            kept.extend(rest[position:])
            break
        name = arg.split("=", 1)[0]
        if arg in _ROOT_FLAGS or (name in _ROOT_VALUE_OPTIONS and "=" in arg):
            moved.append(arg)
        elif arg in _ROOT_VALUE_OPTIONS and position + 1 < len(rest):
            moved.extend(rest[position : position + 2])
            position += 1
        else:
            kept.append(arg)
        position += 1
    return [*head[:-1], *moved, head[-1], *kept]


class _OneLineUsageErrors(TyperGroup):
    """The root command: a usage error (unknown command or option, missing argument, bad
    value) is one line on stderr and exit code 2, like :func:`fail`, not Click's usage block.

    Every usage error surfaces here: the root's own arguments are parsed in
    :meth:`make_context`, and each command's are parsed and run inside :meth:`invoke`.
    Root options given after the command are moved in front of it first
    (:func:`hoist_root_options`).
    """

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: Context | None = None,
        **extra: Any,
    ) -> Context:
        try:
            return super().make_context(info_name, hoist_root_options(args), parent, **extra)
        except UsageError as error:
            _usage_error(error, info_name or self.name or "liveflow-graph")

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as error:
            command = ctx.invoked_subcommand  # set once the command name is resolved
            _usage_error(error, f"{ctx.command_path} {command}" if command else ctx.command_path)


def _usage_error(error: UsageError, command_path: str) -> NoReturn:
    """Report Click's usage ``error`` the way :func:`fail` does, pointing to the help of the
    command it is about (``command_path`` when the error does not say)."""
    if type(error).__name__ == "NoArgsIsHelpError":  # `no_args_is_help`: print the help
        raise error
    if error.ctx is not None:
        command_path = error.ctx.command_path
    text = error.format_message().strip().rstrip(".")
    choice = _BAD_CHOICE.fullmatch(text)
    if choice is not None:  # as the commands word the choices they check themselves
        choices = ", ".join(c.strip().strip("'") for c in choice["choices"].split(","))
        fail(f"unknown {choice['option']} {choice['value']} (must be one of {choices})")
    text = _POSSIBLE.sub(lambda m: f" (did you mean {m['options'].replace(', ', ' or ')}?)", text)
    if text[:1].isupper() and not text[1:2].isupper():  # "No such option", not "PATH"
        text = text[0].lower() + text[1:]
    fail(f"{text} (see '{command_path} {_HELP_OPTIONS[0]}')")


_BAD_CHOICE = re.compile(
    r"Invalid value for '(?P<option>--[\w-]+)'(?: / '-\w')?: (?:Value error, )?"
    r"(?P<value>'.*') is not one of (?P<choices>'.*')",
    re.IGNORECASE | re.DOTALL,
)
_POSSIBLE = re.compile(r" \(Possible options: (?P<options>[^)]*)\)")


app = typer.Typer(
    name="liveflow-graph",
    cls=_OneLineUsageErrors,
    help="Parse, validate, diagram and diff TrueState Live Flows.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": _HELP_OPTIONS},
)

Inputs = Annotated[
    list[str],
    typer.Argument(
        help="JSON files from the TrueState API ('-' reads standard input).",
        metavar="PATH...",
        show_default=False,
    ),
]


Backend = Annotated[str, typer.Option("--backend", help="SVG renderer: auto, wasm or dot.")]
RenderTimeout = Annotated[
    float, typer.Option("--timeout", help="Seconds before an SVG render is stopped.")
]


def check_backend(backend: str) -> None:
    """Exit 2 unless ``backend`` names an SVG backend."""
    from liveflow_graph.diagrams.svg import BACKENDS

    if backend not in BACKENDS:
        fail(f"unknown --backend {backend!r} (must be one of {', '.join(BACKENDS)})")


def output_format(
    output: str,
    fmt: str | None,
    *,
    formats: Sequence[str],
    suffixes: Mapping[str, str],
    default: str,
    files_need_suffix: bool = False,
) -> str:
    """The output format: ``--format`` if given, else the one the file suffix implies, else
    ``default``.  A ``--format`` that contradicts the suffix is an error, and so is an
    unknown suffix when ``files_need_suffix``."""
    if fmt is not None and fmt not in formats:
        fail(f"unknown --format {fmt!r} (must be one of {', '.join(formats)})")
    if output == "-":
        return fmt or default
    suffix = Path(output).suffix.lower()
    implied = suffixes.get(suffix)
    if fmt is None:
        if implied is None and files_need_suffix:
            known = ", ".join(suffixes)
            fail(f"cannot tell the format of {output!r} (use a suffix {known} or --format)")
        return implied or default
    if implied is not None and implied != fmt:
        fail(f"--format {fmt} does not match the output suffix {suffix!r}")
    return fmt


class Limits:
    """The input limits the root options set (``--max-bytes``, ``--max-depth``) for every
    command of one invocation."""

    max_bytes: int | None = DEFAULT_MAX_BYTES
    max_depth: int | None = None


def read_payload(path: str) -> Payload:
    """Load one CLI input; errors propagate as :class:`LiveFlowError` (exit code 2)."""
    return read_input(path)[0]


def read_input(path: str) -> tuple[Payload, bytes, str]:
    """Load one CLI input (``"-"``: standard input), reading it exactly once: the payload,
    the bytes it was parsed from and the source name the payload carries.  Callers that
    need the text again (SARIF line numbers) use these bytes, never a second read, which
    would block on a FIFO and be wrong if the file changed meanwhile."""
    check_max_depth(Limits.max_depth, text=True)  # a bad --max-depth before any reading
    data, label = read_source(path, Limits.max_bytes)
    payload = load(data, name=label, max_bytes=Limits.max_bytes, max_depth=Limits.max_depth)
    return payload, data, label


def fail(message: str) -> NoReturn:
    """Report a usage or input problem on one line of stderr and exit with code 2."""
    _report(message)
    raise typer.Exit(EXIT_INPUT)


def report_error(message: str) -> None:
    """Print ``message`` as one error line on stderr (without exiting)."""
    _report(message)


def _report(message: str) -> None:
    """Print ``message`` as the one error line a user sees ("error:" in red on a colour
    terminal)."""
    label = "\x1b[1;31merror:\x1b[0m" if color_for(sys.stderr) else "error:"
    print(f"liveflow-graph: {label} {_one_line(message)}", file=sys.stderr)


class Color:
    """``--color`` for this invocation: ``auto`` (colour on a terminal, unless
    ``NO_COLOR``; ``FORCE_COLOR`` forces it; ``TERM=dumb`` never), ``always`` or ``never``."""

    choice: str = "auto"


def color_for(stream: IO[str]) -> bool:
    """Whether output to ``stream`` is coloured (see :class:`Color`): the terminal checks
    are rich's, made only when the answer is not already plain (rich is imported on
    demand, so a run whose output goes to a pipe never loads it)."""
    if Color.choice != "auto":
        return Color.choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    if not os.environ.get("FORCE_COLOR") and not (isatty is not None and isatty()):
        return False
    from rich.console import Console

    console = Console(file=stream)
    return console.is_terminal and console.color_system is not None and not console.no_color


def _argument_type(self: TyperArgument, ctx: Context) -> str | None:
    """An argument shows just its name in the help (``[PATH]...``), not also its Python
    type (``<list[str]>``); only choices are spelled out."""
    if self.type_descriptor.is_choice:
        return _typer_argument_type(self, ctx)
    return None


def _option_type(self: TyperOption, ctx: Context) -> str | None:
    """An option's value in the help: its metavar, its choices (``<text|json>``), or else
    its name in capitals (``--output OUTPUT``, as argparse writes it), never a Python type
    such as ``<str>`` or ``<list[str]>``."""
    if self.metavar is not None or self.type_descriptor.is_choice:
        return _typer_option_type(self, ctx)
    longest = max(self.opts, key=len, default=self.name or "value")
    return longest.lstrip("-").replace("-", "_").upper()


_typer_argument_type = TyperArgument.display_type_rich
_typer_option_type = TyperOption.display_type_rich
TyperOption.display_type_rich = _option_type  # type: ignore[method-assign]
TyperArgument.display_type_rich = _argument_type  # type: ignore[method-assign,assignment]


def _one_line(text: str) -> str:
    """``text`` on one line: control, bidirectional and zero-width characters dropped, line
    breaks made spaces."""
    return one_line(text, None) or "unknown error"


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
    _report(text)
    return EXIT_INPUT


class Debug:
    """Whether this invocation shows tracebacks of unexpected errors (``--debug``, or
    ``LIVEFLOW_GRAPH_DEBUG`` set to anything but empty or ``0``)."""

    enabled: bool = False


def crashed(error: BaseException, environ: Mapping[str, str]) -> int:
    """Report an unexpected error (a bug in liveflow-graph) and return :data:`EXIT_CRASH`.

    One line says so and where to report it; the traceback follows only in debug mode, so
    a CI log shows a crash as a crash, never as findings (exit 1) or bad input (exit 2).
    """
    debug = Debug.enabled or environ.get(DEBUG_ENV, "") not in ("", "0")
    if debug:
        import traceback

        traceback.print_exception(error, file=sys.stderr)
    what = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    hint = "" if debug else f" (run with --debug or {DEBUG_ENV}=1 for the traceback)"
    _report(
        f"internal error, a bug in liveflow-graph: {what}; please report it at {ISSUES_URL}{hint}"
    )
    return EXIT_CRASH


def _print_version(value: bool) -> None:
    if value:
        from liveflow_graph._version import __version__

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
    max_bytes: Annotated[
        int,
        typer.Option(
            "--max-bytes",
            metavar="BYTES",
            envvar="LIVEFLOW_GRAPH_MAX_BYTES",
            min=0,
            help="Refuse an input (file, standard input, API response) larger than this "
            "many bytes; 0 for no limit.",
        ),
    ] = DEFAULT_MAX_BYTES,
    max_depth: Annotated[
        int,
        typer.Option(
            "--max-depth",
            metavar="LEVELS",
            envvar="LIVEFLOW_GRAPH_MAX_DEPTH",
            min=1,
            max=DECODER_MAX_DEPTH,
            help="Refuse an input that nests objects and lists deeper than this (the JSON "
            "decoder's own limit is the default and the maximum).",
        ),
    ] = DECODER_MAX_DEPTH,
    color: Annotated[
        Literal["auto", "always", "never"],
        typer.Option(
            "--color",
            help="Colour the output: auto (on a terminal, unless NO_COLOR is set; "
            "FORCE_COLOR forces it), always or never.",
        ),
    ] = "auto",
    debug: Annotated[
        bool,
        typer.Option(
            "--debug",
            envvar=DEBUG_ENV,
            help="Show the traceback when liveflow-graph itself fails (exit code 3: a "
            "bug to report).",
        ),
    ] = False,
) -> None:
    """Parse, validate, diagram and diff TrueState Live Flows."""
    Debug.enabled = debug
    Color.choice = color
    Limits.max_bytes = max_bytes or None
    # at the decoder's limit there is nothing more to check (and checking reads everything)
    Limits.max_depth = max_depth if max_depth < DECODER_MAX_DEPTH else None
