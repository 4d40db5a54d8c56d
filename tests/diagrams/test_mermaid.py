"""Mermaid output: golden files, styling classes, size warnings."""

from __future__ import annotations

import pytest

from liveflow_graph import DiagramOptions, MermaidSizeWarning, load, to_mermaid
from liveflow_graph.diagrams.mermaid import MERMAID_MAX_EDGES, mermaid_label
from tests.conftest import DATA, EXAMPLES
from tests.diagrams.helpers import chain_version
from tests.golden_files import assert_golden

EXAMPLE = EXAMPLES / "support-triage.json"


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("support-triage.mmd", None),
        ("support-triage-sessions.mmd", DiagramOptions(sessions=True, rankdir="LR")),
        ("support-triage-focus.mmd", DiagramOptions(focus="draft_reply")),
    ],
)
def test_example_golden(name: str, options: DiagramOptions | None) -> None:
    assert_golden("diagrams", name, to_mermaid(load(EXAMPLE).flows[0], options))


def test_dangling_golden() -> None:
    assert_golden(
        "diagrams", "dangling_flow.mmd", to_mermaid(load(DATA / "dangling_flow.json").items[0])
    )


def test_structure_of_the_example() -> None:
    text = to_mermaid(load(EXAMPLE).flows[0])
    lines = text.splitlines()
    assert lines[0] == "flowchart TB"
    assert '    s0(["start"])' in lines
    assert '    s0 -->|"next"| s1' in lines
    assert "    class s7 llm_unreachable" in lines
    assert text.endswith("\n")


def test_label_escaping() -> None:
    assert mermaid_label('a "b" [c] {d} |e| <f> %% g; #h & i\nj') == (
        '"a #quot;b#quot; #91;c#93; #123;d#125; #124;e#124; #lt;f#gt; #37;#37; g#59; '
        '#35;h #amp; i<br/>j"'
    )


def test_warns_above_mermaids_edge_limit() -> None:
    version = chain_version(MERMAID_MAX_EDGES + 2)
    with pytest.warns(MermaidSizeWarning, match="edges"):
        to_mermaid(version)


def test_no_warning_at_the_limit() -> None:
    to_mermaid(chain_version(MERMAID_MAX_EDGES + 1))  # 500 edges: warnings are errors here
