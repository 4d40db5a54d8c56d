"""Imports on demand: the package and each command load only what they use (issue 16)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import EXAMPLES, ROOT

HEAVY = ("networkx", "graphviz", "httpx", "wasmtime", "pandas", "rich", "resvg_py", "playwright")


def _loaded(code: str) -> set[str]:
    """The top-level packages a fresh interpreter has loaded after running ``code``."""
    script = (
        f"{code}\nimport sys, json\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


@pytest.mark.slow  # subprocesses
def test_importing_the_package_loads_nothing_heavy() -> None:
    loaded = _loaded("import liveflow_graph")
    assert not loaded & {*HEAVY, "pydantic", "typer"}


@pytest.mark.slow  # subprocesses
def test_validate_loads_neither_networkx_nor_renderers_nor_the_client() -> None:
    loaded = _loaded(
        "import sys\nfrom liveflow_graph.cli import main\n"
        f"code = main(['validate', {str(EXAMPLES / 'support-triage.json')!r}])\n"
        "assert code == 1, code"
    )
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


@pytest.mark.slow  # subprocesses
def test_library_validation_and_its_text_need_no_networkx() -> None:
    loaded = _loaded(
        "from liveflow_graph import load, validate\n"
        f"report = validate(load({str(EXAMPLES / 'support-triage.json')!r}))\n"
        "assert 'LF104' in report.to_text()"  # the hook imports its emitter on first call
    )
    assert "networkx" not in loaded
    assert "pydantic" in loaded


@pytest.mark.slow  # subprocesses
def test_the_graph_is_still_a_networkx_graph_when_asked_for() -> None:
    loaded = _loaded(
        "from liveflow_graph import FlowGraph, load\n"
        f"graph = FlowGraph.of(load({str(EXAMPLES / 'support-triage.json')!r}))\n"
        "import networkx as nx\n"
        "assert isinstance(graph.graph, nx.MultiDiGraph)\n"
        "assert graph.graph.number_of_nodes() == len(graph.steps)\n"
        "assert graph.adjacency is graph.graph._succ"
    )
    assert "networkx" in loaded


def test_every_public_name_resolves() -> None:
    import liveflow_graph

    for name in liveflow_graph.__all__:
        assert getattr(liveflow_graph, name) is not None, name
    assert set(liveflow_graph.__all__) <= set(dir(liveflow_graph))
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        liveflow_graph.nope  # noqa: B018
