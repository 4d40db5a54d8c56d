"""The report page: one self-contained HTML file (``liveflow-graph report``,
``Report.to_html()``, ``VersionDiff.to_html()``).

The page is a small fixed shell, the stylesheet and script in :mod:`assets` (written for
this page: no framework, nothing fetched), and the report's data as one JSON document
(:mod:`~liveflow_graph.htmlreport.document`) in a ``<script type="application/json">``
element, with ``<``, ``>`` and ``&`` written as ``\\u`` escapes so no user text can close
the element.  The script reads the JSON and writes every user string with ``textContent``.
A Content-Security-Policy allows only the page's own script (by its SHA-256 hash), no
event-handler attributes, no ``javascript:`` URLs and no network access at all, so even a
mistake in the script could not run user text or call out.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Sequence
from functools import cache
from importlib.resources import files
from typing import Any

from liveflow_graph.diffs.model import VersionDiff, render_html
from liveflow_graph.errors import ConfigError
from liveflow_graph.escape import html_text, one_line
from liveflow_graph.htmlreport.document import diff_document, finding_document, flows_document
from liveflow_graph.htmlreport.drawing import DEFAULT_BUDGET, DEFAULT_MAX_STEPS, Budget
from liveflow_graph.htmlreport.sources import FlowEntry, Source, collect_flows
from liveflow_graph.model.payload import Payload
from liveflow_graph.validation.config import Config
from liveflow_graph.validation.report import Report
from liveflow_graph.validation.report import render_html as render_report_html

__all__ = ["diff_html", "page_html", "report_html"]


def report_html(
    *sources: Source,
    report: Report | None = None,
    config: Config | None = None,
    title: str | None = None,
    max_layout_steps: int = DEFAULT_MAX_STEPS,
    layout_budget: float | None = DEFAULT_BUDGET,
    backend: str = "auto",
) -> str:
    """The report page of ``sources`` (documents, flows, versions, sessions...): each flow
    version's diagram with its findings, its sessions, and the diffs between versions.

    Findings come from ``report`` when given (versions it does not cover show as not
    validated), else from validating every version under ``config``.  Graphviz lays out
    diagrams of up to ``max_layout_steps`` steps, within ``layout_budget`` seconds for the
    whole page (``None``: no limit); bigger diagrams, and those past the budget, are drawn
    by the page from its own layered layout.  ``backend`` is the SVG backend
    (:func:`liveflow_graph.render_svg`).
    """
    budget = _budget(max_layout_steps, layout_budget, backend)
    flows = collect_flows(sources, report=report, config=config)
    names = [s.source for s in sources if isinstance(s, Payload) and s.source is not None]
    document = flows_document(
        flows,
        title=title if title is not None else _title(flows),
        budget=budget,
        config=config,
        sources=list(dict.fromkeys(names)),
    )
    if report is not None and not sources:
        document["versions"] = _results_only(report)
        document["flows"] = _flows_of(document["versions"])
    return page_html(document)


@render_report_html.register
def report_to_html(
    report: Report,
    sources: Sequence[Source] = (),
    *,
    title: str | None = None,
    max_layout_steps: int = DEFAULT_MAX_STEPS,
    layout_budget: float | None = DEFAULT_BUDGET,
    backend: str = "auto",
) -> str:
    """``Report.to_html``: the page of ``report``'s findings drawn on ``sources``."""
    return report_html(
        *sources,
        report=report,
        title=title,
        max_layout_steps=max_layout_steps,
        layout_budget=layout_budget,
        backend=backend,
    )


@render_html.register
def diff_html(
    diff: VersionDiff,
    *,
    title: str | None = None,
    max_layout_steps: int = DEFAULT_MAX_STEPS,
    layout_budget: float | None = DEFAULT_BUDGET,
    backend: str = "auto",
) -> str:
    """``VersionDiff.to_html``: the page of one diff (merged diagram and change lists)."""
    if title is None:
        name = diff.new.flow_name or diff.old.flow_name
        title = f"{one_line(name, 120)}: what changed" if name else "What changed"
    budget = _budget(max_layout_steps, layout_budget, backend)
    return page_html(diff_document(diff, title=title, budget=budget))


