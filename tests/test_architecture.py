"""The import graph of the package has no cycle at all, type-checking imports included.

The layer contracts (``[tool.importlinter]`` in pyproject.toml, run by ``make test``) keep
dependencies pointing down between and inside the layers; this test also covers what those
contracts cannot see, such as a module importing its own package's ``__init__``.
"""

from __future__ import annotations

import grimp
import networkx as nx


def test_the_module_import_graph_is_acyclic() -> None:
    imports = grimp.build_graph("liveflow_graph", cache_dir=None)
    graph: nx.DiGraph[str] = nx.DiGraph()
    for module in imports.modules:
        graph.add_node(module)
        graph.add_edges_from(
            (module, imported) for imported in imports.find_modules_directly_imported_by(module)
        )
    cycle = next(iter(nx.simple_cycles(graph)), None)
    assert cycle is None, " -> ".join([*cycle, cycle[0]])
