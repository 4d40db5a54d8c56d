"""The report page as text: self-contained, escaped, and carrying the right data."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liveflow_graph import (
    ConfigError,
    FlowGraph,
    Report,
    diff,
    load,
    validate,
)
from liveflow_graph.htmlreport.page import embedded_json
from tests.diagrams.helpers import SVG_ELEMENTS
from tests.htmlreport.helpers import (
    hostile_payload,
    no_start_payload,
    page_data,
    report_page,
)
from tests.htmlreport.odd_flows import HOSTILE_NAMES

EXAMPLE = Path(__file__).parents[2] / "examples" / "support-triage.json"


@pytest.fixture(scope="module")
def example_page() -> str:
    payload = load(EXAMPLE)
    return report_page(payload, backend="auto")


@pytest.fixture(scope="module")
def hostile_page() -> str:
    return report_page(hostile_payload())


# -- self-contained and inert --------------------------------------------------------------


def test_nothing_is_fetched(example_page: str) -> None:
    """No URL the browser would load: no src/href attributes, no url(), no @import."""
    assert not re.search(r"\b(?:src|href)\s*=", example_page, re.I)
    assert not re.search(r"url\((?!#)", example_page)  # only local references: url(#id)
    assert "@import" not in example_page
    assert "http://" not in example_page.replace("http://www.w3.org/", "")
    assert "https://" not in example_page


def test_the_policy_allows_only_the_page_script(example_page: str) -> None:
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', example_page)
    assert policy is not None
    directives = dict(d.strip().split(" ", 1) for d in policy.group(1).split(";"))
    assert directives["default-src"] == "'none'"
    scripts = re.findall(r"<script>(.*?)</script>", example_page, re.S)
    assert len(scripts) == 1  # the JSON data element has a type and never runs
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert directives["script-src"] == f"'sha256-{digest}'"
    assert "unsafe-inline" not in directives["script-src"]


def test_hostile_text_never_appears_as_markup(hostile_page: str) -> None:
    assert hostile_page.count("<script") == 2  # the data element and the page script
    assert hostile_page.count("</script>") == 2
    for name in HOSTILE_NAMES:
        if any(c in name for c in "<>&"):  # a javascript: name is harmless text: no href
            assert name not in hostile_page
    assert 'onerror="' not in hostile_page  # the title has it escaped: onerror=&quot;
    assert "<img" not in hostile_page
    assert "<svg" not in hostile_page  # the diagrams travel inside the JSON, as text


def test_hostile_text_survives_as_data(hostile_page: str) -> None:
    data = page_data(hostile_page)
    steps = [step for version in data["versions"] for step in version["steps"]]
    texts = {step["name"] for step in steps} | {t for s in steps for _, t in s["prompt"]}
    assert set(HOSTILE_NAMES) <= texts
    svgs = [v["diagram"]["svg"] for v in data["versions"] if v["diagram"]["kind"] == "svg"]
    assert svgs
    for svg in svgs:  # Graphviz escaped the names: they are text in the SVG too
        for element in ElementTree.fromstring(svg).iter():
            assert element.tag.rsplit("}", 1)[-1] in SVG_ELEMENTS
            assert not any(name.lower().startswith("on") for name in element.attrib)


@given(st.text())
def test_embedded_json_cannot_close_its_element(text: str) -> None:
    embedded = embedded_json({"text": text, "list": [text]})
    assert "<" not in embedded
    assert ">" not in embedded
    assert "&" not in embedded
    assert embedded.isascii()
    assert json.loads(embedded) == {"text": text, "list": [text]}


# -- what the page holds -------------------------------------------------------------------


def test_versions_are_oldest_first_with_their_findings(example_page: str) -> None:
    payload = load(EXAMPLE)
    data = page_data(example_page)
    refs = payload.versions()
    by_time = sorted(refs, key=lambda r: r.version.created_at or 0)
    assert [v["id"] for v in data["versions"]] == [r.id for r in by_time]
    assert [v["current"] for v in data["versions"]] == [r.is_current for r in by_time]
    report = validate(payload, all_versions=True)
    for version in data["versions"]:
        expected = report.filter(version_id=version["id"]).diagnostics
        assert [f["code"] for f in version["findings"]] == [d.code for d in expected]
        graph = FlowGraph.of(next(r for r in refs if r.id == version["id"]))
        assert [s["id"] for s in version["steps"]] == list(graph.bfs_order)
        assert version["sessions"]["total"] == len(graph.sessions)


def test_every_pair_of_versions_has_its_diff(example_page: str) -> None:
    data = page_data(example_page)
    keys = [v["key"] for v in data["versions"]]
    pairs = {(d["from"], d["to"]) for d in data["diffs"]}
    assert pairs == {(a, b) for i, a in enumerate(keys) for b in keys[i + 1 :]}
    ids = {v["key"]: v["id"] for v in data["versions"]}
    for entry in data["diffs"]:
        payload = load(EXAMPLE)
        refs = {r.id: r for r in payload.versions()}
        expected = diff(refs[ids[entry["from"]]], refs[ids[entry["to"]]])
        assert entry["summary"] == expected.summary
        assert entry["diagram"]["kind"] == "svg"


def test_sessions_count_where_they_stopped(example_page: str) -> None:
    data = page_data(example_page)
    failed = [
        (version["id"], session["id"])
        for version in data["versions"]
        for session in version["sessions"]["list"]
        if session["status"] == "FAILED"
    ]
    assert failed  # the example has a failed session
    for version in data["versions"]:
        counts = version["sessions"]["steps"]
        for session in version["sessions"]["list"]:
            for sid in session["path"]:
                assert counts[sid][0] >= 1  # reached
            if session["status"] == "FAILED" and session["at"] is not None:
                assert counts[session["at"]][2] >= 1  # failed there


def test_odd_flows_get_a_page(hostile_page: str) -> None:
    data = page_data(hostile_page)
    newest = data["versions"][-1]
    assert {"s-nowhere", "s-ghost"} <= set(newest["missing"])
    assert any(t["dangling"] == "target" for t in newest["transitions"])
    weird = next(s for s in newest["steps"] if s["type"].startswith("WEIRD"))
    assert weird["promptCut"] == 100_000 - len(weird["prompt"][0][1]) > 0
    assert len(data["title"]) < 300  # the 20,000-character flow name is cut

    bare = page_data(report_page(no_start_payload()))
    assert bare["title"] == "Flow report"
    assert [s["name"] for s in bare["versions"][0]["steps"]] == ["alpha", "beta", "gamma"]
    assert bare["diffs"] == []


def test_a_report_without_its_flows_lists_findings() -> None:
    payload = load(EXAMPLE)
    report = validate(payload)
    data = page_data(report.to_html())
    assert [f["code"] for v in data["versions"] for f in v["findings"]] == [d.code for d in report]
    assert all(v["diagram"] is None for v in data["versions"])
    assert page_data(Report().to_html())["versions"] == []


def test_a_version_the_report_did_not_check_says_so() -> None:
    payload = load(EXAMPLE)
    data = page_data(validate(payload).to_html(payload))  # current version only
    checked = {v["id"]: v["checked"] for v in data["versions"]}
    assert checked == {r.id: r.is_current for r in payload.versions()}


def test_diff_to_html() -> None:
    refs = load(EXAMPLE).versions()
    change = diff(refs[1], refs[0])
    data = page_data(change.to_html())
    assert data["kind"] == "diff"
    (entry,) = data["diffs"]
    assert entry["summary"] == change.summary
    assert {s["status"] for s in entry["steps"]} <= {"added", "removed", "changed"}
    assert len(entry["steps"]) == (
        len(change.steps_added) + len(change.steps_removed) + len(change.steps_changed)
    )


# -- diagrams: Graphviz while affordable, else the page's own layout ----------------------


def test_big_diagrams_are_laid_out_by_the_page() -> None:
    payload = load(EXAMPLE)
    data = page_data(report_page(payload, max_layout_steps=6))
    kinds = {v["id"]: v["diagram"]["kind"] for v in data["versions"]}
    sizes = {v["id"]: len(v["steps"]) for v in data["versions"]}
    assert kinds == {vid: "svg" if size <= 6 else "layout" for vid, size in sizes.items()}
    laid = next(v["diagram"] for v in data["versions"] if v["diagram"]["kind"] == "layout")
    assert "more than the 6" in laid["reason"]
    placed = {shape[0] for shape in laid["shapes"]}
    assert set(laid["nodes"]) <= placed  # every step's node has a position


def test_a_spent_budget_or_no_renderer_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    payload = load(EXAMPLE)
    data = page_data(report_page(payload, layout_budget=0))
    assert {v["diagram"]["kind"] for v in data["versions"]} == {"layout"}
    assert "used up" in data["versions"][0]["diagram"]["reason"]

    from liveflow_graph.errors import BackendUnavailableError
    from liveflow_graph.htmlreport import drawing

    calls = []

    def unavailable(*args: object, **kwargs: object) -> str:
        calls.append(1)
        raise BackendUnavailableError("no renderer here")

    monkeypatch.setattr(drawing, "render_svg", unavailable)
    data = page_data(report_page(payload))
    assert {d["diagram"]["kind"] for d in data["versions"] + data["diffs"]} == {"layout"}
    assert "no renderer here" in data["versions"][0]["diagram"]["reason"]
    assert len(calls) == 1  # later diagrams do not try again


@pytest.mark.parametrize(
    "options",
    [{"max_layout_steps": 1.5}, {"layout_budget": -1}, {"backend": "nope"}],
)
def test_bad_options_are_config_errors(options: dict[str, object]) -> None:
    with pytest.raises(ConfigError):
        Report().to_html(**options)  # type: ignore[arg-type]


def test_a_slow_layout_is_stopped_and_drawn_by_the_page(monkeypatch: pytest.MonkeyPatch) -> None:
    from liveflow_graph.errors import RenderTimeoutError
    from liveflow_graph.htmlreport import drawing

    timeouts: list[float | None] = []

    def slow(source: str, *, backend: str, timeout: float | None) -> str:
        timeouts.append(timeout)
        raise RenderTimeoutError("stopped")

    monkeypatch.setattr(drawing, "render_svg", slow)
    data = page_data(report_page(load(EXAMPLE), layout_budget=None))
    assert {v["diagram"]["kind"] for v in data["versions"]} == {"layout"}
    assert "did not finish within 20 s" in data["versions"][0]["diagram"]["reason"]
    assert timeouts
    assert all(t == drawing.DIAGRAM_TIMEOUT for t in timeouts)  # one diagram, not the page
