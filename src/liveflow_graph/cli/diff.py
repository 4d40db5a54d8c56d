"""``liveflow-graph diff``: what changed between two flow versions.

``liveflow-graph diff OLD NEW`` compares two versions; each side is a file, optionally
suffixed ``#VERSION_ID`` to pick any version the file carries (its current version, or the
``flow_version`` of one of its sessions).  ``liveflow-graph diff FILE`` compares every
version in the file with the current one and says how many sessions ran on each.  Exit
code 0: no differences, 1: differences, 2: bad input or usage.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import typer

from liveflow_graph._deepjson import dumps
from liveflow_graph.cli._app import (
    EXIT_FINDINGS,
    EXIT_OK,
    Backend,
    RenderTimeout,
    app,
    check_backend,
    color_for,
    fail,
    output_format,
    read_payload,
)
from liveflow_graph.cli.output import STDOUT, write_output
from liveflow_graph.diffs.compute import diff
from liveflow_graph.diffs.documents import MultiDiffDict, VersionDiffDict
from liveflow_graph.diffs.model import SCHEMA_VERSION, DiffDiagramOptions, VersionDiff
from liveflow_graph.diffs.render.diagram import diff_to_dot, diff_to_mermaid
from liveflow_graph.diffs.render.markdown import md_text, to_markdown
from liveflow_graph.diffs.render.text import to_text
from liveflow_graph.escape import one_line
from liveflow_graph.model.payload import Payload, VersionRef

FORMATS = ("text", "markdown", "json", "dot", "svg", "mermaid")
SUFFIXES = {
    ".txt": "text",
    ".diff": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".json": "json",
    ".dot": "dot",
    ".gv": "dot",
    ".svg": "svg",
    ".mmd": "mermaid",
    ".mermaid": "mermaid",
}
DIAGRAMS = ("dot", "svg", "mermaid")


@app.command("diff")
def diff_command(
    old: Annotated[
        str,
        typer.Argument(
            help="The old version: a JSON file ('-': stdin), optionally FILE#VERSION_ID. "
            "Alone: compare every version in the file with its current one.",
            metavar="OLD",
            show_default=False,
        ),
    ],
    new: Annotated[
        str | None,
        typer.Argument(
            help="The new version: FILE or FILE#VERSION_ID.", metavar="[NEW]", show_default=False
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="text, markdown, json, dot, svg or mermaid (default: from the -o suffix, "
            "else text).",
        ),
    ] = None,
    output: Annotated[
        str, typer.Option("-o", "--output", help="Output file ('-': standard output).")
    ] = STDOUT,
    rename: Annotated[
        list[str] | None,
        typer.Option(
            "--rename",
            help="OLD_ID=NEW_ID: a step whose id changed (repeatable).",
            metavar="OLD_ID=NEW_ID",
        ),
    ] = None,
    rankdir: Annotated[str, typer.Option("--rankdir", help="Diagram direction: TB or LR.")] = "TB",
    backend: Backend = "auto",
    timeout: RenderTimeout = 30.0,
) -> None:
    """Show what changed between two flow versions (exit 1 when something did)."""
    kind = output_format(
        output, fmt, formats=FORMATS, suffixes=SUFFIXES, default="text", files_need_suffix=False
    )
    check_backend(backend)
    renames = _renames(rename or [])
    options = DiffDiagramOptions(rankdir=rankdir)
    loaded: dict[str, Payload] = {}
    notes: list[str] = []
    if new is None:
        if renames:
            fail("--rename needs two sides: OLD NEW")
        diffs, notes = _against_current(old, loaded)
        if kind in DIAGRAMS and len(diffs) != 1:
            fail(
                f"--format {kind} draws one diff, and {old} holds {len(diffs)} older versions: "
                "name both sides (FILE#VERSION_ID FILE)"
            )
    else:
        before, after = _side(old, loaded), _side(new, loaded)
        diffs = [diff(before, after, rename_map=renames)]
    color = kind == "text" and output == STDOUT and color_for(sys.stdout)
    text = _render(diffs, kind, options, color, backend, timeout, many=new is None, notes=notes)
    write_output(output, text)
    changed = any(not d.is_empty for d in diffs)
    raise typer.Exit(EXIT_FINDINGS if changed else EXIT_OK)


def _renames(entries: Iterable[str]) -> dict[str, str]:
    renames: dict[str, str] = {}
    for entry in entries:
        old_id, sep, new_id = entry.partition("=")
        if not sep or not old_id or not new_id:
            fail(f"--rename takes OLD_ID=NEW_ID, not {entry!r}")
        if old_id in renames:
            fail(f"--rename gives step {old_id!r} twice")
        renames[old_id] = new_id
    return renames


def _load(path: str, loaded: dict[str, Payload]) -> Payload:
    if path not in loaded:
        loaded[path] = read_payload(path)
    return loaded[path]


def _split(spec: str) -> tuple[str, str | None]:
    """``FILE#VERSION_ID`` -> (FILE, VERSION_ID); a file whose name has ``#`` wins."""
    if "#" not in spec or (spec != STDOUT and Path(spec).exists()):
        return spec, None
    path, _, version = spec.rpartition("#")
    if not path or not version:
        fail(f"{spec!r}: expected FILE or FILE#VERSION_ID")
    return path, version


