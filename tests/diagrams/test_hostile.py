"""Hostile names, labels, prompts and ids: DOT, SVG and Mermaid stay literal and safe."""

from __future__ import annotations

import re
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liveflow_graph import DiagramOptions, LiveFlow, render_svg, to_dot, to_mermaid
from liveflow_graph.diagrams.build import build_diagram
from liveflow_graph.diagrams.dot import legend_label
from liveflow_graph.diagrams.style import (
    DEFAULT_STEP_STYLE,
    MISSING_STEP_STYLE,
    STEP_STYLES,
    UNREACHABLE_STYLE,
)
from liveflow_graph.graph.flowgraph import FlowGraph
from liveflow_graph.validation.diagnostics import Diagnostic, Severity
from tests.diagrams.helpers import make_version, parse_svg, svg_ids, svg_texts

HOSTILE = [
    "plain",
    'say "hi"',
    "back\\slash",
    "\\N \\G \\l \\E \\T \\H \\L \\n",
    "ends with backslash\\",
    "two\nlines",
    "cr\r\nlf",
    "{braces} [brackets] (parens)",
    "a -> b",
    "a:b",
    "a:b:c",
    "<b>bold</b>",
    "<script>alert(1)</script>",
    "<<html label>>",
    "]]>",
    "a & b &amp; &lt; &#0; &#x110000; &nbsp; &foo;",
    "end",
    "a --> b",
    "%% comment",
    "%%{init: {'theme': 'dark'}}%%",
    "click s0 call alert()",
    "x; y | z # w `tick`",
    "node",
    "digraph",
    "Ünïcødé ✓ 漢字 🙂 \u202eRTL",
    "\x00\x07control\x1b[31m",
    "onload=alert(1)",
    '" onmouseover="alert(1)',
    "",
    " ",
]
STEP_TYPES = ["START", "LLM", "USER_INPUT", "<script>", "a:b", 'x"y']
HAS_DOT = shutil.which("dot") is not None
STYLE_WORDS = {
    style.legend
    for style in (*STEP_STYLES.values(), DEFAULT_STEP_STYLE, MISSING_STEP_STYLE, UNREACHABLE_STYLE)
} | {f"{severity.value} finding" for severity in Severity}


def hostile_flow() -> LiveFlow:
    steps = [("start:0", "start", "START")]
    edges: list[tuple[str, str, str, str | None]] = []
    for number, text in enumerate(HOSTILE, start=1):
        sid = f"{text}#{number}"  # hostile ids too (unique)
        steps.append((sid, text, STEP_TYPES[number % len(STEP_TYPES)] if number % 7 else "LLM"))
        edges.append((f"{text}->t{number}", steps[number - 1][0], sid, text))
    edges.append(("dangling:" + HOSTILE[10], steps[3][0], '<missing & "id">', HOSTILE[11]))
    version = make_version(steps, edges, prompt="\n".join(HOSTILE), version_id="v<1>")
    return LiveFlow.model_validate(
        {
            "id": 'f"1',
            "name": "<script>alert('flow')</script> & \\N",
            "current_version": version.model_dump(mode="json"),
        }
    )


def findings_for(flow: LiveFlow) -> list[Diagnostic]:
    version = flow.current_version
    return [
        Diagnostic("LF1", "<rule>", Severity.ERROR, text, "$", (step.id,), version_id=version.id)
        for text, step in zip(HOSTILE, version.steps[1:], strict=True)
    ] + [Diagnostic("LF2", "x", Severity.WARNING, "<script>flow</script>", "$")]


OPTION_SETS = [
    DiagramOptions(),
    DiagramOptions(rankdir="LR", findings=findings_for(hostile_flow())),
    DiagramOptions(focus="a:b", radius=2),
]


@pytest.mark.parametrize("options", OPTION_SETS)
@pytest.mark.parametrize(
    "backend",
    [
        "wasm",
        pytest.param(
            "dot",
            marks=pytest.mark.skipif(
                not HAS_DOT, reason="no Graphviz `dot` on PATH (CI installs Debian's graphviz)"
            ),
        ),
    ],
)
def test_svg_of_hostile_flow_is_safe_and_literal(options: DiagramOptions, backend: str) -> None:
    flow = hostile_flow()
    graph = FlowGraph.of(flow)
    diagram = build_diagram(graph, options)
    svg = render_svg(to_dot(flow, options), backend=backend)
    root = parse_svg(svg)  # XML, and only Graphviz's own elements and attributes
    assert "<script" not in svg  # user text appears only escaped (&lt;script&gt;)
    assert not any(el.tag.endswith("script") for el in root.iter())
    ids = svg_ids(root)
    for node in diagram.nodes:
        assert node.node_id in ids, node
    for edge in diagram.edges:
        assert edge.edge_id in ids, edge
    texts = svg_texts(root)
    # names without line breaks render literally, as one text line each
    for name in ("<script>alert(1)</script>", "\\N \\G \\l \\E \\T \\H \\L \\n", "a -> b",
                 "a & b &amp; &lt; &#0; &#x110000; &nbsp; &foo;", "]]>"):  # fmt: skip
        shown = [node.step_id for node in diagram.nodes if node.kind == "step"]
        if any(graph.steps[sid].name == name for sid in shown):
            assert name in texts, name


