"""``liveflow-graph report``: one self-contained HTML page to look at flows, their findings,
sessions and version diffs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from liveflow_graph.cli._app import Backend, Inputs, app, check_backend, fail, read_payload
from liveflow_graph.cli.output import write_output
from liveflow_graph.htmlreport.drawing import DEFAULT_BUDGET, DEFAULT_MAX_STEPS
from liveflow_graph.htmlreport.page import report_html
from liveflow_graph.validation.config import Config


@app.command("report")
def report_command(
    paths: Inputs,
    output: Annotated[
        str,
        typer.Option("-o", "--output", help="The HTML file to write ('-': standard output)."),
    ] = "-",
    title: Annotated[
        str | None, typer.Option("--title", help="The page title (default: the flow's name).")
    ] = None,
    config_path: Annotated[
        Path | None,
        typer.Option(
            "--config",
            help="pyproject.toml to read [tool.liveflow-graph] from (default: the nearest).",
        ),
    ] = None,
    isolated: Annotated[
        bool, typer.Option("--isolated", help="Ignore every configuration file.")
    ] = False,
    max_layout_steps: Annotated[
        int,
        typer.Option(
            "--max-layout-steps",
            min=0,
            help="Lay out diagrams of up to this many steps with Graphviz; the page draws "
            "bigger ones itself.",
        ),
    ] = DEFAULT_MAX_STEPS,
    layout_budget: Annotated[
        float,
        typer.Option(
            "--layout-budget",
            min=0.0,
            help="Seconds of Graphviz layout for the whole page; past them the page draws "
            "the diagrams itself.",
        ),
    ] = DEFAULT_BUDGET,
    backend: Backend = "auto",
) -> None:
    """Write one self-contained HTML page: each flow version's diagram with its findings
    (pan, zoom, click a step), its sessions as a heat map, and the diffs between versions."""
    check_backend(backend)
    if output != "-" and Path(output).suffix.lower() not in (".html", ".htm"):
        fail(f"the report is HTML: give -o a .html file, not {output!r}")
    config = _config(config_path, isolated)
    payloads = [read_payload(path) for path in paths]
    page = report_html(
        *payloads,
        config=config,
        title=title,
        max_layout_steps=max_layout_steps,
        layout_budget=layout_budget,
        backend=backend,
    )
    write_output(output, page)


def _config(path: Path | None, isolated: bool) -> Config:
    if path is not None:
        return Config.from_pyproject(path)
    if isolated:
        return Config()
    return Config.discover(Path.cwd())[0]
