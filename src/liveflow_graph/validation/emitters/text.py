"""The terminal form of a report: one finding per entry, ``FILE:LINE:COL: CODE rule message``
(the form ruff and mypy print, which editors and terminals turn into links), then where in
the document and which flow version, and a summary::

    flows/triage.json:88:9: LF104 unreachable-step 'legacy' (5e...08) is unreachable: ...
        error at $.current_version.steps[7] in flow 'Triage' (f1...00), version ae...03

    Found 3 problems (2 errors, 1 warning, 0 info) in 1 flow version of 1 flow.

Findings come in report order: inputs that could not be read first, then each flow version
in input order, each version's findings in engine order.  The line and column are those
:meth:`Report.with_positions <liveflow_graph.validation.report.Report.with_positions>` found
(a source without them shows ``:1:1`` when it is a file, nothing when it is not, such as a
fetched flow).  Colour (ANSI) only when asked for; user text is cleaned of control
characters (so a step name cannot inject terminal escapes) and kept on one line.
"""

from __future__ import annotations

from liveflow_graph.escape import one_line
from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.located import Located
from liveflow_graph.validation.report import Report, VersionResult, render_text

__all__ = ["to_text"]

_RESET = "\x1b[0m"
_STYLE = {
    Severity.ERROR: "\x1b[1;31m",
    Severity.WARNING: "\x1b[1;33m",
    Severity.INFO: "\x1b[1;36m",
    "bold": "\x1b[1m",
    "dim": "\x1b[2m",
    "ok": "\x1b[1;32m",
}
_INDENT = "    "


def _plural(count: int, word: str) -> str:
    if word == "info":
        return f"{count} info"
    return f"{count} {word}" + ("" if count == 1 else "s")


class _Painter:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, style: Severity | str) -> str:
        return f"{_STYLE[style]}{text}{_RESET}" if self.color else text


@render_text.register
def to_text(report: Report, *, color: bool = False) -> str:
    """The report as terminal text (see the module docstring); ends with a newline."""
    paint = _Painter(color)
    versions = {id(d): r for r in report.results for d in r.diagnostics}
    lines: list[str] = []
    for finding in report.located():
        lines.extend(_finding_lines(finding, versions.get(id(finding.diagnostic)), paint))
    if lines:
        lines.append("")
    lines.extend(_summary(report, paint))
    return "\n".join(lines) + "\n"


def where(finding: Located) -> str:
    """``FILE:LINE:COL`` of a finding (see the module docstring), cleaned for a terminal."""
    source = finding.source
    if source is None:
        return "<input>"
    name = one_line(source, None) or "<input>"
    if finding.line is not None and finding.column is not None:
        return f"{name}:{finding.line}:{finding.column}"
    if source.startswith("<") and source.endswith(">"):
        return name
    return f"{name}:1:1"


def _finding_lines(finding: Located, result: VersionResult | None, paint: _Painter) -> list[str]:
    d = finding.diagnostic
    head = (
        f"{paint(where(finding), 'bold')}: {paint(d.code, d.severity)} {d.rule} "
        f"{one_line(d.message, None)}"
    )
    context = f"{paint(d.severity.value, d.severity)} at {one_line(d.path, None)}"
    if result is not None:
        context += f" in {_version(result)}"
    return [head, _INDENT + context]


def _version(result: VersionResult) -> str:
    version = f"version {one_line(result.version_id, None)}"
    if result.is_current:
        version += " (current)"
    if result.flow_id is None:
        return version
    name = f"'{one_line(result.flow_name, None)}' " if result.flow_name is not None else ""
    return f"flow {name}({one_line(result.flow_id, None)}), {version}"


def _summary(report: Report, paint: _Painter) -> list[str]:
    summary = report.summary()
    versions = _plural(summary["versions"], "flow version")
    flows = f" of {_plural(summary['flows'], 'flow')}" if summary["flows"] else ""
    total = summary["diagnostics"]
    lines = []
    if not total:
        lines.append(paint(f"No problems found in {versions}{flows}.", "ok"))
    else:
        counts = ", ".join(_plural(summary[s.value], s.value) for s in Severity)
        worst = next(s for s in Severity if summary[s.value])
        found = paint(f"Found {_plural(total, 'problem')}", worst)
        lines.append(f"{found} ({counts}) in {versions}{flows}.")
    if summary["inputs_failed"]:
        failed = summary["inputs_failed"]
        lines.append(
            paint(
                f"{_plural(failed, 'input')} could not be read or parsed (LF001 input-error).",
                Severity.ERROR,
            )
        )
    if summary["baselined"]:
        lines.append(
            paint(f"{_plural(summary['baselined'], 'finding')} hidden by the baseline.", "dim")
        )
    return lines
