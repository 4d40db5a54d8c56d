"""Baselines: adopt the checks on a repository that already has findings.

``liveflow-graph validate --write-baseline FILE`` records the findings of today's run;
``--baseline FILE`` then reports only findings that are not in it and says how many were
hidden.  A finding is matched by its fingerprint (see
:mod:`~liveflow_graph.validation.located`): the rule, the flow and the ids it involves, not
its line, so edits that move it do not bring it back, and fixing it and making the same
mistake elsewhere does.  Each fingerprint is counted: two identical findings in the
baseline hide at most two.  Inputs that cannot be read are never baselined.

The file is JSON, meant to be committed and reviewed::

    {"schema_version": 1, "tool": "liveflow-graph",
     "findings": [{"fingerprint": "...", "code": "LF104", "rule": "unreachable-step",
                   "source": "flows/a.json", "path": "$.current_version.steps[7]",
                   "message": "..."}]}

Only ``fingerprint`` is read back; the rest tells a reviewer what each entry is.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import orjson

from liveflow_graph.errors import ConfigError, InputError
from liveflow_graph.validation.report import Report

__all__ = ["BASELINE_VERSION", "Baseline"]

BASELINE_VERSION = 1


@dataclass(frozen=True, slots=True)
class Baseline:
    """How many findings of each fingerprint a baseline accepts, and what it recorded."""

    counts: Mapping[str, int]
    entries: tuple[Mapping[str, Any], ...] = ()

    @classmethod
    def from_report(cls, report: Report) -> Baseline:
        """The baseline that accepts every finding of ``report`` (input errors aside)."""
        failed = {id(d) for f in report.failures for d in f.diagnostics}
        entries = tuple(
            {
                "fingerprint": f.fingerprint,
                "code": f.diagnostic.code,
                "rule": f.diagnostic.rule,
                "source": f.source,
                "path": f.diagnostic.path,
                "message": f.diagnostic.message,
            }
            for f in report.located()
            if id(f.diagnostic) not in failed
        )
        ordered = tuple(
            sorted(entries, key=lambda e: (e["source"] or "", e["code"], e["fingerprint"]))
        )
        return cls(Counter(str(e["fingerprint"]) for e in ordered), ordered)

    def to_json(self) -> str:
        """The baseline file's text (indented, sorted, with a final newline)."""
        document = {
            "schema_version": BASELINE_VERSION,
            "tool": "liveflow-graph",
            "findings": list(self.entries),
        }
        return orjson.dumps(document, option=orjson.OPT_INDENT_2).decode() + "\n"

    @classmethod
    def load(cls, path: str | Path) -> Baseline:
        """The baseline in the file at ``path``; :class:`~liveflow_graph.errors.ConfigError`
        when it is not one (naming the file and what is wrong)."""
        path = Path(path)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise InputError(
                "no such baseline file (write one with --write-baseline)", source=str(path)
            ) from None
        except OSError as error:
            raise InputError(f"cannot read the baseline: {error}", source=str(path)) from None
        try:
            document = orjson.loads(data)
        except orjson.JSONDecodeError as error:
            raise ConfigError(
                f"{path}:{error.lineno}:{error.colno}: not a baseline: invalid JSON"
            ) from None
        return cls.from_document(document, source=str(path))

    @classmethod
    def from_document(cls, document: object, *, source: str = "baseline") -> Baseline:
        """The baseline a decoded baseline document holds."""
        if not isinstance(document, dict) or "findings" not in document:
            raise ConfigError(f"{source}: not a baseline: expected an object with 'findings'")
        version = document.get("schema_version")
        if version != BASELINE_VERSION:
            raise ConfigError(
                f"{source}: baseline schema_version {version!r} is not supported "
                f"(this release reads {BASELINE_VERSION})"
            )
        findings = document["findings"]
        if not isinstance(findings, list):
            raise ConfigError(f"{source}: findings: must be a list")
        entries = []
        for index, entry in enumerate(findings):
            if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str):
                raise ConfigError(
                    f"{source}: findings[{index}]: expected an object with a fingerprint"
                )
            entries.append(entry)
        return cls(Counter(e["fingerprint"] for e in entries), tuple(entries))

    def apply(self, report: Report) -> Report:
        """``report`` without the findings this baseline accepts (each fingerprint hides at
        most as many findings as the baseline counted); :attr:`Report.baselined` says how
        many were hidden.  Input errors are always kept."""
        left = Counter(self.counts)
        located = iter(report.located())
        for failure in report.failures:
            for _ in failure.diagnostics:
                next(located)
        results = []
        hidden = 0
        for result in report.results:
            kept = []
            for diagnostic in result.diagnostics:
                finding = next(located)
                if left[finding.fingerprint] > 0:
                    left[finding.fingerprint] -= 1
                    hidden += 1
                else:
                    kept.append(diagnostic)
            results.append(replace(result, diagnostics=tuple(kept)))
        return Report(
            results,
            fail_on=report.fail_on,
            failures=report.failures,
            baselined=report.baselined + hidden,
        )
