"""Notebook display: SVG + text when a renderer works, text only otherwise, never raising."""

from __future__ import annotations

import pytest

from liveflow_graph import FlowGraph, Session, load
from liveflow_graph.diagrams import display as display_module
from liveflow_graph.diagrams.display import mimebundle
from liveflow_graph.diagrams.svg import BackendUnavailableError
from tests.conftest import EXAMPLES
from tests.diagrams.helpers import chain_version, parse_svg, svg_ids

FLOW = load(EXAMPLES / "support-triage.json").flows[0]


@pytest.mark.parametrize(
    "obj",
    [FLOW, FLOW.current_version, FLOW.sessions[0], FlowGraph.of(FLOW)],
    ids=["flow", "version", "session", "graph"],
)
def test_svg_and_text(obj: object) -> None:
    bundle = mimebundle(obj)
    assert set(bundle) == {"text/plain", "image/svg+xml"}
    svg = bundle["image/svg+xml"]
    assert isinstance(svg, str)
    assert "s0" in svg_ids(parse_svg(svg))


def test_models_use_the_hook() -> None:
    bundle = FLOW._repr_mimebundle_()
    assert "image/svg+xml" in bundle
    assert bundle["text/plain"] == (
        "<LiveFlow 'Support ticket triage' id=f1000000-0000-4000-8000-000000000001 "
        "current_version=ae000000-0000-4000-8000-000000000003 steps=8 transitions=7 sessions=6>"
    )


def test_text_only_when_no_renderer(monkeypatch: pytest.MonkeyPatch) -> None:
    def unavailable(*_args: object, **_kwargs: object) -> str:
        raise BackendUnavailableError("nothing to render with")

    monkeypatch.setattr("liveflow_graph.diagrams.svg.render_svg", unavailable)
    assert set(mimebundle(FLOW)) == {"text/plain"}


def test_never_raises_for_a_session_without_version() -> None:
    session = Session(id="s1", status="NEW")
    bundle = mimebundle(session)
    assert bundle == {"text/plain": "<Session id=s1 status=NEW version=None steps_run=0>"}


def test_big_flows_display_as_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(display_module, "DISPLAY_MAX_STEPS", 5)
    assert set(mimebundle(chain_version(6))) == {"text/plain"}


def test_other_objects() -> None:
    assert mimebundle(42) == {"text/plain": "42"}
