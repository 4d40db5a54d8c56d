"""What changed between two flow versions: a frozen, mirrorable, JSON-ready record.

A :class:`VersionDiff` lists the steps added, removed and changed (field by field, with a
unified text diff of every prompt string that changed), the transitions added, removed,
changed (label or other fields) and moved (a new source or target), the START steps when
they changed, and the validation findings that appeared or disappeared.  It also keeps the
unchanged steps and transitions, so that the merged diagram can draw both versions.  The
records it is made of are in :mod:`~liveflow_graph.diffs.records` (and importable from here).

Every list is in one canonical order that depends neither on the order of the payload's
lists nor on the direction of the comparison, so ``diff(b, a) == diff(a, b).mirror()``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from liveflow_graph._deepjson import dumps
from liveflow_graph._hooks import Hook
from liveflow_graph.diagrams.view import checked_rankdir
from liveflow_graph.diffs.documents import (
    SCHEMA_VERSION,
    CountsDict,
    DiagnosticDict,
    TransitionMatching,
    VersionDiffDict,
)
from liveflow_graph.diffs.records import (
    DiffSide,
    FieldChange,
    StartChange,
    StepChange,
    StepRef,
    TextDiff,
    TransitionChange,
    TransitionRef,
)
from liveflow_graph.escape import one_line
from liveflow_graph.validation.diagnostics import Diagnostic

if TYPE_CHECKING:
    import graphviz

__all__ = [
    "SCHEMA_VERSION",
    "DiffDiagramOptions",
    "DiffSide",
    "FieldChange",
    "StartChange",
    "StepChange",
    "StepRef",
    "TextDiff",
    "TransitionChange",
    "TransitionMatching",
    "TransitionRef",
    "VersionDiff",
]


def _count(number: int, noun: str, verb: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''} {verb}" if noun else f"{number} {verb}"


def _phrase(noun: str, counts: list[tuple[int, str]]) -> str | None:
    parts: list[str] = []
    for number, verb in counts:
        if number:
            parts.append(_count(number, "" if parts else noun, verb))
    return ", ".join(parts) or None


@dataclass(frozen=True)
class DiffDiagramOptions:
    """How to draw a diff: ``rankdir`` (``"TB"``, ``"LR"``, ``"BT"``, ``"RL"``), and
    whether to draw the ``legend`` and the ``title`` (versions and summary)."""

    rankdir: str = "TB"
    legend: bool = True
    title: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "rankdir", checked_rankdir(self.rankdir))


@dataclass(frozen=True, slots=True)
class VersionDiff:
    """What changed from version ``old`` to version ``new`` (see :func:`~liveflow_graph.diffs`).

    Steps are matched by id (or through ``rename_map``, old id -> new id); transitions as
    ``transition_matching`` says.  ``diagnostics_appeared``/``diagnostics_disappeared``
    are the findings of the new/old version that the other does not have (compared by
    code, step ids and transition ids); ``validity_checked`` is ``False`` when the
    validation engine did not run.  All lists are in canonical (flow) order.
    """

    old: DiffSide
    new: DiffSide
    steps_added: tuple[StepRef, ...] = ()
    steps_removed: tuple[StepRef, ...] = ()
    steps_changed: tuple[StepChange, ...] = ()
    transitions_added: tuple[TransitionRef, ...] = ()
    transitions_removed: tuple[TransitionRef, ...] = ()
    transitions_changed: tuple[TransitionChange, ...] = ()
    transitions_moved: tuple[TransitionChange, ...] = ()
    start: StartChange | None = None
    diagnostics_appeared: tuple[Diagnostic, ...] = ()
    diagnostics_disappeared: tuple[Diagnostic, ...] = ()
    validity_checked: bool = True
    transition_matching: TransitionMatching = "id"
    rename_map: tuple[tuple[str, str], ...] = ()
    steps_unchanged: tuple[StepChange, ...] = field(default=(), repr=False)
    transitions_unchanged: tuple[TransitionChange, ...] = field(default=(), repr=False)

    # -- queries ------------------------------------------------------------------------

    @property
    def is_empty(self) -> bool:
        """Whether nothing changed (steps, transitions, START or findings)."""
        return not (
            self.steps_added
            or self.steps_removed
            or self.steps_changed
            or self.transitions_added
            or self.transitions_removed
            or self.transitions_changed
            or self.transitions_moved
            or self.start
            or self.diagnostics_appeared
            or self.diagnostics_disappeared
        )

    @property
    def steps_renamed(self) -> tuple[StepChange, ...]:
        """The changed steps whose name changed."""
        return tuple(c for c in self.steps_changed if c.renamed)

    def counts(self) -> CountsDict:
        """How many of each kind of change (keys as in :meth:`to_dict`'s ``counts``)."""
        return {
            "steps_added": len(self.steps_added),
            "steps_removed": len(self.steps_removed),
            "steps_changed": len(self.steps_changed),
            "steps_renamed": len(self.steps_renamed),
            "steps_unchanged": len(self.steps_unchanged),
            "transitions_added": len(self.transitions_added),
            "transitions_removed": len(self.transitions_removed),
            "transitions_changed": len(self.transitions_changed),
            "transitions_moved": len(self.transitions_moved),
            "transitions_unchanged": len(self.transitions_unchanged),
            "diagnostics_appeared": len(self.diagnostics_appeared),
            "diagnostics_disappeared": len(self.diagnostics_disappeared),
        }

    @property
    def summary(self) -> str:
        """One line: ``"2 steps added, 1 removed, 3 changed; 1 transition moved"``."""
        steps = _phrase(
            "step",
            [
                (len(self.steps_added), "added"),
                (len(self.steps_removed), "removed"),
                (len(self.steps_changed), "changed"),
            ],
        )
        renamed = len(self.steps_renamed)
        if steps and renamed:
            steps += f" ({renamed} renamed)"
        transitions = _phrase(
            "transition",
            [
                (len(self.transitions_added), "added"),
                (len(self.transitions_removed), "removed"),
                (len(self.transitions_changed), "changed"),
                (len(self.transitions_moved), "moved"),
            ],
        )
        new, gone = len(self.diagnostics_appeared), len(self.diagnostics_disappeared)
        findings = _phrase("finding", [(new, "appeared"), (gone, "resolved")])
        parts = [steps, transitions, "START changed" if self.start else None, findings]
        return "; ".join(p for p in parts if p) or "no differences"

    def __str__(self) -> str:
        """One line for a person: the flow, the two versions and :attr:`summary`, e.g.
        ``flow "Support triage": version v1 -> version v3: 3 steps added; 1 transition
        moved`` (``repr`` stays the dataclass's; :meth:`to_text` has the details)."""
        name = self.new.flow_name or self.old.flow_name
        flow = f'flow "{one_line(name)}": ' if name else ""
        old, new = one_line(self.old.version_id, None), one_line(self.new.version_id, None)
        return f"{flow}version {old} -> version {new}: {self.summary}"

    # -- direction ----------------------------------------------------------------------

    def mirror(self) -> VersionDiff:
        """The diff from ``new`` to ``old``: equal to ``diff(new, old)`` with the inverse
        rename map (every other field stays as it is)."""
        return replace(
            self,
            old=self.new,
            new=self.old,
            steps_added=self.steps_removed,
            steps_removed=self.steps_added,
            steps_changed=tuple(c.mirror() for c in self.steps_changed),
            transitions_added=self.transitions_removed,
            transitions_removed=self.transitions_added,
            transitions_changed=tuple(c.mirror() for c in self.transitions_changed),
            transitions_moved=tuple(c.mirror() for c in self.transitions_moved),
            start=self.start.mirror() if self.start else None,
            diagnostics_appeared=self.diagnostics_disappeared,
            diagnostics_disappeared=self.diagnostics_appeared,
            rename_map=tuple(sorted((new, old) for old, new in self.rename_map)),
            steps_unchanged=tuple(c.mirror() for c in self.steps_unchanged),
            transitions_unchanged=tuple(c.mirror() for c in self.transitions_unchanged),
        )

    def reverse(self) -> VersionDiff:
        """Alias of :meth:`mirror`."""
        return self.mirror()

    # -- outputs ------------------------------------------------------------------------

    def to_dict(self) -> VersionDiffDict:
        """The JSON document of this diff (schema version :data:`SCHEMA_VERSION`; its type
        is :class:`~liveflow_graph.diffs.documents.VersionDiffDict`, its JSON Schema
        :data:`liveflow_graph.diffs.schema.JSON_SCHEMA`)."""
        return {
            "schema_version": SCHEMA_VERSION,
            "old": self.old.to_dict(),
            "new": self.new.to_dict(),
            "summary": self.summary,
            "is_empty": self.is_empty,
            "transition_matching": self.transition_matching,
            "rename_map": dict(self.rename_map),
            "counts": self.counts(),
            "steps": {
                "added": [s.to_dict() for s in self.steps_added],
                "removed": [s.to_dict() for s in self.steps_removed],
                "changed": [c.to_dict() for c in self.steps_changed],
            },
            "transitions": {
                "added": [t.to_dict() for t in self.transitions_added],
                "removed": [t.to_dict() for t in self.transitions_removed],
                "changed": [c.to_dict() for c in self.transitions_changed],
                "moved": [c.to_dict() for c in self.transitions_moved],
            },
            "start": self.start.to_dict() if self.start else None,
            "validity": {
                "checked": self.validity_checked,
                "appeared": [_finding(d) for d in self.diagnostics_appeared],
                "disappeared": [_finding(d) for d in self.diagnostics_disappeared],
            },
        }

    def to_json(self) -> str:
        """:meth:`to_dict` as indented JSON text ending with a newline (deterministic)."""
        return dumps(self.to_dict(), indent=True) + "\n"

    def to_text(self, *, color: bool = False) -> str:
        """The ``terraform plan``-style text (see :mod:`liveflow_graph.diffs.render.text`)."""
        return render_text(self, color=color)

    def to_markdown(self) -> str:
        """Markdown for a pull-request comment (see :mod:`liveflow_graph.diffs.render.markdown`)."""
        return render_markdown(self)

    def to_dot(self, options: DiffDiagramOptions | None = None) -> str:
        """DOT source of the merged diagram (see :mod:`liveflow_graph.diffs.render.diagram`)."""
        return render_dot(self, options)

    def to_digraph(self, options: DiffDiagramOptions | None = None) -> graphviz.Digraph:
        """The ``graphviz.Digraph`` of the merged diagram, whose ``source`` is
        :meth:`to_dot` (for ``graphviz``'s ``.render()``, ``.pipe()`` and Jupyter display,
        which need the system Graphviz)."""
        return render_digraph(self, options)

    def to_mermaid(self, options: DiffDiagramOptions | None = None) -> str:
        """Mermaid text of the merged diagram."""
        return render_mermaid(self, options)

    def to_svg(
        self,
        options: DiffDiagramOptions | None = None,
        *,
        backend: str = "auto",
        timeout: float | None = 30.0,
    ) -> str:
        """SVG of the merged diagram (needs a Graphviz backend, see
        :func:`liveflow_graph.render_svg`)."""
        return render_svg(self, options, backend=backend, timeout=timeout)

    def to_html(
        self,
        *,
        title: str | None = None,
        max_layout_steps: int = 300,
        layout_budget: float | None = 60.0,
        backend: str = "auto",
    ) -> str:
        """A self-contained HTML page of this diff: the merged diagram (pan, zoom, click a
        step for what changed in it) and the lists of changes (see
        :mod:`liveflow_graph.htmlreport.page`)."""
        return render_html(
            self,
            title=title,
            max_layout_steps=max_layout_steps,
            layout_budget=layout_budget,
            backend=backend,
        )

    def _repr_mimebundle_(
        self, include: object = None, exclude: object = None
    ) -> dict[str, object]:
        return diff_mimebundle(self)


def _finding(diagnostic: Diagnostic) -> DiagnosticDict:
    """``diagnostic.to_dict()``, whose keys the validation layer writes with ``asdict``
    (a test checks them against :class:`DiagnosticDict`)."""
    return diagnostic.to_dict()


# The renderers (diffs.render, a layer above this module) implement these; see
# liveflow_graph._hooks.
_PROTOTYPE = "a prototype: the hook calls its implementation"


@Hook.implemented_in("liveflow_graph.diffs.render.text")
def render_text(diff: VersionDiff, *, color: bool = False) -> str:
    """The ``terraform plan``-style text (:mod:`liveflow_graph.diffs.render.text`)."""
    raise AssertionError(_PROTOTYPE)


@Hook.implemented_in("liveflow_graph.diffs.render.markdown")
def render_markdown(diff: VersionDiff, *, diagram: bool = True) -> str:
    """Markdown for a pull-request comment (:mod:`liveflow_graph.diffs.render.markdown`)."""
    raise AssertionError(_PROTOTYPE)


@Hook.implemented_in("liveflow_graph.diffs.render.diagram")
def render_dot(diff: VersionDiff, options: DiffDiagramOptions | None = None) -> str:
    """DOT source of the merged diagram (:mod:`liveflow_graph.diffs.render.diagram`)."""
    raise AssertionError(_PROTOTYPE)


@Hook.implemented_in("liveflow_graph.diffs.render.diagram")
def render_digraph(
    diff: VersionDiff, options: DiffDiagramOptions | None = None
) -> graphviz.Digraph:
    """The ``graphviz.Digraph`` of the merged diagram
    (:mod:`liveflow_graph.diffs.render.diagram`)."""
    raise AssertionError(_PROTOTYPE)


@Hook.implemented_in("liveflow_graph.diffs.render.diagram")
def render_mermaid(diff: VersionDiff, options: DiffDiagramOptions | None = None) -> str:
    """Mermaid text of the merged diagram (:mod:`liveflow_graph.diffs.render.diagram`)."""
    raise AssertionError(_PROTOTYPE)


@Hook.implemented_in("liveflow_graph.diffs.render.diagram")
def render_svg(
    diff: VersionDiff,
    options: DiffDiagramOptions | None = None,
    *,
    backend: str = "auto",
    timeout: float | None = 30.0,
) -> str:
    """SVG of the merged diagram (:mod:`liveflow_graph.diffs.render.diagram`)."""
    raise AssertionError(_PROTOTYPE)


@Hook.implemented_in("liveflow_graph.diffs.render.diagram")
def diff_mimebundle(diff: VersionDiff) -> dict[str, object]:
    """What Jupyter shows for a diff (:mod:`liveflow_graph.diffs.render.diagram`)."""
    raise AssertionError(_PROTOTYPE)


@Hook.implemented_in("liveflow_graph.htmlreport.page")
def render_html(
    diff: VersionDiff,
    *,
    title: str | None = None,
    max_layout_steps: int = 300,
    layout_budget: float | None = 60.0,
    backend: str = "auto",
) -> str:
    """The HTML page of a diff (:mod:`liveflow_graph.htmlreport.page`)."""
    raise AssertionError(_PROTOTYPE)
