"""The validation layer: named rules over a flow graph, and the findings they produce.

- :mod:`~liveflow_graph.validation.diagnostics`: the :class:`Diagnostic` record and
  :class:`Severity`;
- :mod:`~liveflow_graph.validation.rules`: one module per rule, and the registry;
- :mod:`~liveflow_graph.validation.config`: which rules run, at which severity;
- :mod:`~liveflow_graph.validation.engine`: ``validate`` / ``iter_diagnostics`` / ``is_valid``;
- :mod:`~liveflow_graph.validation.report`: :class:`Report`, the findings of one run;
- :mod:`~liveflow_graph.validation.emitters`: the report as text, JSON and SARIF;
- :mod:`~liveflow_graph.validation.docs`: ``docs/rules.md`` generated from the rule docstrings.
"""