def page_html(document: dict[str, Any]) -> str:
    """The page around ``document`` (the JSON the script reads)."""
    script = _asset("report.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    policy = (
        "default-src 'none'; "
        f"script-src 'sha256-{digest}'; "
        "style-src 'unsafe-inline'; "
        "img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )
    parts = {
        "policy": policy,
        "title": html_text(one_line(str(document.get("title", "")), 200)),
        "style": _asset("report.css"),
        "data": embedded_json(document),
        "script": script,
    }
    # one pass over the shell: nothing inserted is scanned again
    return _MARKER.sub(lambda match: parts[match.group(1)], _SHELL)


def embedded_json(value: object) -> str:
    """``value`` as JSON that is safe inside a ``<script>`` element: ASCII only, with
    ``<``, ``>`` and ``&`` as ``\\u`` escapes (so ``</script>`` or ``<!--`` in user text
    stay text), lone surrogates escaped."""
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@cache
def _asset(name: str) -> str:
    return files("liveflow_graph.htmlreport").joinpath("assets", name).read_text("utf-8")


def _budget(max_layout_steps: int, layout_budget: float | None, backend: str) -> Budget:
    if isinstance(max_layout_steps, bool) or not isinstance(max_layout_steps, int):
        raise ConfigError(f"max_layout_steps must be a whole number, not {max_layout_steps!r}")
    if layout_budget is not None and (
        isinstance(layout_budget, bool)
        or not isinstance(layout_budget, int | float)
        or not layout_budget >= 0
    ):
        raise ConfigError(f"layout_budget must be seconds (0 or more), not {layout_budget!r}")
    from liveflow_graph.diagrams.svg import BACKENDS

    if backend not in BACKENDS:
        raise ConfigError(f"unknown backend {backend!r} (must be one of {', '.join(BACKENDS)})")
    return Budget(max_steps=max(max_layout_steps, 0), seconds=layout_budget, backend=backend)


def _title(flows: Sequence[FlowEntry]) -> str:
    named = [f.name for f in flows if f.name]
    if len(flows) == 1 and named:
        return one_line(named[0], 120)
    if flows:
        return f"{len(flows)} flows" if len(flows) > 1 else "Flow report"
    return "Flow report"


def _results_only(report: Report) -> list[dict[str, Any]]:
    """Version documents for a report given without its flows: findings, no diagram."""
    versions = []
    for number, result in enumerate(report.results):
        versions.append(
            {
                "key": f"v{number}",
                "flow": f"f:{result.flow_id}",
                "flowName": result.flow_name,
                "id": result.version_id,
                "created": None,
                "current": bool(result.is_current),
                "source": result.source,
                "path": result.path,
                "checked": True,
                "steps": [],
                "transitions": [],
                "missing": [],
                "duplicates": [],
                "findings": [finding_document(d) for d in result.diagnostics],
                "sessions": {
                    "total": 0,
                    "statuses": {},
                    "failures": [],
                    "steps": {},
                    "edges": {},
                    "list": [],
                    "unlisted": 0,
                },
                "diagram": None,
            }
        )
    return versions


def _flows_of(versions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    flows: dict[str, dict[str, Any]] = {}
    for version in versions:
        key = version["flow"]
        flow = flows.setdefault(
            key, {"key": key, "id": None, "name": version.pop("flowName"), "versions": []}
        )
        version.pop("flowName", None)
        flow["versions"].append(version["key"])
    return list(flows.values())


_MARKER = re.compile(r"@@(policy|title|style|data|script)@@")

_SHELL = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="@@policy@@">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>@@title@@</title>
<style>
@@style@@</style>
</head>
<body>
<header class="top">
  <div class="brand"><h1 id="title">@@title@@</h1><div id="subtitle" class="muted"></div></div>
  <div class="pickers">
    <label>Flow <select id="flow-pick"></select></label>
    <label>Version <select id="version-pick"></select></label>
  </div>
  <div id="counts" class="counts"></div>
</header>
<nav class="tabs" id="tabs" role="tablist">
  <button type="button" id="tab-flow" data-tab="flow" class="active">Flow &amp; findings</button>
  <button type="button" id="tab-sessions" data-tab="sessions">Sessions</button>
  <button type="button" id="tab-changes" data-tab="changes">Changes</button>
</nav>
<main>
  <aside id="side" aria-label="Lists and filters"></aside>
  <section id="stage" aria-label="Diagram">
    <div class="toolbar">
      <button type="button" id="zoom-out" title="Zoom out (-)">&minus;</button>
      <button type="button" id="zoom-in" title="Zoom in (+)">+</button>
      <button type="button" id="zoom-fit" title="Fit the drawing (0)">Fit</button>
      <span class="sep"></span>
      <div id="legend" hidden></div>
    </div>
    <div id="notice" hidden></div>
    <div id="canvas" tabindex="0" title="drag to pan, scroll to zoom, click a step"></div>
  </section>
  <aside id="details" aria-label="Details" aria-live="polite"></aside>
</main>
<noscript><p>This report needs JavaScript to draw its diagrams.</p></noscript>
<script type="application/json" id="report-data">@@data@@</script>
<script>@@script@@</script>
</body>
</html>
"""
