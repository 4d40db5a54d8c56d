"""``python -m liveflow_graph``: the same CLI as ``liveflow-graph``."""

from liveflow_graph.cli import run

run()
