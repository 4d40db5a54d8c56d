"""DOT output: golden files, canonical order, generated ids, overlays and options."""

from __future__ import annotations

import random

import graphviz
import pytest

from liveflow_graph import (
    ConfigError,
    DiagramOptions,
    FlowGraph,
    FlowVersion,
    LiveFlow,
    PayloadError,
    diff,
    load,
    to_digraph,
    to_dot,
    to_mermaid,
    validate,
)
from liveflow_graph.diagrams.dot import add_step_node, add_transition_edge, dot_text, new_digraph
from liveflow_graph.diagrams.style import SESSION_COLORS, SEVERITY_COLORS, STEP_STYLES, step_style
from liveflow_graph.validation.diagnostics import Diagnostic, Severity
from tests.conftest import DATA, EXAMPLES
from tests.diagrams.helpers import make_version
from tests.golden_files import assert_golden

EXAMPLE = EXAMPLES / "support-triage.json"
LEGACY = "5e000000-0000-4000-8000-000000000008"  # the unreachable step of the example
DRAFT = "5e000000-0000-4000-8000-000000000005"


def example_flow() -> LiveFlow:
    return load(EXAMPLE).flows[0]


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("support-triage.dot", None),
        ("support-triage-lr.dot", DiagramOptions(rankdir="LR", legend=False)),
        ("support-triage-sessions.dot", DiagramOptions(sessions=True)),
        ("support-triage-focus.dot", DiagramOptions(focus="draft_reply", radius=1)),
    ],
)
def test_example_golden(name: str, options: DiagramOptions | None) -> None:
    assert_golden("diagrams", name, to_dot(example_flow(), options))


def test_session_overlay_golden() -> None:
    flow = example_flow()
    failed = next(s for s in flow.sessions if s.status == "FAILED")
    assert_golden(
        "diagrams",
        "support-triage-failed-session.dot",
        to_dot(failed, DiagramOptions(session=failed)),
    )


@pytest.mark.parametrize(
    "data", ["linear_flow", "merge_flow", "dangling_flow", "forward_compat_flow"]
)
def test_data_golden(data: str) -> None:
    assert_golden("diagrams", f"{data}.dot", to_dot(load(DATA / f"{data}.json").items[0]))


def test_same_flow_gives_identical_dot_whatever_the_list_order() -> None:
    version = example_flow().current_version
    expected = to_dot(version)
    rng = random.Random(4)
    for _ in range(5):
        steps, transitions = list(version.steps), list(version.step_transitions)
        rng.shuffle(steps)
        rng.shuffle(transitions)
        shuffled = version.model_copy(update={"steps": steps, "step_transitions": transitions})
        assert to_dot(shuffled) == expected


def test_node_ids_are_generated_in_bfs_order() -> None:
    version = make_version(
        [("a:b", "x", "START"), ("c->d", "y", "LLM"), ("node", "z", "LLM")],
        [("t1", "a:b", "node", "n"), ("t2", "a:b", "c->d", "n")],
    )
    graph = FlowGraph.of(version)
    source = to_dot(version)
    for number, _sid in enumerate(graph.bfs_order):
        assert f"\ts{number} [" in source
        assert f"id=s{number} " in source
    # user ids appear only inside quoted tooltips, never as DOT ids
    assert '"a:b"' not in source.split("tooltip")[0]
    assert "\ts0 -> s1 [" in source  # a:b -> c->d (sorted before 'node')


def test_start_is_ranked_first_and_drawn_distinctly() -> None:
    source = to_dot(example_flow())
    assert "subgraph start_rank {\n\t\trank=source\n\t\ts0\n\t}" in source
    start = STEP_STYLES["START"]
    assert f'fillcolor="{start.fillcolor}"' in source.split("\n\ts0 ")[1].split("\n")[0]


def test_unreachable_steps_are_marked() -> None:
    source = to_dot(example_flow())
    line = next(line for line in source.splitlines() if "legacy_escalation" in line)
    assert "unreachable" in line
    assert "dashed" in line
    assert 'label="legacy_escalation\\n(unreachable)"' in line