def test_dot_has_no_unquoted_user_text() -> None:
    flow = hostile_flow()
    source = to_dot(flow, OPTION_SETS[1])
    # every statement line: an id we generated, then only quoted or plain attribute values
    statement = re.compile(
        r"^\t+(?:[a-z][a-z0-9_]*(?: -> [a-z][a-z0-9_]*)?|graph|node|edge) \[(?:[a-z]+="
        r'(?:"(?:[^"\\\n]|\\.)*"|[A-Za-z0-9_.#-]+) ?)+\]$'
    )
    # the legend's HTML-like table holds only our own words (the legend of the styles drawn)
    legend = build_diagram(FlowGraph.of(flow), OPTION_SETS[1]).legend
    legend_line = f"\t\tlegend [label=<{legend_label(legend)}> "
    assert all(entry.text in STYLE_WORDS for entry in legend)
    for line in source.splitlines():
        stripped = line.strip()
        if stripped in {"}", "rank=source", "rank=sink"} or stripped.startswith(
            ("digraph liveflow", "subgraph ")
        ):
            continue
        if re.fullmatch(r"s\d+", stripped):
            continue  # START in the rank subgraph
        if line.startswith("\t\tlegend ["):
            assert line.startswith(legend_line), line
            continue
        assert statement.match(line), line


def test_mermaid_has_no_raw_user_special_characters() -> None:
    flow = hostile_flow()
    text = to_mermaid(flow, OPTION_SETS[1])
    label = r'"[^"\[\]{}|<>()%;#`\n]*"'
    shapes = (r"(\(\[|\(|\[/|\[|\{\{)", r"(\]\)|\)|/\]|\]|\}\})")
    allowed = [
        re.compile(rf"^    [a-z][a-z0-9_]*{shapes[0]}{label}{shapes[1]}$"),
        re.compile(
            r'^    [a-z][a-z0-9_]* (-->|-\.->)(\|"[^"\[\]{}|<>()%;#`]*"\|)? [a-z][a-z0-9_]*$'
        ),
        re.compile(r"^    classDef [a-z_]+ [a-z:#0-9,.\- ]+$"),
        re.compile(r"^    class [a-z0-9_,]+ [a-z_]+$"),
        re.compile(r"^    linkStyle \d+ [a-z:#0-9,.\-]+$"),
        re.compile(r'^    subgraph legend \["Legend"\]$|^        direction TB$|^    end$'),
        re.compile(r"^    %% [\w .,:()/·-]*$"),
        re.compile(
            r'^        legend\d+(\(\[|\(|\[/|\[|\{\{)"[^"\[\]{}|<>()%;#`]*"(\]\)|\)|/\]|\]|\}\})$'
        ),
    ]
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    for line in lines[1:]:
        # <br/> is the one piece of markup we emit, for line breaks
        # entity codes (#quot; #35; ...) are how special characters are written
        plain = re.sub(r"#(?:[a-z]+|\d+);", "", line.replace("<br/>", " "))
        assert any(pattern.match(plain) for pattern in allowed), line
    assert "%%{" not in text
    assert "<script" not in text


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    names=st.lists(st.text(max_size=25), min_size=2, max_size=4),
    label=st.text(max_size=25),
)
def test_any_text_renders(names: list[str], label: str) -> None:
    steps = [(f"id{i}:{name}", name, "START" if i == 0 else name) for i, name in enumerate(names)]
    edges: list[tuple[str, str, str, str | None]] = [
        (f"t{i}", steps[i][0], steps[i + 1][0], label) for i in range(len(steps) - 1)
    ]
    version = make_version(steps, edges, prompt=label)
    root = parse_svg(render_svg(to_dot(version)))
    ids = svg_ids(root)
    assert {f"s{i}" for i in range(len(names))} <= set(ids)
