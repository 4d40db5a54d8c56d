"""``liveflow-graph render``: draw a flow version as SVG, PNG, DOT or Mermaid."""

from __future__ import annotations

import sys
import warnings
from collections.abc import Iterable
from typing import Annotated

import typer

from liveflow_graph.cli._app import (
    Backend,
    RenderTimeout,
    app,
    check_backend,
    fail,
    output_format,
    read_payload,
)
from liveflow_graph.cli.output import write_output
from liveflow_graph.cli.progress import progress
from liveflow_graph.diagrams.dot import to_dot
from liveflow_graph.diagrams.mermaid import to_mermaid
from liveflow_graph.diagrams.overview import OVERVIEW_STEPS, OverviewWarning
from liveflow_graph.diagrams.png import render_png
from liveflow_graph.diagrams.svg import ENGINES, render_svg
from liveflow_graph.diagrams.view import DiagramOptions
from liveflow_graph.graph.flowgraph import FlowGraph
from liveflow_graph.model.payload import Payload
from liveflow_graph.validation.diagnostics import Diagnostic
from liveflow_graph.validation.engine import iter_diagnostics

FORMATS = ("svg", "png", "dot", "mermaid")
SUFFIXES = {
    ".svg": "svg",
    ".png": "png",
    ".dot": "dot",
    ".gv": "dot",
    ".mmd": "mermaid",
    ".mermaid": "mermaid",
}


@app.command("render")
def render_command(
    path: Annotated[
        str, typer.Argument(help="JSON file from the TrueState API ('-' reads stdin).")
    ],
    output: Annotated[
        str,
        typer.Option(
            "-o",
            "--output",
            help="Output file: .svg, .png, .dot/.gv or .mmd/.mermaid ('-': standard output).",
        ),
    ] = "-",
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="svg, png, dot or mermaid (default: from the -o suffix)."),
    ] = None,
    version: Annotated[
        str | None, typer.Option("--version", help="Draw the flow version with this id.")
    ] = None,
    session: Annotated[
        str | None,
        typer.Option("--session", help="Overlay this session's path (on its version)."),
    ] = None,
    findings: Annotated[
        bool, typer.Option("--findings", help="Overlay the validation findings.")
    ] = False,
    sessions: Annotated[
        bool,
        typer.Option("--sessions", help="Overlay how many sessions reached each step."),
    ] = False,
    rankdir: Annotated[
        str, typer.Option("--rankdir", help="TB (top-down) or LR (left-right).")
    ] = "TB",
    focus: Annotated[
        str | None,
        typer.Option("--focus", help="Draw only the steps around this step (id or name)."),
    ] = None,
    radius: Annotated[
        int | None,
        typer.Option("--radius", help="How many transitions around --focus (default 1)."),
    ] = None,
    overview: Annotated[
        bool | None,
        typer.Option(
            "--overview/--no-overview",
            help=f"Draw groups of steps instead of every step (default: for flows of more "
            f"than {OVERVIEW_STEPS:,} steps).",
            show_default=False,
        ),
    ] = None,
    backend: Backend = "auto",
    engine: Annotated[
        str, typer.Option("--engine", help="Graphviz layout engine (dot, sfdp, ...).")
    ] = "dot",
    timeout: RenderTimeout = 30.0,
) -> None:
    """Draw a flow version, with optional findings and session overlays."""
    kind = output_format(
        output, fmt, formats=FORMATS, suffixes=SUFFIXES, default="svg", files_need_suffix=True
    )
    check_backend(backend)
    if engine not in ENGINES:
        fail(f"unknown --engine {engine!r} (must be one of {', '.join(ENGINES)})")
    if radius is not None and focus is None:
        fail("--radius needs --focus STEP")
    if session is not None and sessions:
        fail("use either --session ID or --sessions, not both")
    if kind == "png" and output == "-" and sys.stdout.isatty():
        fail("a PNG is binary: write it to a file (-o flow.png) or a pipe")
    graph = _select(read_payload(path), version, session)
    options = DiagramOptions(
        rankdir=rankdir,
        findings=_findings(graph) if findings else (),
        session=session,
        sessions=sessions,
        focus=focus,
        radius=1 if radius is None else radius,
        overview=overview,
    )
    steps = len(graph.steps)
    with (
        warnings.catch_warnings(record=True) as caught,
        progress(f"drawing {steps:,} step{'s' * (steps != 1)} as {kind.upper()}"),
    ):
        warnings.simplefilter("always")
        result: str | bytes
        if kind == "dot":
            result = to_dot(graph, options)
        elif kind == "mermaid":
            result = to_mermaid(graph, options)
        elif kind == "png":
            result = render_png(
                to_dot(graph, options), backend=backend, engine=engine, timeout=timeout
            )
        else:
            result = render_svg(
                to_dot(graph, options), backend=backend, engine=engine, timeout=timeout
            )
    for warning in caught:
        what = "note" if issubclass(warning.category, OverviewWarning) else "warning"
        print(f"liveflow-graph: {what}: {warning.message}", file=sys.stderr)
    write_output(output, result)


def _select(payload: Payload, version_id: str | None, session_id: str | None) -> FlowGraph:
    refs = payload.versions()
    if session_id is not None:
        for ref in refs:
            if session_id in ref.session_ids and version_id in (None, ref.id):
                return FlowGraph.of(ref)
        if any(s.id == session_id for s in payload.sessions):
            if version_id is not None:
                fail(f"session {session_id} did not run on version {version_id}")
            fail(f"session {session_id} has no flow_version to draw")
        fail(f"no session {session_id!r} in {payload.source or 'the document'}")
    if version_id is not None:
        for ref in refs:
            if ref.id == version_id:
                return FlowGraph.of(ref)
        fail(f"no version {version_id!r} in the document (versions: {_ids(r.id for r in refs)})")
    current = [ref for ref in refs if ref.is_current] or refs
    if len(current) != 1:
        fail(
            f"the document holds {len(current)} flow versions: choose one with --version ID "
            f"({_ids(ref.id for ref in current)}) or --session ID"
        )
    return FlowGraph.of(current[0])


def _ids(ids: Iterable[str]) -> str:
    listed = list(dict.fromkeys(ids))
    return ", ".join(listed) if listed else "none"


def _findings(graph: FlowGraph) -> list[Diagnostic]:
    return list(iter_diagnostics(graph))