def test_dangling_transitions_lead_to_a_missing_step_placeholder() -> None:
    version = make_version(
        [("s", "start", "START"), ("a", "a", "LLM")],
        [("t1", "s", "a", "next"), ("t2", "a", "ghost", "next"), ("t3", "nowhere", "a", None)],
    )
    source = to_dot(version)
    assert 'm0 [label="missing step\\nghost"' in source
    assert 'm1 [label="missing step\\nnowhere"' in source
    assert 's1 -> m0 [label=next class="transition dangling"' in source
    assert "m1 -> s1 [" in source
    assert "legend-missing" in source


def test_unknown_step_type_gets_the_default_style_and_its_name() -> None:
    version = make_version(
        [("s", "start", "START"), ("x", "tool", "WEBHOOK_CALL")], [("t", "s", "x", "go")]
    )
    source = to_dot(version)
    default = step_style("WEBHOOK_CALL")
    line = next(line for line in source.splitlines() if line.startswith("\ts1 "))
    assert 'label="tool\\n[WEBHOOK_CALL]"' in line
    assert f'class="step {default.css_class}"' in line
    assert f'fillcolor="{default.fillcolor}"' in line


def test_findings_colour_nodes_and_edges_and_list_the_rest() -> None:
    flow = example_flow()
    version_id = flow.current_version.id
    findings = [
        Diagnostic(
            "LF101", "unreachable-step", Severity.WARNING, "no path from START", "$", (LEGACY,)
        ),
        Diagnostic(
            "LF201",
            "bad-ref",
            Severity.ERROR,
            "refers to ${x}",
            "$",
            (LEGACY,),
            version_id=version_id,
        ),
        Diagnostic(
            "LF300",
            "some-edge",
            Severity.INFO,
            "edge note",
            "$",
            (),
            ("7a000000-0000-4000-8000-000000000004",),
        ),
        Diagnostic("LF001", "flow-level", Severity.INFO, "whole flow <b>", "$"),
        Diagnostic(
            "LF999", "other-version", Severity.ERROR, "ignored", "$", (DRAFT,), version_id="other"
        ),
    ]
    source = to_dot(flow, DiagramOptions(findings=findings))
    legacy = next(line for line in source.splitlines() if "legacy_escalation" in line)
    assert f'color="{SEVERITY_COLORS[Severity.ERROR]}"' in legacy
    assert "finding-error" in legacy
    assert 'label="legacy_escalation\\n(unreachable)\\nLF101 LF201"' in legacy
    assert "xlabel" not in source  # the codes are inside the node, clear of its border
    assert "LF201 bad-ref (error): refers to ${x}" in legacy
    edge = next(
        line for line in source.splitlines() if "7a000000-0000-4000-8000-000000000004" in line
    )
    assert f'color="{SEVERITY_COLORS[Severity.INFO]}"' in edge
    assert (
        'notes [label="findings not tied to a step:\\nLF001 flow-level (info): whole flow <b>"'
        in source
    )
    assert "LF999" not in source
    assert "legend-finding-error" in source
    assert "legend-finding-info" in source


def test_session_overlay_marks_path_current_and_failed_steps() -> None:
    flow = example_flow()
    running = next(s for s in flow.sessions if s.status == "RUNNING")
    source = to_dot(flow, DiagramOptions(session=running.id))
    send = next(line for line in source.splitlines() if line.startswith("\ts6 "))
    assert "session-current" in send
    assert SESSION_COLORS["current"] in send
    assert 'label="send_reply\\n#7, current (RUNNING)"' in send
    visited = [line for line in source.splitlines() if "session-path" in line]
    assert len(visited) == 4


def test_session_of_another_version_is_refused() -> None:
    flow = example_flow()
    old = next(
        s for s in flow.sessions if s.flow_version and s.flow_version.id != flow.current_version.id
    )
    with pytest.raises(ConfigError, match="ran on version"):
        to_dot(flow, DiagramOptions(session=old))
    with pytest.raises(ConfigError, match="no session 'nope'"):
        to_dot(flow, DiagramOptions(session="nope"))


