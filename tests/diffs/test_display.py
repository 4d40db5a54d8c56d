"""A diff in Jupyter: the diagram (titled with the summary) and the text; never raises."""

from __future__ import annotations

import pytest

from liveflow_graph import VersionDiff, diff
from liveflow_graph.diffs.render import diagram
from tests.diffs.helpers import V1, V3, example_refs


@pytest.fixture
def result() -> VersionDiff:
    refs = example_refs()
    return diff(refs[V1], refs[V3])


def test_bundle_has_svg_and_text(result: VersionDiff) -> None:
    bundle = result._repr_mimebundle_()
    assert bundle["text/plain"] == result.to_text()
    svg = bundle["image/svg+xml"]
    assert isinstance(svg, str)
    assert "3 steps added, 3 changed (1 renamed)" in svg  # the title line is the summary
    assert 'id="n0"' in svg


def test_falls_back_to_text_when_rendering_fails(
    result: VersionDiff, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("no renderer")

    monkeypatch.setattr(diagram, "diff_to_svg", broken)
    assert result._repr_mimebundle_() == {"text/plain": result.to_text()}


def test_never_raises_even_when_text_fails(
    result: VersionDiff, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("boom")

    monkeypatch.setattr(VersionDiff, "to_text", broken)
    monkeypatch.setattr(diagram, "diff_to_svg", broken)
    bundle = result._repr_mimebundle_()
    assert bundle == {"text/plain": f"<VersionDiff {V1} -> {V3}>"}
