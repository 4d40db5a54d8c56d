"""The sessions layer: what ran on a flow, counted and tabulated.

- :mod:`~liveflow_graph.sessions.analytics`: per-step activity and failure groups;
- :mod:`~liveflow_graph.sessions.traces`: the path one session took (order, transitions);
- :mod:`~liveflow_graph.sessions.coverage`: which steps and transitions sessions exercised;
- :mod:`~liveflow_graph.sessions.summary`: what a document holds (the ``summary`` command);
- :mod:`~liveflow_graph.sessions.frames`: pandas exports (the optional ``pandas`` extra).
"""
