"""Text, Markdown, JSON, DOT and Mermaid of a diff: golden files and escaping (the JSON
Schema: test_schema.py)."""

from __future__ import annotations

import re

import graphviz
import pytest

from liveflow_graph import VersionDiff, diff
from liveflow_graph.diffs.model import DiffDiagramOptions
from liveflow_graph.diffs.render.diagram import build_diff_diagram
from liveflow_graph.diffs.render.markdown import code_span, md_text
from liveflow_graph.errors import ConfigError
from tests.diffs.helpers import (
    BASE_EDGES,
    BASE_STEPS,
    V1,
    V2,
    V3,
    base,
    example_refs,
)
from tests.golden_files import assert_golden

PAIRS = {"v1-v2": (V1, V2), "v2-v3": (V2, V3), "v1-v3": (V1, V3)}


@pytest.fixture(scope="module")
def diffs() -> dict[str, VersionDiff]:
    refs = example_refs()
    return {name: diff(refs[a], refs[b]) for name, (a, b) in PAIRS.items()}


@pytest.mark.parametrize("pair", sorted(PAIRS))
def test_text_golden(diffs: dict[str, VersionDiff], pair: str) -> None:
    assert_golden("diffs", f"support-triage-{pair}.txt", diffs[pair].to_text())


@pytest.mark.parametrize("pair", sorted(PAIRS))
def test_markdown_golden(diffs: dict[str, VersionDiff], pair: str) -> None:
    assert_golden("diffs", f"support-triage-{pair}.md", diffs[pair].to_markdown())


def test_json_golden(diffs: dict[str, VersionDiff]) -> None:
    assert_golden("diffs", "support-triage-v2-v3.json", diffs["v2-v3"].to_json())


@pytest.mark.parametrize("pair", ["v1-v3", "v2-v3"])
def test_dot_and_mermaid_golden(diffs: dict[str, VersionDiff], pair: str) -> None:
    assert_golden("diffs", f"support-triage-{pair}.dot", diffs[pair].to_dot())
    assert_golden("diffs", f"support-triage-{pair}.mmd", diffs[pair].to_mermaid())


def test_empty_diff_outputs() -> None:
    result = diff(base(), base())
    assert result.to_text() == "Diff of version v -> version v\n\nNo differences.\n"
    assert "**no differences**" in result.to_markdown()
    assert result.to_dict()["is_empty"] is True


def test_every_output_is_deterministic(diffs: dict[str, VersionDiff]) -> None:
    refs = example_refs()
    again = diff(refs[V1], refs[V3])
    for render in ("to_text", "to_markdown", "to_json", "to_dot", "to_mermaid"):
        assert getattr(again, render)() == getattr(diffs["v1-v3"], render)()


def test_colour_only_when_asked(diffs: dict[str, VersionDiff]) -> None:
    plain = diffs["v2-v3"].to_text()
    coloured = diffs["v2-v3"].to_text(color=True)
    assert "\x1b[" not in plain
    assert "\x1b[32m  + step" not in coloured
    assert "\x1b[32m+ step review_reply" in coloured
    assert "\x1b[31m- transition lookup_account" in coloured
    assert re.sub(r"\x1b\[\d+m", "", coloured) == plain


def test_diagram_marks_every_change(diffs: dict[str, VersionDiff]) -> None:
    built = build_diff_diagram(diffs["v2-v3"])
    by_class = {
        status: sorted(n.label.splitlines()[0] for n in built.nodes if status in n.classes)
        for status in ("added", "removed", "changed")
    }
    assert by_class == {
        "added": ["+ review_reply"],
        "removed": [],
        "changed": ["~ draft_reply", "~ send_reply"],
    }
    edges = {e.classes[1]: [] for e in built.edges}
    for edge in built.edges:
        edges[edge.classes[1]].append((edge.label, edge.style))
    assert edges["removed"] == [("- next", "dashed"), ("- next", "dashed")]
    assert edges["moved"] == [("~ next (moved)", None)]
    assert edges["moved-from"] == [("(was: next)", "dashed")]
    assert [entry.key for entry in built.legend][-4:] == [
        "diff-added",
        "diff-removed",
        "diff-changed",
        "diff-moved",
    ]