def _ids(refs: Iterable[VersionRef]) -> str:
    listed = list(dict.fromkeys(ref.id for ref in refs))
    return ", ".join(listed) if listed else "none"


def _side(spec: str, loaded: dict[str, Payload]) -> VersionRef:
    path, version_id = _split(spec)
    payload = _load(path, loaded)
    refs = payload.versions()
    name = payload.source or path
    if version_id is not None:
        found = [ref for ref in refs if ref.id == version_id]
        if not found:
            fail(f"no version {version_id!r} in {name} (versions: {_ids(refs)})")
        if len(found) > 1:
            fail(f"version {version_id!r} appears in {len(found)} flows of {name}")
        return found[0]
    current = [ref for ref in refs if ref.is_current] or refs
    if len(current) != 1:
        fail(
            f"{name} holds {len(current)} flow versions: name one as {path}#VERSION_ID "
            f"(versions: {_ids(current)})"
        )
    return current[0]


def _against_current(path: str, loaded: dict[str, Payload]) -> tuple[list[VersionDiff], list[str]]:
    """Each older version of each flow against the flow's current version, and a note
    for each flow that has only its current version."""
    spec, version_id = _split(path)
    if version_id is not None:
        fail(f"{path!r}: give a second side to compare version {version_id} with")
    payload = _load(spec, loaded)
    refs = payload.versions()
    currents = [ref for ref in refs if ref.is_current]
    if not currents:
        fail(
            f"{payload.source or spec} has no current version (it is a {payload.kind.value} "
            "document): name both sides, FILE#VERSION_ID FILE#VERSION_ID"
        )
    diffs: list[VersionDiff] = []
    notes: list[str] = []
    for current in currents:
        older = [ref for ref in refs if not ref.is_current and ref.flow is current.flow]
        diffs.extend(diff(ref, current) for ref in older)
        if not older:
            count = len(current.sessions)
            name = current.flow.name if current.flow is not None else current.id
            notes.append(
                f"flow {one_line(name)}: only its current version {one_line(current.id)} "
                f"({count} session{'s' * (count != 1)}); nothing to compare"
            )
    return diffs, notes


def _render(
    diffs: list[VersionDiff],
    kind: str,
    options: DiffDiagramOptions,
    color: bool,
    backend: str,
    timeout: float,
    *,
    many: bool,
    notes: list[str],
) -> str:
    if kind in DIAGRAMS:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            if kind == "dot":
                text = diff_to_dot(diffs[0], options)
            elif kind == "mermaid":
                text = diff_to_mermaid(diffs[0], options)
            else:
                from liveflow_graph.diagrams.svg import (
                    render_svg,  # lazy: only SVG needs a renderer
                )

                text = render_svg(diff_to_dot(diffs[0], options), backend=backend, timeout=timeout)
        for warning in caught:
            print(f"liveflow-graph: warning: {warning.message}", file=sys.stderr)
        return text
    if kind == "json":
        document: VersionDiffDict | MultiDiffDict = (
            diffs[0].to_dict()
            if not many
            else {
                "schema_version": SCHEMA_VERSION,
                "diffs": [d.to_dict() for d in diffs],
                "notes": notes,
            }
        )
        return dumps(document, indent=True) + "\n"
    if kind == "markdown":
        parts = [to_markdown(d) for d in diffs] + [f"_{md_text(note, None)}_\n" for note in notes]
        return "\n---\n\n".join(parts)
    parts = [to_text(d, color=color) for d in diffs] + [note + "\n" for note in notes]
    return "\n".join(parts)
