"""The terminal form of a report: grouped per flow, then per version, with a summary.

::

    examples/support-triage.json: flow 'Support triage' (f100...)
      version ae00...03 (current): 2 errors, 1 warning
        error   LF104 unreachable-step: 'legacy_escalation' (5e...08) is unreachable: ...
                at $.current_version.steps[7]

    Found 3 problems (2 errors, 1 warning, 0 info) in 1 flow version of 1 flow.

Colour (ANSI) only when asked for; user text is cleaned of control characters (so a step
name cannot inject terminal escapes) and kept on one line.
"""

from __future__ import annotations

from itertools import groupby

from liveflow_graph.escape import one_line
from liveflow_graph.validation.diagnostics import Diagnostic, Severity
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
_WIDTH = max(len(s.value) for s in Severity)


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
    lines: list[str] = []
    for (source, flow_id), group in groupby(report.results, key=lambda r: (r.source, r.flow_id)):
        results = list(group)
        if lines:
            lines.append("")
        lines.append(paint(_flow_header(source, flow_id, results[0]), "bold"))
        for result in results:
            lines.extend(_version_lines(result, paint))
    if lines:
        lines.append("")
    lines.append(_summary(report, paint))
    return "\n".join(lines) + "\n"


def _flow_header(source: str | None, flow_id: str | None, first: VersionResult) -> str:
    where = f"{one_line(source, None)}: " if source else ""
    if flow_id is None:
        return f"{where}flow version {one_line(first.version_id, None)}"
    name = f"'{one_line(first.flow_name, None)}' " if first.flow_name is not None else ""
    return f"{where}flow {name}({one_line(flow_id, None)})"


def _version_lines(result: VersionResult, paint: _Painter) -> list[str]:
    counts = dict.fromkeys(Severity, 0)
    for d in result.diagnostics:
        counts[d.severity] += 1
    found = ", ".join(_plural(n, s.value) for s, n in counts.items() if n)
    status = found or paint("no problems", "ok")
    current = " (current)" if result.is_current else ""
    lines = [f"  version {one_line(result.version_id, None)}{current}: {status}"]
    lines.extend(_diagnostic_lines(d, paint) for d in result.diagnostics)
    return lines


def _diagnostic_lines(d: Diagnostic, paint: _Painter) -> str:
    severity = paint(f"{d.severity.value:<{_WIDTH}}", d.severity)
    head = f"    {severity} {paint(d.code, 'bold')} {d.rule}: {one_line(d.message, None)}"
    where = " " * (5 + _WIDTH) + paint(f"at {one_line(d.path, None)}", "dim")
    return f"{head}\n{where}"


def _summary(report: Report, paint: _Painter) -> str:
    summary = report.summary()
    versions = _plural(summary["versions"], "flow version")
    flows = f" of {_plural(summary['flows'], 'flow')}" if summary["flows"] else ""
    total = summary["diagnostics"]
    if not total:
        return paint(f"No problems found in {versions}{flows}.", "ok")
    counts = ", ".join(_plural(summary[s.value], s.value) for s in Severity)
    worst = next(s for s in Severity if summary[s.value])
    found = paint(f"Found {_plural(total, 'problem')}", worst)
    return f"{found} ({counts}) in {versions}{flows}."
