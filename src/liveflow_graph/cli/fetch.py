"""``liveflow-graph fetch``: save live flows or sessions from the TrueState API as JSON.

The document is written as the API sent it (same keys in the same order, indented by two
spaces), so every other command reads it back.  Several requests (``--all --sessions``, or
several ids) show a progress bar on stderr when stderr is a terminal.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from liveflow_graph._deepjson import dumps
from liveflow_graph.api.client import TrueStateClient
from liveflow_graph.api.credentials import AUTH_MODES, ENV_API_KEY, AuthMode
from liveflow_graph.api.retry import RetryPolicy
from liveflow_graph.cli._app import Limits, app, fail
from liveflow_graph.cli.output import write_output
from liveflow_graph.cli.progress import progress_bar
from liveflow_graph.escape import clean_text
from liveflow_graph.model.models import JSONValue

__all__ = ["fetch_command", "write_json"]


@app.command("fetch")
def fetch_command(
    live_flow_ids: Annotated[
        list[str] | None,
        typer.Argument(
            help="Live flow id(s) to fetch (several ids give a list).",
            metavar="LIVE_FLOW_ID",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        str, typer.Option("-o", "--output", help="Write to this file ('-': standard output).")
    ] = "-",
    sessions: Annotated[
        bool, typer.Option("--sessions", help="Fetch the flows' sessions instead of the flows.")
    ] = False,
    session: Annotated[
        str | None, typer.Option("--session", help="Fetch one session of the live flow.")
    ] = None,
    all_flows: Annotated[
        bool, typer.Option("--all", help="Fetch every live flow of the organisation.")
    ] = False,
    host: Annotated[
        str | None,
        typer.Option("--host", help="API base URL (default: $TRUESTATE_HOST or the public API)."),
    ] = None,
    api_key: Annotated[
        str | None,
        typer.Option(
            "--api-key",
            help=f"API key. Prefer ${ENV_API_KEY}: a flag shows in the process list and history.",
        ),
    ] = None,
    org: Annotated[
        str | None,
        typer.Option("--org", help="Organisation id (default: $TRUESTATE_ORGANISATION_ID)."),
    ] = None,
    auth: Annotated[
        str, typer.Option("--auth", help="Send the key as 'api-key' (Api-key) or 'bearer'.")
    ] = "api-key",
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout",
            help="Seconds each attempt may take: connecting, the headers and the whole body.",
        ),
    ] = 30.0,
    retries: Annotated[
        int,
        typer.Option("--retries", min=0, help="Retries on connection errors, 429 and 5xx."),
    ] = 3,
    validate: Annotated[
        bool,
        typer.Option(
            "--validate/--no-validate", help="Check each response against the API schema."
        ),
    ] = True,
) -> None:
    """Fetch a live flow, its sessions, or every live flow, as JSON."""
    ids = list(live_flow_ids or [])
    if all_flows and ids:
        fail("give LIVE_FLOW_IDs or --all, not both")
    if not all_flows and not ids:
        fail("give a LIVE_FLOW_ID, or --all for every live flow")
    if session is not None and (sessions or all_flows or len(ids) != 1):
        fail("--session SESSION_ID needs exactly one LIVE_FLOW_ID (and no --sessions or --all)")
    if auth not in AUTH_MODES:
        fail(f"unknown --auth {auth!r} (must be one of {', '.join(AUTH_MODES)})")
    if not timeout > 0:
        fail(f"--timeout must be a positive number of seconds, got {timeout:g}")
    mode: AuthMode = "bearer" if auth == "bearer" else "api-key"
    with TrueStateClient(
        api_key,
        organisation_id=org,
        host=host,
        auth=mode,
        timeout=timeout,
        retry=RetryPolicy(retries=retries),
        max_bytes=Limits.max_bytes,
        max_depth=Limits.max_depth,
    ) as client:
        document, what = _fetch(client, ids, session, sessions=sessions, validate=validate)
    write_json(output, document)
    if output != "-":
        print(f"liveflow-graph: wrote {what} to {clean_text(output)}", file=sys.stderr)


def _fetch(
    client: TrueStateClient,
    ids: list[str],
    session: str | None,
    *,
    sessions: bool,
    validate: bool,
) -> tuple[JSONValue, str]:
    """The document to write and what it holds, in words."""
    if session is not None:
        return client.fetch_raw(ids[0], session, validate=validate), "1 session"
    if len(ids) == 1:
        document = client.fetch_raw(ids[0], sessions=sessions, validate=validate)
        return document, _count(document, "session") if sessions else "1 live flow"
    if not ids:
        flows = client.fetch_raw(validate=validate)
        if not sessions:
            return flows, _count(flows, "live flow")
        ids = [item["id"] for item in flows if isinstance(item, dict) and "id" in item]
    label = "sessions" if sessions else "live flows"
    items: list[JSONValue] = []
    with progress_bar(len(ids), f"fetching {label}") as advance:
        for flow_id in ids:
            fetched = client.fetch_raw(flow_id, sessions=sessions, validate=validate)
            if sessions and isinstance(fetched, list):
                items.extend(fetched)
            else:
                items.append(fetched)
            advance()
    return items, _count(items, "session" if sessions else "live flow")


def _count(document: JSONValue, noun: str) -> str:
    n = len(document) if isinstance(document, list) else 1
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def write_json(output: str, document: JSONValue) -> None:
    """Write ``document`` as JSON (keys in their order, two-space indent, final newline).

    Any depth the decoder accepted (1,024 levels) is written in that layout: orjson's
    bytes up to its 255-level limit, the same layout built iteratively beyond it.
    ``"-"`` is standard output; a file is replaced atomically (a temporary file in the
    same directory, then :func:`os.replace`), so a failed run never leaves half a file.
    """
    write_output(output, (dumps(document, indent=True) + "\n").encode("utf-8"))
