"""The SARIF 2.1.0 form of a report, as GitHub code scanning accepts it.

One run; ``tool.driver.rules`` lists every registered rule (id = code, help from the
rule's docstring); each result has the rule id and index, a level (``error``,
``warning``, ``note``), the message, a physical location (the source file, and the line
and column of the diagnostic's JSON path when the file can be read) and a logical
location (the JSON path itself), and a ``partialFingerprints`` entry that stays the same
when unrelated parts of the file change.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

import orjson

from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.located import Located
from liveflow_graph.validation.report import Report, render_sarif
from liveflow_graph.validation.rules import DOCS_URL, RULES, Rule

__all__ = ["DOCS_URL", "SARIF_SCHEMA", "to_sarif", "to_sarif_json"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_PROBLEM = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "recommendation"}
_FINGERPRINT = "liveflowGraph/v1"


def to_sarif_json(report: Report, *, texts: Mapping[str, str] | None = None) -> str:
    """:func:`to_sarif` as indented JSON text with a final newline."""
    return orjson.dumps(to_sarif(report, texts=texts), option=orjson.OPT_INDENT_2).decode() + "\n"


@render_sarif.register
def to_sarif(report: Report, *, texts: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The SARIF log of ``report``.

    ``texts`` maps a result's ``source`` to the JSON text it was read from, for line
    numbers; a source not given is read from disk when it names a file.
    """
    from liveflow_graph._version import __version__

    index = {rule.code: position for position, rule in enumerate(RULES)}
    results = [_result(finding, index) for finding in report.with_positions(texts).located()]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "liveflow-graph",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": DOCS_URL,
                        "rules": [_descriptor(rule) for rule in RULES],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
                "properties": {
                    "inputsFailed": len(report.failures),
                    "baselined": report.baselined,
                },
            }
        ],
    }


def _descriptor(rule: Rule) -> dict[str, Any]:
    what = rule.doc.split("**Why it matters.**", 1)[0].strip()
    tags = ["liveflow", rule.category]
    if rule.own_judgement:
        tags.append("judgement")
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": " ".join(what.split())},
        "help": {"text": _plain(rule.doc), "markdown": rule.doc},
        "helpUri": rule.url,
        "defaultConfiguration": {"level": _LEVEL[rule.severity]}
        if rule.default_enabled
        else {"level": _LEVEL[rule.severity], "enabled": False},
        "properties": {
            "tags": tags,
            "precision": "very-high",
            "problem.severity": _PROBLEM[rule.severity],
        },
    }


def _plain(markdown: str) -> str:
    """Markdown help as plain text (bold markers and code fences removed)."""
    lines = [line for line in markdown.splitlines() if not line.startswith("```")]
    return "\n".join(lines).replace("**", "")


def _result(finding: Located, index: Mapping[str, int]) -> dict[str, Any]:
    d = finding.diagnostic
    path = d.path
    location: dict[str, Any] = {
        "logicalLocations": [{"fullyQualifiedName": path, "kind": "element"}]
    }
    uri = _uri(finding.source)
    if uri is not None:
        location["physicalLocation"] = {
            "artifactLocation": {"uri": uri},
            "region": {"startLine": finding.line or 1, "startColumn": finding.column or 1},
        }
    result: dict[str, Any] = {
        "ruleId": d.code,
        "level": _LEVEL[d.severity],
        "message": {"text": _message_text(d.message)},
        "locations": [location],
        "partialFingerprints": {_FINGERPRINT: finding.fingerprint},
        "properties": {
            "rule": d.rule,
            "flow_id": d.flow_id,
            "version_id": d.version_id,
            "step_ids": list(d.step_ids),
            "transition_ids": list(d.transition_ids),
            "json_path": path,
        },
    }
    if d.code in index:
        result["ruleIndex"] = index[d.code]
    return result


def _message_text(text: str) -> str:
    """``text`` safe for a SARIF ``message.text``: viewers render an embedded link
    ``[text](target)`` there (SARIF 2.1.0 §3.11.6), so every ``[`` and ``]`` is escaped with
    a backslash, as the spec allows, and so is every backslash, so that user text ending
    in one cannot undo the escape of the bracket after it."""
    return text.translate(_MESSAGE_ESCAPES)


_MESSAGE_ESCAPES = str.maketrans({"\\": "\\\\", "[": "\\[", "]": "\\]"})


def _uri(source: str | None) -> str | None:
    if source is None or (source.startswith("<") and source.endswith(">")):
        return None
    path = Path(source)
    if path.is_absolute():
        return path.as_uri()
    return quote(path.as_posix(), safe="/")
