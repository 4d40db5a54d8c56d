"""``liveflow-graph validate`` (check flows) and ``liveflow-graph rules`` (list, explain).

Exit codes of ``validate``: 0 when nothing is at or above ``--fail-on``, 1 when something
is, 2 when an input cannot be read or parsed or an option is invalid (the readable inputs
are still reported).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Annotated

import orjson
import typer

from liveflow_graph.api.client import TrueStateClient, fetch_payload
from liveflow_graph.cli._app import (
    EXIT_INPUT,
    EXIT_OK,
    Limits,
    app,
    fail,
    handle,
    read_input,
)
from liveflow_graph.cli.output import write_output
from liveflow_graph.errors import LiveFlowError
from liveflow_graph.model.payload import Payload
from liveflow_graph.validation.config import Config, parse_severity
from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.emitters import FORMATS, emit
from liveflow_graph.validation.engine import validate
from liveflow_graph.validation.report import Report
from liveflow_graph.validation.rules import RULES, Rule, get_rule

_COLORS = ("auto", "always", "never")
_SELECTOR_HELP = "rule names, codes or code prefixes, comma-separated; repeatable"


@app.command("validate")
def validate_command(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="JSON files from the TrueState API ('-' reads standard input).",
            metavar="[PATH]...",
            show_default=False,
        ),
    ] = None,
    remote: Annotated[
        list[str] | None,
        typer.Option(
            "--remote",
            metavar="LIVE_FLOW_ID",
            help="Fetch this live flow from the TrueState API and check it (repeatable; "
            "credentials from TRUESTATE_API_KEY, TRUESTATE_ORGANISATION_ID, TRUESTATE_HOST).",
        ),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="Output format: text, json or sarif.")
    ] = "text",
    select: Annotated[
        list[str] | None,
        typer.Option("--select", help=f"Run only these rules ({_SELECTOR_HELP})."),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", help=f"Do not run these rules ({_SELECTOR_HELP})."),
    ] = None,
    severity: Annotated[
        list[str] | None,
        typer.Option(
            "--severity",
            metavar="RULE=LEVEL",
            help="Report a rule (name, code or prefix) at error, warning or info; repeatable.",
        ),
    ] = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on", help="Exit 1 on findings at or above: error (default), warning, info."
        ),
    ] = None,
    all_versions: Annotated[
        bool,
        typer.Option(
            "--all-versions", help="Check every version sessions ran on, not only current."
        ),
    ] = False,
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
    color: Annotated[
        str, typer.Option("--color", help="Colour the text output: auto, always or never.")
    ] = "auto",
    output: Annotated[
        str, typer.Option("-o", "--output", help="Write the report to this file ('-': stdout).")
    ] = "-",
) -> None:
    """Check flows for defects and report them as text, JSON or SARIF."""
    if not paths and not remote:
        fail("nothing to check: give one or more PATHs, or --remote LIVE_FLOW_ID")
    if fmt not in FORMATS:
        fail(f"unknown --format {fmt!r} (must be one of {', '.join(FORMATS)})")
    if color not in _COLORS:
        fail(f"unknown --color {color!r} (must be one of {', '.join(_COLORS)})")
    config = _config(config_path, isolated).merged(
        select=_split(select) if select is not None else None,
        ignore=_split(ignore or []),
        severity=[_pair(item) for item in severity or []],
        fail_on=parse_severity(fail_on, key="--fail-on") if fail_on is not None else None,
    )
    report = Report(fail_on=config.fail_on)
    texts: dict[str, str] = {}
    bad_input = False
    sources: list[Callable[[], Payload]] = [
        *(partial(_read, path, texts) for path in paths or []),
        *(partial(_fetch, flow_id) for flow_id in remote or []),
    ]
    for source in sources:
        try:
            report = report + validate(source(), config=config, all_versions=all_versions)
        except LiveFlowError as error:
            handle(error)
            bad_input = True
    if bad_input and not report.results:
        raise typer.Exit(EXIT_INPUT)  # nothing was checked: the error line says why
    use_color = fmt == "text" and _use_color(color, output)
    _write(emit(report, fmt, color=use_color, texts=texts), output)
    if bad_input:
        raise typer.Exit(EXIT_INPUT)
    raise typer.Exit(report.exit_code(config.fail_on))


@app.command("rules")
def rules_command(
    explain: Annotated[
        str | None,
        typer.Option("--explain", metavar="NAME_OR_CODE", help="Print one rule's documentation."),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """List the validation rules, or explain one."""
    if fmt not in ("text", "json"):
        fail(f"unknown --format {fmt!r} (must be one of text, json)")
    rules = (get_rule(explain),) if explain is not None else RULES
    if fmt == "json":
        data = [_rule_dict(rule, full=explain is not None) for rule in rules]
        typer.echo(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode())
    elif explain is not None:
        typer.echo(explain_rule(rules[0]))
    else:
        typer.echo(list_rules())
    raise typer.Exit(EXIT_OK)


def list_rules() -> str:
    """The rule table printed by ``liveflow-graph rules``."""
    width = max(len(rule.name) for rule in RULES) + 1
    lines = [f"{'code':<6} {'name':<{width}} {'default':<8} summary"]
    for rule in RULES:
        name = rule.name + ("*" if rule.own_judgement else "")
        summary = rule.summary if rule.default_enabled else f"(off by default) {rule.summary}"
        lines.append(f"{rule.code:<6} {name:<{width}} {rule.severity.value:<8} {summary}")
    lines.append("")
    lines.append("* our judgement: goes beyond what TrueState's documentation states.")
    lines.append("A rule off by default runs when --select (or select) names it.")
    lines.append("liveflow-graph rules --explain NAME_OR_CODE prints a rule's documentation.")
    return "\n".join(lines)


def explain_rule(rule: Rule) -> str:
    """One rule's documentation as printed by ``liveflow-graph rules --explain``."""
    head = (
        f"{rule.code} {rule.name} (default severity: {rule.severity.value}; "
        f"{rule.category}; source: {rule.source})"
    )
    return f"{head}\n\n{rule.doc}"


