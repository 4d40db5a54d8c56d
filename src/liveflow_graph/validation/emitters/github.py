"""The GitHub Actions form of a report: one workflow command per finding,
``::error file=F,line=L,col=C,title=CODE rule::message``, which GitHub turns into
annotations on the pull request's diff.

Errors become ``::error``, warnings ``::warning`` and info ``::notice``.  Values are
escaped as the Actions runner expects (``%``, ``\\r`` and ``\\n`` everywhere; ``:`` and ``,``
too inside properties), so a step name cannot end a command early or start another one.
"""

from __future__ import annotations

from liveflow_graph.escape import one_line
from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.located import Located
from liveflow_graph.validation.report import Report

__all__ = ["to_github"]

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
_DATA = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A"})
_PROPERTY = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A", ":": "%3A", ",": "%2C"})


def to_github(report: Report) -> str:
    """One workflow command per finding (report order), each on its own line."""
    return "".join(_command(finding) + "\n" for finding in report.located())


def _command(finding: Located) -> str:
    d = finding.diagnostic
    properties = []
    source = finding.source
    if source is not None and not (source.startswith("<") and source.endswith(">")):
        properties.append(("file", source))
        properties.append(("line", str(finding.line or 1)))
        properties.append(("col", str(finding.column or 1)))
    properties.append(("title", f"{d.code} {d.rule}"))
    props = ",".join(f"{key}={value.translate(_PROPERTY)}" for key, value in properties)
    message = f"{one_line(d.message, None)} (at {one_line(d.path, None)})"
    return f"::{_COMMAND[d.severity]} {props}::{message.translate(_DATA)}"
