"""The data of a report page: one JSON document the page's script reads and draws.

:func:`flows_document` describes flows: per version its steps (name, type, prompt),
transitions, findings, the sessions that ran on it (per step: reached, at, failed,
waiting; per transition: how many sessions took it; each session's path) and its diagram
(:func:`~liveflow_graph.htmlreport.drawing.draw`); per flow with several versions, the
diffs between them (:func:`diff_pairs` says which).  :func:`diff_document` describes one
:class:`~liveflow_graph.diffs.model.VersionDiff`.

Every string is user text, kept as text: the page writes it with ``textContent``.  Long
text is cut here (prompts, messages, text diffs, session lists) so that one odd flow cannot
make a page too big to open; each cut says how much it left out.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from itertools import combinations
from typing import Any

from liveflow_graph._version import __version__
from liveflow_graph.diagrams.build import build_diagram
from liveflow_graph.diagrams.overlays import session_counts
from liveflow_graph.diagrams.style import (
    CHANGE_COLORS,
    SESSION_COLORS,
    SEVERITY_COLORS,
    STEP_STYLES,
    UNREACHABLE_STYLE,
    step_style,
)
from liveflow_graph.diagrams.view import DiagramOptions
from liveflow_graph.diffs.compute import diff
from liveflow_graph.diffs.model import DiffDiagramOptions, VersionDiff
from liveflow_graph.diffs.records import FieldChange, TransitionRef
from liveflow_graph.diffs.render.diagram import build_diff_diagram
from liveflow_graph.escape import truncate
from liveflow_graph.graph.flowgraph import FlowGraph
from liveflow_graph.htmlreport.drawing import Budget, draw
from liveflow_graph.htmlreport.sources import FlowEntry, VersionEntry
from liveflow_graph.model.models import FAILED_STATUSES, JSONValue, Session
from liveflow_graph.sessions.analytics import analyze_sessions
from liveflow_graph.validation.config import Config
from liveflow_graph.validation.diagnostics import Diagnostic

__all__ = [
    "ALL_PAIRS_VERSIONS",
    "NAME_LIMIT",
    "PROMPT_LIMIT",
    "SESSION_LIMIT",
    "diff_document",
    "diff_pairs",
    "finding_document",
    "flows_document",
]

ALL_PAIRS_VERSIONS = 6
"""Up to this many versions of a flow, the page holds the diff of every pair (15 for 6);
with more, each version against the next and against the newest (about 2 per version)."""

NAME_LIMIT = 1_000
"""Longest step name, label or id the page holds (the diagram's labels are shorter)."""

PROMPT_LIMIT = 20_000
"""Most prompt characters the page holds per step."""

MESSAGE_LIMIT = 4_000
"""Longest finding message or session error the page holds."""

SESSION_LIMIT = 1_000
"""Most sessions listed one by one per version (the counts cover them all)."""

PATH_LIMIT = 500
"""Most steps of one session's path the page holds."""

DIFF_LINE_LIMIT = 400
"""Most lines of one unified text diff the page holds."""


def flows_document(
    flows: Sequence[FlowEntry],
    *,
    title: str,
    budget: Budget,
    config: Config | None = None,
    sources: Sequence[str] = (),
) -> dict[str, Any]:
    """The page document of ``flows`` (see the module documentation)."""
    versions: list[dict[str, Any]] = []
    flow_docs: list[dict[str, Any]] = []
    diffs: list[dict[str, Any]] = []
    pending: list[tuple[int, VersionEntry, VersionEntry, str, str]] = []
    for flow_number, flow in enumerate(flows):
        keys: list[str] = []
        for version in flow.versions:
            key = f"v{len(versions)}"
            keys.append(key)
            versions.append(_version_document(key, f"f{flow_number}", version, budget))
        flow_docs.append(
            {
                "key": f"f{flow_number}",
                "id": flow.flow_id,
                "name": _name(flow.name) if flow.name is not None else None,
                "versions": keys,
            }
        )
        for priority, (a, b) in diff_pairs(len(flow.versions)):
            pending.append((priority, flow.versions[a], flow.versions[b], keys[a], keys[b]))
    # the diffs people look at first get the layout time first: next versions, then the rest
    for _, old, new, old_key, new_key in sorted(pending, key=lambda item: item[0]):
        change = diff(old.graph, new.graph, config=config)
        diffs.append(
            _diff_document(f"d{len(diffs)}", change, budget, old_key=old_key, new_key=new_key)
        )
    diffs.sort(key=lambda d: (d["from"], d["to"]))
    return {
        "kind": "flows",
        "title": title,
        "generator": f"liveflow-graph {__version__}",
        "sources": [truncate(s, NAME_LIMIT) for s in sources],
        "styles": _styles(),
        "flows": flow_docs,
        "versions": versions,
        "diffs": diffs,
    }


def diff_document(change: VersionDiff, *, title: str, budget: Budget) -> dict[str, Any]:
    """The page document of one diff: no flow to draw, one diff to show."""
    return {
        "kind": "diff",
        "title": title,
        "generator": f"liveflow-graph {__version__}",
        "sources": [],
        "styles": _styles(),
        "flows": [],
        "versions": [],
        "diffs": [_diff_document("d0", change, budget, old_key=None, new_key=None)],
    }


def diff_pairs(count: int) -> list[tuple[int, tuple[int, int]]]:
    """Which diffs a flow of ``count`` versions (oldest first) gets, as ``(priority,
    (older, newer))``: every pair up to :data:`ALL_PAIRS_VERSIONS` versions, else each
    version against the next and against the newest.  Priority 0 (the next version) is
    drawn first while layout time lasts."""
    if count < 2:
        return []
    if count <= ALL_PAIRS_VERSIONS:
        chosen = list(combinations(range(count), 2))
    else:
        chosen = sorted(
            {(i, i + 1) for i in range(count - 1)} | {(i, count - 1) for i in range(count - 1)}
        )
    return [(0 if b == a + 1 else 1, (a, b)) for a, b in chosen]


# -- one version ---------------------------------------------------------------------------


def _version_document(
    key: str, flow_key: str, version: VersionEntry, budget: Budget
) -> dict[str, Any]:
    graph = version.graph
    findings = version.findings or ()
    diagram = build_diagram(graph, DiagramOptions(findings=findings, legend=False, title=False))
    created = version.created_at
    return {
        "key": key,
        "flow": flow_key,
        "id": _name(graph.version_id),
        "created": created.strftime("%Y-%m-%d %H:%M UTC") if created is not None else None,
        "current": version.is_current,
        "source": _name(version.source) if version.source is not None else None,
        "path": graph.path,
        "checked": version.findings is not None,
        "steps": [_step(graph, sid) for sid in graph.bfs_order],
        "transitions": _transitions(graph),
        "missing": sorted(diagram.missing_node_ids),
        "duplicates": [_name(d.item.id) for d in graph.duplicate_steps],
        "findings": [finding_document(f) for f in findings],
        "sessions": _sessions(graph),
        "diagram": draw(diagram, budget),
    }


def _step(graph: FlowGraph, sid: str) -> dict[str, Any]:
    step = graph.steps[sid]
    prompt: list[list[str]] = []
    left = PROMPT_LIMIT
    cut = 0
    if step.prompt_template is not None:
        for where, text in step.prompt_template.strings():
            if left <= 0:
                cut += len(text)
                continue
            shown = text[:left]
            cut += len(text) - len(shown)
            left -= len(shown)
            prompt.append([where, shown])
    return {
        "id": _name(sid),
        "name": _name(step.name),
        "type": _name(step.step_type),
        "prompt": prompt,
        "promptCut": cut,
        "promptType": _name(step.prompt_template.type) if step.prompt_template else None,
        "start": step.is_start,
        "reachable": sid in graph.reachable,
    }


def _transitions(graph: FlowGraph) -> list[dict[str, Any]]:
    out = [
        {
            "id": _name(t.id),
            "from": _name(t.source_step_id),
            "to": _name(t.target_step_id),
            "label": _name(t.label) if t.label else "",
            "dangling": None,
        }
        for t in graph.transitions.values()
        if t.source_step_id in graph.steps and t.target_step_id in graph.steps
    ]
    for dangling in sorted(graph.dangling, key=lambda d: d.transition.id):
        t = dangling.transition
        out.append(
            {
                "id": _name(t.id),
                "from": _name(t.source_step_id),
                "to": _name(t.target_step_id),
                "label": _name(t.label) if t.label else "",
                "dangling": dangling.missing_end,
            }
        )
    return out


def finding_document(finding: Diagnostic) -> dict[str, Any]:
    return {
        "code": finding.code,
        "rule": finding.rule,
        "severity": finding.severity.value,
        "message": truncate(finding.message, MESSAGE_LIMIT),
        "path": truncate(finding.path, NAME_LIMIT),
        "steps": [_name(s) for s in finding.step_ids],
        "transitions": [_name(t) for t in finding.transition_ids],
    }


def _sessions(graph: FlowGraph) -> dict[str, Any]:
    stats = analyze_sessions(graph.sessions)
    steps = {
        _name(sid): [a.reached, a.current, a.failed, a.waiting]
        for sid, a in stats.steps.items()
        if sid in graph.steps and (a.reached or a.current or a.failed or a.waiting)
    }
    edges = {_name(tid): count for tid, count in session_counts(graph).edges.items()}
    listed = [_session(graph, s) for s in graph.sessions[:SESSION_LIMIT]]
    return {
        "total": stats.total,
        "statuses": {_name(k): v for k, v in stats.by_status.items()},
        "failures": [
            {"message": truncate(g.message, MESSAGE_LIMIT), "count": g.count}
            for g in stats.failures[:20]
        ],
        "steps": steps,
        "edges": edges,
        "list": listed,
        "unlisted": max(stats.total - SESSION_LIMIT, 0),
    }


def _session(graph: FlowGraph, session: Session) -> dict[str, Any]:
    path = [run.step_id for run in session.steps if run.step_id is not None]
    failed = sorted(
        {
            run.step_id
            for run in session.steps
            if run.step_id is not None and (run.status or "") in FAILED_STATUSES
        }
    )
    at = session.current_step.step_id if session.current_step is not None else None
    error = session.error
    return {
        "id": _name(session.id),
        "status": _name(session.status) if session.status else None,
        "created": session.created_at.strftime("%Y-%m-%d %H:%M")
        if session.created_at is not None
        else None,
        "path": [_name(sid) for sid in path[:PATH_LIMIT]],
        "pathCut": max(len(path) - PATH_LIMIT, 0),
        "at": _name(at) if at is not None else None,
        "failed": [_name(sid) for sid in failed],
        "error": truncate(_json_text(error), MESSAGE_LIMIT) if error not in (None, "") else None,
    }


# -- diffs ---------------------------------------------------------------------------------


def _diff_document(
    key: str, change: VersionDiff, budget: Budget, *, old_key: str | None, new_key: str | None
) -> dict[str, Any]:
    diagram = build_diff_diagram(change, DiffDiagramOptions(legend=False, title=False))
    steps: list[dict[str, Any]] = []
    for ref in change.steps_added:
        steps.append({"status": "added", "id": ref.id, "name": ref.name, "type": ref.step_type})
    for ref in change.steps_removed:
        steps.append({"status": "removed", "id": ref.id, "name": ref.name, "type": ref.step_type})
    for step in change.steps_changed:
        steps.append(
            {
                "status": "changed",
                "id": step.new.id,
                "name": step.new.name,
                "type": step.new.step_type,
                "was": step.old.name if step.renamed else None,
                "fields": [_field(f) for f in step.changes],
            }
        )
    transitions: list[dict[str, Any]] = []
    for status, refs in (
        ("added", change.transitions_added),
        ("removed", change.transitions_removed),
    ):
        transitions.extend({"status": status, **_transition(t)} for t in refs)
    for status, changes in (
        ("moved", change.transitions_moved),
        ("changed", change.transitions_changed),
    ):
        for t in changes:
            transitions.append(
                {
                    "status": status,
                    **_transition(t.new),
                    "was": _transition(t.old),
                    "fields": [_field(f) for f in t.changes],
                }
            )
    findings = [{"status": "appeared", **finding_document(f)} for f in change.diagnostics_appeared]
    findings += [
        {"status": "disappeared", **finding_document(f)} for f in change.diagnostics_disappeared
    ]
    return {
        "key": key,
        "from": old_key,
        "to": new_key,
        "old": _side(change.old),
        "new": _side(change.new),
        "summary": change.summary,
        "empty": change.is_empty,
        "validity": change.validity_checked,
        "steps": _names(steps),
        "transitions": _names(transitions),
        "findings": findings,
        "diagram": draw(diagram, budget),
    }


def _side(side: Any) -> dict[str, Any]:
    return {
        "id": _name(side.version_id),
        "flow": _name(side.flow_name) if side.flow_name else None,
        "steps": side.steps,
        "transitions": side.transitions,
    }


def _transition(t: TransitionRef) -> dict[str, Any]:
    return {
        "id": t.id,
        "from": t.source_name if t.source_name is not None else t.source_step_id,
        "to": t.target_name if t.target_name is not None else t.target_step_id,
        "label": t.label or "",
    }


def _field(change: FieldChange) -> dict[str, Any]:
    if change.text_diffs:
        lines: list[str] = []
        for text in change.text_diffs:
            lines.extend(text.unified)
        cut = max(len(lines) - DIFF_LINE_LIMIT, 0)
        shown = [truncate(line, PROMPT_LIMIT // 10) for line in lines[:DIFF_LINE_LIMIT]]
        return {"field": change.field, "lines": shown, "cut": cut}
    return {
        "field": change.field,
        "old": truncate(_json_text(change.old), MESSAGE_LIMIT),
        "new": truncate(_json_text(change.new), MESSAGE_LIMIT),
    }


def _names(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``entries`` with their text values cut to :data:`NAME_LIMIT`."""
    for entry in entries:
        for key in ("id", "name", "type", "was", "from", "to", "label"):
            if isinstance(entry.get(key), str):
                entry[key] = _name(entry[key])
    return entries


# -- shared --------------------------------------------------------------------------------


def _name(text: str) -> str:
    return truncate(text, NAME_LIMIT)


def _json_text(value: JSONValue) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _styles() -> dict[str, Any]:
    """The colours the diagrams use, for the page's legend and overlays."""
    types = {
        name: {"label": s.legend, "fill": s.fillcolor, "border": s.color, "text": s.fontcolor}
        for name, s in STEP_STYLES.items()
    }
    other = step_style("\x00unknown")
    types[""] = {
        "label": other.legend,
        "fill": other.fillcolor,
        "border": other.color,
        "text": other.fontcolor,
    }
    unreachable = UNREACHABLE_STYLE
    return {
        "types": types,
        "unreachable": {
            "label": unreachable.legend,
            "fill": unreachable.fillcolor,
            "border": unreachable.color,
            "text": unreachable.fontcolor,
        },
        "severity": {s.value: color for s, color in SEVERITY_COLORS.items()},
        "session": dict(SESSION_COLORS),
        "change": dict(CHANGE_COLORS),
    }
