"""The renderers of a :class:`~liveflow_graph.diffs.model.VersionDiff`: text, Markdown and a
merged diagram (DOT, Mermaid, SVG).  Each registers itself on the hook the diff model
declares, so ``VersionDiff.to_text()`` and friends work without the model importing them.
"""

from liveflow_graph.diffs.render import diagram, markdown, text

__all__ = ["diagram", "markdown", "text"]
