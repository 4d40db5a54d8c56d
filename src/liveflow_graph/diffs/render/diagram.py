"""The merged diagram of a version diff: the union of both versions, changes coloured.

Added steps and transitions are green, removed ones red and dashed, changed ones orange
with "(was: …)"; a moved transition is drawn to its new target with a dashed ghost edge to
its old one.  Labels also carry ``+``, ``-`` and ``~`` markers, so the diagram reads in
black and white, and a legend explains it.  The title line holds the diff's summary.

:func:`build_diff_diagram` returns a renderer-neutral
:class:`~liveflow_graph.diagrams.view.Diagram` that the flow diagrams' writers turn into DOT
(:func:`diff_to_dot`) and Mermaid (:func:`diff_to_mermaid`): the same shapes, fonts,
generated node ids (``n0``, ``n1``, … in canonical order; ``m0``… for steps a dangling
transition names) and escaping of every user string.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, replace

import graphviz

from liveflow_graph.diagrams.dot import write_diagram
from liveflow_graph.diagrams.mermaid import write_mermaid
from liveflow_graph.diagrams.style import (
    CHANGE_COLORS,
    EDGE_COLOR,
    LABEL_LIMIT,
    MISSING_STEP_STYLE,
    STEP_STYLES,
    TOOLTIP_LIMIT,
    step_style,
)
from liveflow_graph.diagrams.view import Diagram, EdgeView, NodeView, drawn_title
from liveflow_graph.diffs.model import (
    DiffDiagramOptions,
    StepChange,
    StepRef,
    TransitionChange,
    TransitionRef,
    VersionDiff,
    diff_mimebundle,
    render_digraph,
    render_dot,
    render_mermaid,
    render_svg,
)
from liveflow_graph.diffs.order import Pair, union_order
from liveflow_graph.diffs.render.styles import (
    CHANGE_FILLS,
    GHOST_COLOR,
    MARKERS,
    Status,
    change_style,
    diff_legend,
)
from liveflow_graph.escape import truncate
from liveflow_graph.model.models import StepType

__all__ = [
    "CHANGE_FILLS",
    "GHOST_COLOR",
    "DiffDiagramOptions",
    "build_diff_diagram",
    "diff_to_digraph",
    "diff_to_dot",
    "diff_to_mermaid",
    "diff_to_svg",
    "mimebundle",
    "write_mermaid",
]

_WAS = {
    "name": ("was", "name was"),
    "step_type": ("type was", "type was"),
    "id": ("id was", "id was"),
}
"""Step fields whose old value a changed step shows: how its label and its tooltip say it."""


@render_dot.register
def diff_to_dot(diff: VersionDiff, options: DiffDiagramOptions | None = None) -> str:
    """DOT source of the merged diagram (deterministic)."""
    source: str = diff_to_digraph(diff, options).source
    return source


@render_digraph.register
def diff_to_digraph(
    diff: VersionDiff, options: DiffDiagramOptions | None = None
) -> graphviz.Digraph:
    """The ``graphviz.Digraph`` of the merged diagram (its ``source`` is :func:`diff_to_dot`)."""
    return write_diagram(build_diff_diagram(diff, options))


@render_mermaid.register
def diff_to_mermaid(diff: VersionDiff, options: DiffDiagramOptions | None = None) -> str:
    """Mermaid flowchart of the merged diagram (deterministic)."""
    return write_mermaid(build_diff_diagram(diff, options))


@render_svg.register
def diff_to_svg(
    diff: VersionDiff,
    options: DiffDiagramOptions | None = None,
    *,
    backend: str = "auto",
    timeout: float | None = 30.0,
) -> str:
    """SVG of the merged diagram, rendered by :func:`liveflow_graph.diagrams.svg.render_svg`
    (raises :class:`~liveflow_graph.errors.RenderError` when no renderer works)."""
    from liveflow_graph.diagrams.svg import render_svg  # lazy: DOT and Mermaid need no renderer

    return render_svg(diff_to_dot(diff, options), backend=backend, timeout=timeout)


@diff_mimebundle.register
def mimebundle(diff: VersionDiff) -> dict[str, object]:
    """What Jupyter shows for a diff: the diagram (its title is the summary) and the text;
    the text alone when no renderer works or the diff is large.  Never raises."""
    try:
        text = diff.to_text()
    except Exception:  # the display hook must not raise, whatever the diff holds
        text = f"<VersionDiff {diff.old.version_id} -> {diff.new.version_id}>"
    bundle: dict[str, object] = {"text/plain": text}
    try:
        from liveflow_graph.diagrams.display import DISPLAY_MAX_STEPS, DISPLAY_TIMEOUT

        size = len(diff.steps_unchanged) + len(diff.steps_changed)
        if size + len(diff.steps_added) + len(diff.steps_removed) <= DISPLAY_MAX_STEPS:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                bundle["image/svg+xml"] = diff_to_svg(diff, timeout=DISPLAY_TIMEOUT)
    except Exception:  # no renderer, a timeout...: the text is enough
        pass
    return bundle


def build_diff_diagram(diff: VersionDiff, options: DiffDiagramOptions | None = None) -> Diagram:
    """The renderer-neutral diagram of ``diff``: nodes and edges in canonical order."""
    return _Builder(diff, options or DiffDiagramOptions()).build()


@dataclass(frozen=True, slots=True)
class _Step:
    pair: Pair
    ref: StepRef
    status: Status
    change: StepChange | None = None


class _Builder:
    def __init__(self, diff: VersionDiff, options: DiffDiagramOptions) -> None:
        self.diff = diff
        self.options = options
        steps: list[_Step] = [
            *(_Step((c.old.id, c.new.id), c.new, "unchanged") for c in diff.steps_unchanged),
            *(_Step((c.old.id, c.new.id), c.new, "changed", c) for c in diff.steps_changed),
            *(_Step((None, s.id), s, "added") for s in diff.steps_added),
            *(_Step((s.id, None), s, "removed") for s in diff.steps_removed),
        ]
        self.steps = {step.pair: step for step in steps}
        self.old_pair = {p[0]: p for p in self.steps if p[0] is not None}
        self.new_pair = {p[1]: p for p in self.steps if p[1] is not None}
        edges: list[tuple[Pair, Pair]] = []
        for old, new in self._transition_sides():
            for t, pairs in ((old, self.old_pair), (new, self.new_pair)):
                if t is None:
                    continue
                source, target = pairs.get(t.source_step_id), pairs.get(t.target_step_id)
                if source is not None and target is not None:
                    edges.append((source, target))
        starts = [
            step.pair
            for step in steps
            if step.ref.step_type == StepType.START
            or (step.change is not None and step.change.old.step_type == StepType.START)
        ]
        self.rank = union_order(self.steps, starts, edges)
        self.node_ids = {pair: f"n{i}" for i, pair in enumerate(self.rank)}
        self.starts = starts
        missing = sorted(
            {t.source_step_id for t, side in self._ends() if t.source_step_id not in side}
            | {t.target_step_id for t, side in self._ends() if t.target_step_id not in side}
        )
        self.missing_ids = {sid: f"m{i}" for i, sid in enumerate(missing)}

    def _transition_sides(self) -> list[tuple[TransitionRef | None, TransitionRef | None]]:
        d = self.diff
        return [
            *((c.old, c.new) for c in (*d.transitions_unchanged, *d.transitions_changed)),
            *((c.old, c.new) for c in d.transitions_moved),
            *((None, t) for t in d.transitions_added),
            *((t, None) for t in d.transitions_removed),
        ]

    def _ends(self) -> list[tuple[TransitionRef, dict[str, Pair]]]:
        out: list[tuple[TransitionRef, dict[str, Pair]]] = []
        for old, new in self._transition_sides():
            if old is not None:
                out.append((old, self.old_pair))
            if new is not None:
                out.append((new, self.new_pair))
        return out

    # -- nodes and edges ------------------------------------------------------------------

    def _node(self, side: dict[str, Pair], step_id: str) -> str:
        pair = side.get(step_id)
        return self.node_ids[pair] if pair is not None else self.missing_ids[step_id]

    def _node_rank(self, node_id: str) -> tuple[int, str]:
        return (int(node_id[1:]), "") if node_id.startswith("n") else (len(self.rank), node_id)

    def build(self) -> Diagram:
        nodes = [self._step_node(self.steps[pair]) for pair in self.rank]
        nodes += [self._missing_node(sid, node_id) for sid, node_id in self.missing_ids.items()]
        edges = self._edges()
        starts = tuple(
            self.node_ids[p] for p in sorted(set(self.starts), key=self.rank.__getitem__)
        )
        title, title_tooltip = drawn_title(self._title) if self.options.title else (None, None)
        return Diagram(
            title=title,
            rankdir=self.options.rankdir,
            nodes=tuple(nodes),
            edges=tuple(edges),
            start_node_ids=starts,
            legend=diff_legend(nodes, edges) if self.options.legend else (),
            node_ids={
                **{p[0]: n for p, n in self.node_ids.items() if p[0] is not None},
                **{p[1]: n for p, n in self.node_ids.items() if p[1] is not None},
            },
            missing_node_ids=dict(self.missing_ids),
            title_tooltip=title_tooltip,
        )

    def _title(self, quote: Callable[[str], str]) -> str:
        """The title: versions and summary, each user string passed through ``quote``."""
        d = self.diff
        name = d.new.flow_name if d.new.flow_name is not None else d.old.flow_name
        head = f"{quote(name)} · " if name is not None else ""
        versions = f"{quote(d.old.version_id)} → {quote(d.new.version_id)}"
        return f"{head}version {versions}\n{d.summary}"

    def _step_node(self, step: _Step) -> NodeView:
        ref, status = step.ref, step.status
        base = step_style(ref.step_type)
        marker = MARKERS[status]
        lines = [
            f"{marker} {truncate(ref.name, LABEL_LIMIT)}"
            if marker
            else truncate(ref.name, LABEL_LIMIT)
        ]
        if ref.step_type not in STEP_STYLES:
            lines.append(f"[{truncate(ref.step_type, LABEL_LIMIT)}]")
        tip = [
            f"{status}: {ref.name}" if marker else ref.name,
            f"id: {ref.id}",
            f"type: {ref.step_type}",
        ]
        if step.change is not None:
            for field in step.change.changes:
                was = _WAS.get(field.field)
                if was is not None:  # the old value, in the label and the tooltip
                    label_was, tip_was = was
                    lines.append(f"({label_was}: {truncate(str(field.old), LABEL_LIMIT)})")
                    tip.append(f"{tip_was}: {field.old}")
                elif field.field == "prompt_template":
                    lines.append("(prompt edited)")
                    tip.extend(line for text in field.text_diffs for line in text.unified)
                else:
                    lines.append(f"({truncate(field.field, LABEL_LIMIT)} changed)")
                    tip.append(f"{field.field} changed")
        style = base if status == "unchanged" else change_style(base, status)
        return NodeView(
            node_id=self.node_ids[step.pair],
            kind="step",
            step_id=ref.id,
            label="\n".join(lines),
            tooltip=truncate("\n".join(tip), TOOLTIP_LIMIT),
            style=style,
            classes=("step", base.css_class, status),
        )

    @staticmethod
    def _missing_node(step_id: str, node_id: str) -> NodeView:
        return NodeView(
            node_id=node_id,
            kind="missing",
            step_id=step_id,
            label=f"missing step\n{truncate(step_id, LABEL_LIMIT)}",
            tooltip=f"no step has id {step_id}",
            style=MISSING_STEP_STYLE,
            classes=("missing",),
        )

    def _edges(self) -> list[EdgeView]:
        drafts: list[tuple[tuple[object, ...], EdgeView]] = []

        def add(
            t: TransitionRef,
            side: dict[str, Pair],
            status: str,
            label: str,
            tooltip: str,
            *,
            color: str = EDGE_COLOR,
            dashed: bool = False,
            penwidth: float | None = None,
        ) -> None:
            source, target = self._node(side, t.source_step_id), self._node(side, t.target_step_id)
            key = (self._node_rank(source), self._node_rank(target), status, label, t.id)
            view = EdgeView(
                edge_id="",
                source=source,
                target=target,
                transition_id=t.id,
                label=truncate(label, LABEL_LIMIT),
                tooltip=truncate(tooltip, TOOLTIP_LIMIT),
                classes=("transition", status),
                color=color,
                penwidth=penwidth,
                style="dashed" if dashed else None,
            )
            drafts.append((key, view))

        d = self.diff
        for c in d.transitions_unchanged:
            add(c.new, self.new_pair, "unchanged", c.new.label or "", f"transition {c.new.id}")
        ends: tuple[tuple[Status, tuple[TransitionRef, ...], dict[str, Pair]], ...] = (
            ("added", d.transitions_added, self.new_pair),
            ("removed", d.transitions_removed, self.old_pair),
        )
        for status, refs, side in ends:
            for t in refs:
                add(
                    t,
                    side,
                    status,
                    _marked(MARKERS[status], t.label),
                    f"{status}: transition {t.id}",
                    color=CHANGE_COLORS[status],
                    dashed=status == "removed",
                    penwidth=2.0,
                )
        for kind, changes in (("changed", d.transitions_changed), ("moved", d.transitions_moved)):
            for c in changes:
                add(
                    c.new,
                    self.new_pair,
                    kind,
                    _relabel(c) + (" (moved)" if kind == "moved" else ""),
                    _change_tip(c, kind),
                    color=CHANGE_COLORS["changed"],
                    penwidth=2.0,
                )
                if kind == "moved":  # and a ghost edge where it used to go
                    add(
                        c.old,
                        self.old_pair,
                        "moved-from",
                        f"(was: {c.old.label})" if c.old.label else "(was)",
                        f"moved: transition {c.old.id} used to go here",
                        color=GHOST_COLOR,
                        dashed=True,
                    )
        ordered = sorted(drafts, key=lambda draft: draft[0])
        return [_with_id(view, f"e{i}") for i, (_, view) in enumerate(ordered)]


def _marked(marker: str, label: str | None) -> str:
    return f"{marker} {label}" if label else marker


def _relabel(change: TransitionChange) -> str:
    label = _marked("~", change.new.label)
    if change.change("label") is not None:
        label += f" (was: {change.old.label or 'no label'})"
    return label


def _change_tip(change: TransitionChange, kind: str) -> str:
    lines = [f"{kind}: transition {change.new.id}"]
    if change.old.id != change.new.id:
        lines.append(f"was transition {change.old.id}")
    for field in change.changes:
        lines.append(f"{field.field}: {field.old} → {field.new}")
    return "\n".join(lines)


def _with_id(view: EdgeView, edge_id: str) -> EdgeView:
    """``view`` numbered in canonical order; every other field stays."""
    return replace(view, edge_id=edge_id)
