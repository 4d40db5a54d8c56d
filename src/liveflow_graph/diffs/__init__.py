"""Version diffs: what changed between two versions of a flow.

:func:`diff` compares two versions and returns a :class:`VersionDiff` (data, mirrorable,
JSON-ready) that renders as text (:mod:`~liveflow_graph.diffs.render.text`), Markdown
(:mod:`~liveflow_graph.diffs.render.markdown`), JSON (:meth:`VersionDiff.to_json`) and a merged
diagram (:mod:`~liveflow_graph.diffs.render.diagram`: DOT, Mermaid, SVG).
"""

from liveflow_graph.diffs.compute import Diffable, diff
from liveflow_graph.diffs.model import (
    SCHEMA_VERSION,
    DiffSide,
    FieldChange,
    StartChange,
    StepChange,
    StepRef,
    TextDiff,
    TransitionChange,
    TransitionRef,
    VersionDiff,
)

__all__ = [
    "SCHEMA_VERSION",
    "DiffSide",
    "Diffable",
    "FieldChange",
    "StartChange",
    "StepChange",
    "StepRef",
    "TextDiff",
    "TransitionChange",
    "TransitionRef",
    "VersionDiff",
    "diff",
]
