"""The model layer: what a TrueState document *is*, with no graph, rule or renderer in sight.

- :mod:`~liveflow_graph.model.models`: pydantic v2 models of the API documents;
- :mod:`~liveflow_graph.model.payload`: :class:`Payload` (a parsed document) and
  :class:`VersionRef` (a version, where it is, who ran on it);
- :mod:`~liveflow_graph.model.parsing`: ``load``/``loads``: decoding, shape detection and
  error translation;
- :mod:`~liveflow_graph.model.references`: ``${name.result}`` / ``${INPUTS…}`` references in
  prompt templates;
- :mod:`~liveflow_graph.model.jsonpath`: JSON paths as data, rendered to ``$.a.b[3]`` text.

Every other layer builds on this one; it imports none of them (``import-linter`` checks it).
"""