def test_all_sessions_overlay_counts() -> None:
    source = to_dot(example_flow(), DiagramOptions(sessions=True))
    send = next(line for line in source.splitlines() if line.startswith("\ts6 "))
    assert 'label="send_reply\\nreached 1, at 1"' in send
    assert "2 sessions" in source


def test_focus_draws_a_neighbourhood_with_stubs() -> None:
    source = to_dot(example_flow(), DiagramOptions(focus=DRAFT, radius=1))
    nodes = {
        line.split()[0]
        for line in source.splitlines()
        if line.startswith("\ts") and "->" not in line and "subgraph" not in line
    }
    assert nodes == {"s2", "s3", "s4", "s5", "s2_up", "s3_up", "s5_down"}
    assert "peripheries=2" in next(line for line in source.splitlines() if line.startswith("\ts4 "))
    whole = to_dot(example_flow(), DiagramOptions(focus="draft_reply", radius=10))
    assert "_up" not in whole
    assert "_down" not in whole


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"rankdir": "XY"}, "unknown rankdir"),
        ({"radius": -1}, "radius"),
        ({"session": "x", "sessions": True}, "either one session or all"),
    ],
)
def test_bad_options(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        DiagramOptions(**kwargs)  # type: ignore[arg-type]  # deliberately wrong values


def test_focus_errors() -> None:
    version = make_version([("a", "same", "START"), ("b", "same", "LLM")], [("t", "a", "b", None)])
    with pytest.raises(ConfigError, match="used by 2 steps"):
        to_dot(version, DiagramOptions(focus="same"))
    with pytest.raises(ConfigError, match="no step with id or name 'zzz'"):
        to_dot(version, DiagramOptions(focus="zzz"))


def test_lowercase_rankdir_is_accepted() -> None:
    assert DiagramOptions(rankdir="lr").rankdir == "LR"


def test_low_level_helpers_escape_and_style() -> None:
    dot = new_digraph(rankdir="LR", title='diff "a" → b')
    add_step_node(
        dot, "n0", 'name with "quotes" \\N', step_style("START"), tooltip="<b>", classes=("added",)
    )
    add_transition_edge(dot, "e0", "n0", "n0", label="a:b -> c")
    source = dot.source
    assert 'label="name with \\"quotes\\" \\\\N"' in source
    assert 'tooltip="<b>"' in source
    assert "class=added" in source
    assert 'n0 -> n0 [label="a:b -> c" class=transition id=e0]' in source
    assert dot_text("a & b\nc") == "a &amp; b\\nc"


def test_empty_version() -> None:
    source = to_dot(FlowVersion(id="v", steps=[], step_transitions=[]))
    assert source.startswith("digraph liveflow {")
    assert "start_rank" not in source


def test_a_payload_of_one_flow_is_drawn_and_other_objects_get_clear_errors() -> None:
    payload = load(EXAMPLE)
    assert to_dot(payload) == to_dot(payload.flows[0])
    assert to_mermaid(payload) == to_mermaid(payload.flows[0])
    several = load([payload.flows[0].to_dict(), payload.flows[0].to_dict()])
    with pytest.raises(PayloadError, match="holds 2 objects: pass one of them"):
        to_dot(several)
    with pytest.raises(TypeError, match=r"expected a Payload, LiveFlow.*not dict"):
        to_dot({"id": "v"})  # type: ignore[arg-type]


def test_to_digraph_is_the_graph_to_dot_writes() -> None:
    flow = example_flow()
    options = DiagramOptions(findings=list(validate(flow)), rankdir="LR")
    digraph = to_digraph(flow, options)
    assert isinstance(digraph, graphviz.Digraph)
    assert digraph.source == to_dot(flow, options)
    assert hasattr(digraph, "_repr_mimebundle_")  # graphviz's own Jupyter display


def test_a_diffs_digraph_is_its_dot() -> None:
    flow = example_flow()
    *_, previous, current = flow.versions().values()
    result = diff(previous, current)
    assert isinstance(result.to_digraph(), graphviz.Digraph)
    assert result.to_digraph().source == result.to_dot()
