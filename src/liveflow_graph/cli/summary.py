"""``liveflow-graph summary``: what a document holds."""

from __future__ import annotations

import typer

from liveflow_graph.cli._app import Inputs, app, read_payload
from liveflow_graph.sessions.summary import summarize


@app.command("summary")
def summary_command(paths: Inputs) -> None:
    """Print each document's flows, their versions and how many sessions ran on each."""
    for index, path in enumerate(paths):
        if index:
            typer.echo("")
        typer.echo(summarize(read_payload(path)))