def test_diagram_options() -> None:
    result = diff(base(), base(steps=[*BASE_STEPS, ("c", "gamma", "LLM")]))
    dot = result.to_dot(DiffDiagramOptions(rankdir="lr", legend=False, title=False))
    assert "rankdir=LR" in dot
    assert "cluster_legend" not in dot
    assert "label=" not in dot.splitlines()[1]
    with pytest.raises(ConfigError, match="unknown rankdir"):
        DiffDiagramOptions(rankdir="XY")


HOSTILE = 'a"b\\N <script>&amp; `x` | @octo\n**bold** [l](javascript:x) \x1b[31mred\u202e'


@pytest.fixture
def hostile() -> VersionDiff:
    steps = [BASE_STEPS[0], ("a", HOSTILE, "LLM", f"{HOSTILE}\n```\nend"), BASE_STEPS[2]]
    edges = [BASE_EDGES[0], ("t2", "a", "b", HOSTILE)]
    new = base(
        steps=[*steps, ("c\n:x", HOSTILE, "WEIRD`type")], edges=[*edges, ("t3", "b", "zz", "x")]
    )
    return diff(base(), new)


def test_hostile_text_is_cleaned(hostile: VersionDiff) -> None:
    text = hostile.to_text()
    assert "\x1b" not in text
    assert "\u202e" not in text
    assert 'name: "alpha" -> "a\\"b\\N <script>&amp; `x` | @octo **bold**' in text
    assert "  + step a" in text  # the newline in the name did not start a new line
    assert "\n**bold**" not in text.split("prompt_template")[0]


def outside_code(md: str) -> str:
    """The Markdown without fenced blocks and code spans (whose text is shown literally)."""
    md = re.sub(r"^(`{3,})[a-z]*\n.*?^\1$", "", md, flags=re.S | re.M)
    return re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", md)


def test_hostile_markdown_is_escaped(hostile: VersionDiff) -> None:
    md = hostile.to_markdown()
    prose = outside_code(md)
    assert "<script>" not in prose
    assert "&lt;script&gt;" in prose
    assert "@octo" not in prose  # a zero-width space keeps it from mentioning anyone
    assert "@\u200bocto" in prose
    assert "\\*\\*bold\\*\\*" in md
    assert "\x1b" not in md
    # the prompt's ``` cannot close the fence it is shown in
    assert "\n````diff\n" in md
    for line in md.splitlines():
        if line.startswith("| `"):
            assert len(re.findall(r"(?<!\\)\|", re.sub(r"`[^`]*`", "", line))) == 5, line


def test_markdown_helpers() -> None:
    assert md_text("a|b_c") == "a\\|b\\_c"
    assert md_text("<b>&") == "&lt;b&gt;&amp;"
    assert code_span("x`y") == "``x`y``"
    assert code_span("`") == "`` ` ``"
    assert code_span("a|b") == "`a\\|b`"


def test_hostile_dot_and_mermaid_stay_valid(hostile: VersionDiff) -> None:
    dot = hostile.to_dot()
    assert "<script>" in dot  # quoted DOT text, not HTML
    assert "&amp;amp;" in dot
    assert "\\\\N" in dot
    graphviz.Source(dot)  # builds; the SVG test renders it
    mermaid = hostile.to_mermaid()
    assert "<script>" not in mermaid
    assert "+ a#quot;b#92;N #lt;script#gt;#amp;amp#59; #96;x#96; #124; @octo" in mermaid
    node_lines = [line for line in mermaid.splitlines() if line.strip().startswith("n")]
    assert all(
        '"' not in line.split('"', 1)[1].rsplit('"', 1)[0] for line in node_lines if '"' in line
    )
    # the dangling target is a generated missing-step node
    assert 'm0{{"missing step<br/>zz"}}' in mermaid
