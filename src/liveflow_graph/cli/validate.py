"""``liveflow-graph validate`` (check flows) and ``liveflow-graph rules`` (list, explain).

Exit codes of ``validate``: 0 when nothing is at or above ``--fail-on``, 1 when something
is, 2 when an input cannot be read or parsed (it is reported as ``LF001 input-error``
findings, and the readable inputs are still reported) or an option or settings file is
invalid.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Annotated, Literal

import orjson
import typer

from liveflow_graph.cli._app import (
    EXIT_FINDINGS,
    EXIT_INPUT,
    EXIT_OK,
    ROOT_OPTIONS_EPILOG,
    Limits,
    app,
    color_for,
    fail,
    handle,
    report_error,
)
from liveflow_graph.cli.output import write_output
from liveflow_graph.cli.progress import progress_bar
from liveflow_graph.errors import ConfigError, LiveFlowError
from liveflow_graph.model.jsonpath import ROOT_PATH
from liveflow_graph.model.payload import Payload
from liveflow_graph.validation.baseline import Baseline
from liveflow_graph.validation.batch import FileCheck, validate_files
from liveflow_graph.validation.config import Config, parse_severity
from liveflow_graph.validation.diagnostics import Diagnostic, Severity
from liveflow_graph.validation.emitters import emit
from liveflow_graph.validation.engine import validate
from liveflow_graph.validation.files import Exclusions, find_files
from liveflow_graph.validation.report import InputFailure, Report
from liveflow_graph.validation.rules import RULES, Rule, get_rule, match_rules

Format = Literal["text", "json", "sarif", "github", "gitlab"]
"""The report formats (the same as :data:`~liveflow_graph.validation.emitters.FORMATS`)."""
Level = Literal["error", "warning", "info"]
_SELECTOR_HELP = "rule names, codes or code prefixes, comma-separated; repeatable"


@app.command("validate", epilog=ROOT_OPTIONS_EPILOG)
def validate_command(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="JSON files, directories (searched for *.json, respecting .gitignore and "
            "the exclude setting) or glob patterns ('-' reads standard input).",
            metavar="PATH",
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
        Format,
        typer.Option(
            "--format",
            "-f",
            help="Output format: text (FILE:LINE:COL lines), json, sarif (code scanning), "
            "github (workflow annotations) or gitlab (code quality report).",
        ),
    ] = "text",
    select: Annotated[
        list[str] | None,
        typer.Option("--select", metavar="RULES", help=f"Run only these rules ({_SELECTOR_HELP})."),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            "--ignore", metavar="RULES", help=f"Do not run these rules ({_SELECTOR_HELP})."
        ),
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
        Level | None,
        typer.Option(
            "--fail-on",
            help="Exit 1 on findings at or above this severity (default: error, or the "
            "configuration's fail-on).",
            show_default=False,
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
            metavar="FILE",
            help="Settings file for every input (pyproject.toml or .liveflow-graph.toml; "
            "default: the nearest to each input, searching upward from its directory).",
        ),
    ] = None,
    isolated: Annotated[
        bool, typer.Option("--isolated", help="Ignore every configuration file.")
    ] = False,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude",
            metavar="PATTERN",
            help="Skip files and directories matching this .gitignore-style pattern when "
            "searching directories (on top of the exclude setting); repeatable.",
        ),
    ] = None,
    respect_gitignore: Annotated[
        bool,
        typer.Option(
            "--respect-gitignore/--no-respect-gitignore",
            help="Skip what .gitignore files ignore when searching directories.",
        ),
    ] = True,
    force_exclude: Annotated[
        bool,
        typer.Option(
            "--force-exclude",
            help="Apply exclude patterns to files named on the command line too (for "
            "pre-commit, which names every staged file).",
        ),
    ] = False,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            metavar="FILE",
            help="Report only findings not recorded in this baseline (see --write-baseline); "
            "the summary says how many were hidden.",
        ),
    ] = None,
    write_baseline: Annotated[
        Path | None,
        typer.Option(
            "--write-baseline",
            metavar="FILE",
            help="Record every finding of this run in a baseline file and exit 0.",
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            metavar="N",
            min=1,
            help="Check files on N processes (default: every CPU).",
            show_default=False,
        ),
    ] = None,
    show_all_errors: Annotated[
        bool,
        typer.Option(
            "--show-all-errors",
            help="On stderr, list every problem of an input that does not match the schema "
            "(machine formats always list them all).",
        ),
    ] = False,
    output: Annotated[
        str,
        typer.Option(
            "-o", "--output", metavar="FILE", help="Write the report to this file ('-': stdout)."
        ),
    ] = "-",
) -> None:
    """Check flows for defects and report them (text, JSON, SARIF, GitHub or GitLab)."""
    if not paths and not remote:
        fail("nothing to check: give one or more PATHs, or --remote LIVE_FLOW_ID")
    if baseline is not None and write_baseline is not None:
        fail("--baseline and --write-baseline cannot be used together")
    overrides = _Overrides(
        select=_split(select) if select is not None else None,
        ignore=_split(ignore or []),
        severity=[_pair(item) for item in severity or []],
        fail_on=parse_severity(fail_on, key="--fail-on") if fail_on is not None else None,
        exclude=tuple(exclude or ()),
    )
    settings = _Settings(config_path, isolated, overrides)
    accepted = Baseline.load(baseline) if baseline is not None else None
    inputs = find_files(
        paths or [],
        exclusions_for=settings.exclusions,
        respect_gitignore=respect_gitignore,
        force_exclude=force_exclude,
        skip=[p for p in (baseline, write_baseline, None if output == "-" else output) if p],
    )
    if paths and not inputs:
        fail(f"no *.json files found in {', '.join(paths)}")

    def check_for(path: str) -> FileCheck:
        return FileCheck(
            settings.for_input(path),
            all_versions=all_versions,
            max_bytes=Limits.max_bytes,
            max_depth=Limits.max_depth,
        )

    with progress_bar(len(inputs), "checking flows", delay=1.0) as advance:
        report = validate_files(
            inputs,
            check_for,
            jobs=jobs,
            on_failure=partial(_print_failure, show_all=show_all_errors),
            on_done=advance,
        )
    for flow_id in remote or []:
        report = report + _check_remote(flow_id, settings.for_input(None), all_versions)
    if write_baseline is not None:
        recorded = Baseline.from_report(report)
        write_output(str(write_baseline), recorded.to_json())
        print(
            f"liveflow-graph: wrote {len(recorded.entries)} finding(s) to {write_baseline}",
            file=sys.stderr,
        )
        raise typer.Exit(EXIT_INPUT if report.failures else EXIT_OK)
    if accepted is not None:
        report = accepted.apply(report)
    if not report.results and not report.failures:
        raise typer.Exit(EXIT_OK)
    use_color = fmt == "text" and output == "-" and color_for(sys.stdout)
    _write(emit(report, fmt, color=use_color), output)
    if report.failures:
        raise typer.Exit(EXIT_INPUT)
    raise typer.Exit(EXIT_FINDINGS if _failed(report, settings) else EXIT_OK)


@dataclass(frozen=True, slots=True)
class _Overrides:
    """The rule settings given on the command line (on top of each file's settings)."""

    select: list[str] | None
    ignore: list[str]
    severity: list[tuple[str, Severity]]
    fail_on: Severity | None
    exclude: tuple[str, ...]

    def apply(self, config: Config) -> Config:
        return config.merged(
            select=self.select, ignore=self.ignore, severity=self.severity, fail_on=self.fail_on
        )


class _Settings:
    """The settings of each input: ``--config`` for all, none with ``--isolated``, else
    the nearest settings file upward from the input's directory (found once per
    directory); the command-line options on top.  A settings file that is not valid is an
    error (exit 2) naming its file and line."""

    def __init__(self, path: Path | None, isolated: bool, overrides: _Overrides) -> None:
        self.overrides = overrides
        self.fixed: Config | None = None
        self.cache: dict[Path, Config] = {}
        if path is not None:
            self.fixed = overrides.apply(Config.from_file(path))
        elif isolated:
            self.fixed = overrides.apply(Config())
        else:
            overrides.apply(Config())  # a bad --select fails before any file is read

    def for_directory(self, directory: Path) -> Config:
        if self.fixed is not None:
            return self.fixed
        key = directory.resolve()
        found = self.cache.get(key)
        if found is None:
            found = self.cache[key] = self.overrides.apply(Config.discover(key)[0])
        return found

    def for_input(self, path: str | None) -> Config:
        if path is None or path == "-":
            return self.for_directory(Path.cwd())
        return self.for_directory(Path(path).parent)

    def exclusions(self, directory: Path) -> list[Exclusions]:
        config = self.for_directory(directory)
        found = [Exclusions(self.overrides.exclude, Path.cwd())]
        if config.exclude:
            found.append(Exclusions(config.exclude, config.root or Path.cwd()))
        return found


def _failed(report: Report, settings: _Settings) -> bool:
    """Whether a finding is at or above the fail-on of the settings of its input."""
    for result in report.results:
        if not result.diagnostics:
            continue
        path = result.source if result.source and not result.source.startswith("<") else None
        floor = settings.for_input(path).fail_on.rank
        if any(d.severity.rank >= floor for d in result.diagnostics):
            return True
    return False


def _print_failure(failure: InputFailure, *, show_all: bool) -> None:
    """The stderr line(s) of an input that could not be read or parsed."""
    lines = [_failure_line(failure.source, d) for d in failure.diagnostics]
    if show_all or len(lines) == 1:
        for line in lines:
            report_error(line)
        return
    more = len(lines) - 1
    report_error(
        f"{lines[0]} (and {more} more problem{'s' if more > 1 else ''}; "
        "--show-all-errors lists them)"
    )


def _failure_line(source: str | None, d: Diagnostic) -> str:
    where = f"{source}: " if source else ""
    if d.path != ROOT_PATH:
        where += f"{d.path}: "
    return f"{where}{d.message}"


def _check_remote(flow_id: str, config: Config, all_versions: bool) -> Report:
    try:
        return validate(_fetch(flow_id), config=config, all_versions=all_versions)
    except LiveFlowError as error:
        handle(error)
        failure = InputFailure.from_error(error, source=error.source or f"<live flow {flow_id}>")
        return Report(failures=(failure,))


@app.command("rules")
def rules_command(
    explain: Annotated[
        str | None,
        typer.Option(
            "--explain",
            metavar="RULE",
            help="Print the documentation of a rule (name or code) or of every rule a code "
            "prefix picks (LF2).",
        ),
    ] = None,
    fmt: Annotated[
        Literal["text", "json"],
        typer.Option(
            "--format",
            "-f",
            help="text (a table) or json (code, name, severity, summary, url; with --explain, "
            "the documentation too).",
        ),
    ] = "text",
) -> None:
    """List the validation rules, or explain one (a name, a code or a code prefix)."""
    rules = _explained(explain) if explain is not None else RULES
    if fmt == "json":
        data = [_rule_dict(rule, full=explain is not None) for rule in rules]
        typer.echo(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode())
    elif explain is not None:
        typer.echo("\n\n\n".join(explain_rule(rule) for rule in rules))
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


def _explained(selector: str) -> tuple[Rule, ...]:
    """``--explain``: the rule a name or code names, or every rule a code prefix picks."""
    try:
        return (get_rule(selector),)
    except ConfigError:
        return match_rules(selector)


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
        "url": rule.url,
    }
    if full:
        data["doc"] = rule.doc
    return data


def _split(values: list[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _pair(item: str) -> tuple[str, Severity]:
    rule, sep, level = item.partition("=")
    if not sep or not rule.strip():
        fail(f"--severity {item!r}: expected RULE=LEVEL, e.g. cycle=error")
    return rule.strip(), parse_severity(level, key=f"--severity {rule.strip()}")


def _fetch(live_flow_id: str) -> Payload:
    """``--remote``: the live flow from the API, under the root options' limits."""
    from liveflow_graph.api.client import TrueStateClient, fetch_payload  # httpx: on demand

    with TrueStateClient(max_bytes=Limits.max_bytes, max_depth=Limits.max_depth) as client:
        return fetch_payload(live_flow_id, client=client)


def _write(text: str, output: str) -> None:
    if output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    write_output(output, text)  # atomic: OutputError (exit 2) leaves an old file intact