def _rule_dict(rule: Rule, *, full: bool) -> dict[str, object]:
    data: dict[str, object] = {
        "code": rule.code,
        "name": rule.name,
        "severity": rule.severity.value,
        "category": rule.category,
        "own_judgement": rule.own_judgement,
        "default_enabled": rule.default_enabled,
        "source": rule.source,
        "summary": rule.summary,
    }
    if full:
        data["doc"] = rule.doc
    return data


def _config(path: Path | None, isolated: bool) -> Config:
    if path is not None:
        return Config.from_pyproject(path)
    if isolated:
        return Config()
    return Config.discover(Path.cwd())[0]


def _split(values: list[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _pair(item: str) -> tuple[str, Severity]:
    rule, sep, level = item.partition("=")
    if not sep or not rule.strip():
        fail(f"--severity {item!r}: expected RULE=LEVEL, e.g. cycle=error")
    return rule.strip(), parse_severity(level, key=f"--severity {rule.strip()}")


def _fetch(live_flow_id: str) -> Payload:
    """``--remote``: the live flow from the API, under the root options' limits."""
    with TrueStateClient(max_bytes=Limits.max_bytes, max_depth=Limits.max_depth) as client:
        return fetch_payload(live_flow_id, client=client)


def _read(path: str, texts: dict[str, str]) -> Payload:
    """One input, read once; its text is kept in ``texts`` for SARIF line numbers."""
    payload, data, label = read_input(path)
    texts[label] = data.decode("utf-8", errors="replace")
    return payload


def _use_color(choice: str, output: str) -> bool:
    if choice != "auto":
        return choice == "always"
    if output != "-" or os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(sys.stdout, "isatty", None)
    return bool(isatty and isatty())


def _write(text: str, output: str) -> None:
    if output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    write_output(output, text)  # atomic: OutputError (exit 2) leaves an old file intact
