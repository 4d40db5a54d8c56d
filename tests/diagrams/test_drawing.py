"""``flow.draw(...)``: one call, an object Jupyter shows and a script saves."""

from __future__ import annotations

from pathlib import Path

import pytest

from liveflow_graph import (
    BackendUnavailableError,
    ConfigError,
    DiagramOptions,
    Drawing,
    FlowGraph,
    LiveFlow,
    load,
    to_dot,
    to_mermaid,
    validate,
)
from liveflow_graph.diagrams import drawing
from tests.conftest import EXAMPLES
from tests.diagrams.helpers import SVG_NS, parse_svg


def _flow() -> LiveFlow:
    return load(EXAMPLES / "support-triage.json").flows[0]


def test_one_call_draws_findings_a_session_and_a_focus() -> None:
    flow = _flow()
    report = validate(flow)
    running = next(s for s in flow.sessions if s.status == "RUNNING")
    drawn = flow.draw(findings=report, session=running, focus="draft_reply", radius=2)
    assert isinstance(drawn, Drawing)
    options = DiagramOptions(findings=list(report), session=running, focus="draft_reply", radius=2)
    assert drawn.to_dot() == to_dot(flow, options)
    assert drawn.to_mermaid() == to_mermaid(flow, options)
    bundle = drawn._repr_mimebundle_()
    assert set(bundle) == {"image/svg+xml", "text/plain"}
    root = parse_svg(str(bundle["image/svg+xml"]))
    assert any("finding-error" in g.attrib.get("class", "") for g in root.iter(f"{SVG_NS}g"))
    assert drawn._repr_svg_() == bundle["image/svg+xml"]
    assert "3 findings" in str(bundle["text/plain"])
    assert "around draft_reply (radius 2)" in repr(drawn)


def test_findings_true_validates_now() -> None:
    flow = _flow()
    assert flow.draw(findings=True).to_dot() == to_dot(
        flow, DiagramOptions(findings=list(validate(flow)))
    )
    assert flow.draw(findings=False).to_dot() == to_dot(flow)


def test_everything_a_user_holds_draws() -> None:
    flow = _flow()
    failed = next(s for s in flow.sessions if s.status == "FAILED")
    # a session draws its own path on its version
    assert failed.draw().to_dot() == to_dot(failed, DiagramOptions(session=failed))
    assert failed.draw(sessions=True).options.session is None
    for ref in flow.versions().values():
        assert ref.draw().to_dot() == to_dot(ref)
    assert flow.current_version.draw().to_dot() == to_dot(flow.current_version)
    assert FlowGraph.of(flow).draw(rankdir="LR").to_dot() == to_dot(
        flow, DiagramOptions(rankdir="LR")
    )


@pytest.mark.parametrize(
    ("name", "magic"),
    [
        ("flow.svg", b"<?xml"),
        ("flow.png", b"\x89PNG"),
        ("flow.dot", b"digraph"),
        ("flow.gv", b"digraph"),
        ("flow.mmd", b"flowchart"),
        ("FLOW.PNG", b"\x89PNG"),
    ],
)
def test_save_writes_the_format_its_suffix_names(tmp_path: Path, name: str, magic: bytes) -> None:
    written = _flow().draw(findings=True).save(tmp_path / name)
    assert written == tmp_path / name
    assert written.read_bytes().startswith(magic)


def test_save_takes_a_format_and_refuses_what_it_cannot_tell(tmp_path: Path) -> None:
    drawn = _flow().draw()
    assert drawn.save(tmp_path / "picture", format="png").read_bytes().startswith(b"\x89PNG")
    with pytest.raises(ConfigError, match="cannot tell the format"):
        drawn.save(tmp_path / "flow.jpeg")
    with pytest.raises(ConfigError, match="cannot tell the format"):
        drawn.save(tmp_path / "flow.svg", format="pdf")


def test_bad_options_fail_at_the_call() -> None:
    flow = _flow()
    with pytest.raises(ConfigError, match="no step with id or name 'nope'"):
        flow.draw(focus="nope")
    with pytest.raises(ConfigError, match="findings must be diagnostics"):
        flow.draw(findings=["LF104"])
    with pytest.raises(ConfigError, match="radius"):
        flow.draw(focus="start", radius=-1)


def test_without_a_renderer_jupyter_shows_why(monkeypatch: pytest.MonkeyPatch) -> None:
    def unavailable(*args: object, **kwargs: object) -> str:
        raise BackendUnavailableError("no SVG renderer is available")

    monkeypatch.setattr(drawing, "render_svg", unavailable)
    drawn = _flow().draw()
    bundle = drawn._repr_mimebundle_()
    assert list(bundle) == ["text/plain"]
    assert "no SVG renderer is available" in str(bundle["text/plain"])
    assert drawn._repr_svg_() is None
