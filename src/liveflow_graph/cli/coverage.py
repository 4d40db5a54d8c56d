"""``liveflow-graph coverage``: which steps and transitions the sessions exercised."""

from __future__ import annotations

from typing import Annotated

import orjson
import typer

from liveflow_graph.cli._app import Inputs, app, fail, read_payload
from liveflow_graph.cli.output import STDOUT, write_output
from liveflow_graph.escape import one_line
from liveflow_graph.sessions.coverage import Coverage, coverage

_FORMATS = ("text", "json")


@app.command("coverage")
def coverage_command(
    paths: Inputs,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    version: Annotated[
        str | None,
        typer.Option("--version", metavar="VERSION_ID", help="Report only this version."),
    ] = None,
    output: Annotated[
        str, typer.Option("-o", "--output", help="Output file ('-': standard output).")
    ] = STDOUT,
) -> None:
    """Show, per flow version, which steps and transitions no session exercised, the share
    exercised, and where sessions stopped or failed (`render --sessions` draws it)."""
    if fmt not in _FORMATS:
        fail(f"unknown --format {fmt!r} (must be one of {', '.join(_FORMATS)})")
    reports: list[tuple[str, Coverage]] = []
    for path in paths:
        found = coverage(read_payload(path))
        if version is not None:
            found = Coverage(
                tuple(v for v in found.versions if v.version_id == version), found.unattributed
            )
        reports.append((path, found))
    if version is not None and not any(report.versions for _, report in reports):
        fail(f"no version {version!r} in {', '.join(one_line(p, None) for p in paths)}")
    if fmt == "json":
        data = [{"source": path, **report.to_dict()} for path, report in reports]
        document = data[0] if len(data) == 1 else data
        text = orjson.dumps(document, option=orjson.OPT_INDENT_2).decode() + "\n"
    else:
        text = "\n".join(
            (f"{one_line(path, None)}:\n" if len(reports) > 1 else "") + report.to_text()
            for path, report in reports
        )
    write_output(output, text)
