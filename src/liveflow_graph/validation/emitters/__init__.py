"""Report emitters: the text, JSON and SARIF forms of a validation report.

Each emitter is a pure function of a :class:`~liveflow_graph.validation.report.Report` (the
SARIF one also reads the source documents to place results on lines).  Same report, same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping

from liveflow_graph.errors import ConfigError
from liveflow_graph.validation.emitters.github import to_github
from liveflow_graph.validation.emitters.gitlab import to_gitlab
from liveflow_graph.validation.emitters.json import to_json
from liveflow_graph.validation.emitters.sarif import to_sarif_json
from liveflow_graph.validation.emitters.text import to_text
from liveflow_graph.validation.report import Report

__all__ = ["FORMATS", "emit"]

FORMATS = ("text", "json", "sarif", "github", "gitlab")
"""The output formats of ``liveflow-graph validate --format``."""


def emit(
    report: Report,
    fmt: str = "text",
    *,
    color: bool = False,
    texts: Mapping[str, str] | None = None,
) -> str:
    """``report`` in format ``fmt`` (one of :data:`FORMATS`), ending with a newline.

    ``color`` applies to text; ``texts`` maps a source name to its JSON text for line
    numbers (sources not given are read from disk when they are files; results that
    already know their positions keep them).
    """
    report = report.with_positions(texts)
    if fmt == "github":
        return to_github(report)
    if fmt == "gitlab":
        return to_gitlab(report)
    if fmt == "text":
        return to_text(report, color=color)
    if fmt == "json":
        return to_json(report)
    if fmt == "sarif":
        return to_sarif_json(report, texts=texts)
    raise ConfigError(f"unknown format {fmt!r} (must be one of {', '.join(FORMATS)})")
