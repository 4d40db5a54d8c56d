"""The GitLab form of a report: a Code Quality report (a JSON array of issues, the subset
of Code Climate's format that GitLab reads), for ``artifacts: reports: codequality``.

Each finding gives ``description``, ``check_name`` (the rule code), ``fingerprint`` (unique
in the report, stable across edits that move the finding), ``severity`` (error: ``major``,
warning: ``minor``, info: ``info``) and ``location`` (``path`` and ``lines.begin``).
Findings without a file (standard input, a fetched flow) are left out: GitLab can only show
issues in files of the repository.
"""

from __future__ import annotations

import hashlib
from typing import Any

import orjson

from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.report import Report

__all__ = ["to_gitlab"]

_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def to_gitlab(report: Report) -> str:
    """The Code Quality JSON array, indented, with a final newline."""
    issues: list[dict[str, Any]] = []
    for finding in report.located():
        source = finding.source
        if source is None or (source.startswith("<") and source.endswith(">")):
            continue
        d = finding.diagnostic
        unique = hashlib.sha256(f"{source}\x1f{finding.fingerprint}".encode()).hexdigest()
        issues.append(
            {
                "type": "issue",
                "check_name": d.code,
                "description": f"{d.code} {d.rule}: {d.message} (at {d.path})",
                "categories": ["Bug Risk"],
                "fingerprint": unique[:32],
                "severity": _SEVERITY[d.severity],
                "location": {"path": source, "lines": {"begin": finding.line or 1}},
            }
        )
    return orjson.dumps(issues, option=orjson.OPT_INDENT_2).decode() + "\n"
