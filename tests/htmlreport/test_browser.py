"""The report page in a real browser (Chromium, driven by Playwright): it draws, reacts to
clicks and filters, asks the network for nothing, logs no error, and runs no user text."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from liveflow_graph import diff, load, loads, validate
from tests.htmlreport.helpers import hostile_payload, no_start_payload, page_data, report_page
from tests.htmlreport.odd_flows import HOSTILE_NAMES
from tests.htmlreport.png import decode

pytestmark = pytest.mark.slow  # a browser per module, a second or more per page

EXAMPLE = Path(__file__).parents[2] / "examples" / "support-triage.json"


@pytest.fixture(scope="module")
def example_html() -> str:
    return report_page(load(EXAMPLE))


def node(opened: Any, name: str) -> Any:
    """The diagram node whose label is exactly ``name``."""
    return (
        opened.page.locator("#canvas g.node")
        .filter(has=opened.page.locator("text", has_text=name))
        .first
    )


def test_click_a_step_and_read_its_details(
    open_report: Any, example_html: str, tmp_path: Path
) -> None:
    opened = open_report(example_html)
    page = opened.page
    assert page.locator("#canvas svg g.node").count() >= 8
    node(opened, "draft_reply").click()
    details = page.locator("#details")
    assert details.locator("h3").inner_text() == "draft_reply"
    text = details.inner_text()
    assert "LLM" in text
    assert "comes from (2)" in text.lower()
    assert "leads to (1)" in text.lower()
    assert "ask_customer" in text
    assert "review_reply" in text
    data = page_data(example_html)
    prompt = next(s for s in data["versions"][-1]["steps"] if s["name"] == "draft_reply")["prompt"]
    assert details.locator("pre.prompt").first.inner_text() == prompt[0][1]
    assert page.locator("#canvas g.node.sel").count() == 1
    assert page.locator("#canvas g.node.hl").count() == 3  # what comes before and after
    legend = page.locator("#legend").inner_text()
    assert "unreachable from START" in legend  # the example's legacy step is drawn greyed
    assert "error finding" in legend

    shot = tmp_path / "report.png"  # under pytest's tmp dir: never in git
    page.screenshot(path=str(shot))
    image = decode(shot.read_bytes())
    assert (image.width, image.height) == (1280, 800)
    assert image.variance() > 500  # not blank: text, boxes, colours
    assert len(image.colours()) > 200
    box = page.locator("#canvas").bounding_box()
    assert box is not None
    inside = {
        image.pixel(x, y)
        for y in range(int(box["y"]) + 5, int(box["y"] + box["height"]) - 5, 6)
        for x in range(int(box["x"]) + 5, int(box["x"] + box["width"]) - 5, 6)
    }
    assert len(inside) > 50  # the diagram itself is drawn, not only the page around it
    assert opened.requests == [opened.url]
    assert opened.problems() == []


def test_the_checks_see_requests_and_errors(open_report: Any) -> None:
    """The harness itself: a page that calls out and fails is caught (so the other tests'
    empty problem lists mean something)."""
    opened = open_report(
        '<body data-ready="1"><img src="http://127.0.0.1:9/x.png">'
        "<script>console.error('boom'); fetch('http://127.0.0.1:9/api');</script></body>"
    )
    opened.page.wait_for_timeout(300)
    problems = opened.problems()
    assert any("127.0.0.1:9/x.png" in p for p in problems)
    assert any("127.0.0.1:9/api" in p for p in problems)
    assert any("boom" in p for p in problems)


def test_findings_filters_and_search(open_report: Any, example_html: str) -> None:
    opened = open_report(example_html)
    page = opened.page
    data = page_data(example_html)
    findings = data["versions"][-1]["findings"]
    assert page.locator("#findings-list li").count() == len(findings)

    page.locator("#findings-list li").first.click()
    first = findings[0]
    drawn = page.locator("#canvas g.node.hl, #canvas g.node.sel").count()
    assert drawn == len(set(first["steps"]))
    assert page.locator("#details h3").inner_text() == f"{first['code']} {first['rule']}"

    page.locator("label.toggle", has_text="error").click()  # hide errors
    shown = [f for f in findings if f["severity"] != "error"]
    assert page.locator("#findings-list li").count() == len(shown)
    muted = page.locator("#canvas g.node.fmute").count()
    assert muted >= 1  # a step whose only findings are errors loses its colour

    page.locator("label.toggle", has_text="error").click()
    page.select_option("#rule-pick", findings[0]["rule"])
    same_rule = [f for f in findings if f["rule"] == findings[0]["rule"]]
    assert page.locator("#findings-list li").count() == len(same_rule)

    page.fill("#search", "reply")
    names = page.locator("#steps-list li").all_inner_texts()
    assert names
    assert all("reply" in n for n in names)
    assert page.locator("#canvas g.node.match").count() == len(names)
    assert opened.problems() == []


def test_pan_and_zoom_move_the_view(open_report: Any, example_html: str) -> None:
    opened = open_report(example_html)
    page = opened.page
    svg = page.locator("#canvas > svg")
    before = svg.get_attribute("viewBox")
    page.click("#zoom-in")
    zoomed = svg.get_attribute("viewBox")
    assert zoomed != before
    assert float(zoomed.split()[2]) < float(before.split()[2])
    box = page.locator("#canvas").bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 120, y - 80, steps=6)
    page.mouse.up()
    panned = svg.get_attribute("viewBox")
    assert panned.split()[2:] == zoomed.split()[2:]
    assert panned != zoomed
    page.mouse.wheel(0, 400)
    page.wait_for_timeout(300)  # the wheel redraws once it pauses
    assert float(svg.get_attribute("viewBox").split()[2]) > float(panned.split()[2])
    page.click("#zoom-fit")
    assert svg.get_attribute("viewBox") is not None
    assert opened.problems() == []


def test_sessions_heat_and_one_sessions_path(open_report: Any, example_html: str) -> None:
    opened = open_report(example_html)
    page = opened.page
    page.select_option("#version-pick", index=0)  # the oldest version: a failed session
    page.click("#tab-sessions")
    heated = page.evaluate(
        "() => [...document.querySelectorAll('#canvas g.node[data-heat]')].length"
    )
    assert heated >= 5
    assert page.locator("#canvas .badge", has_text="failed").count() == 1
    page.locator("#sessions-list li", has_text="FAILED").click()
    text = page.locator("#details").inner_text()
    assert "FAILED" in text
    assert "OpenAI API timeout" in text
    assert page.locator("#canvas g.node.hl, #canvas g.node.sel").count() >= 3
    assert opened.problems() == []


def test_changes_between_any_two_versions(open_report: Any, example_html: str) -> None:
    opened = open_report(example_html)
    page = opened.page
    page.click("#tab-changes")
    data = page_data(example_html)
    keys = [v["key"] for v in data["versions"]]
    selects = page.locator("#side select")
    selects.nth(0).select_option(keys[0])
    selects.nth(1).select_option(keys[2])
    expected = next(d for d in data["diffs"] if (d["from"], d["to"]) == (keys[0], keys[2]))
    assert expected["summary"] in page.locator("#side").inner_text()
    assert page.locator("#canvas svg g.node").count() >= 8
    page.locator("#side li", has_text="added").first.click()
    assert "added" in page.locator("#details").inner_text()
    selects.nth(0).select_option(keys[2])  # backwards: shown older to newer, and said so
    selects = page.locator("#side select")
    selects.nth(1).select_option(keys[0])
    assert "older version to the newer" in page.locator("#notice").inner_text()
    assert opened.problems() == []


def test_hostile_names_stay_text(open_report: Any) -> None:
    html = report_page(hostile_payload())
    opened = open_report(html)
    page = opened.page
    for tab in ("#tab-flow", "#tab-sessions", "#tab-changes"):
        page.click(tab)
        for item in page.locator("#side li").all():
            item.click()
    page.click("#tab-flow")
    for item in page.locator("#findings-list li").all():
        item.click()
    steps = page.locator("#steps-list li")
    for index in range(steps.count()):
        steps.nth(index).click()
    shown = set(page.locator("#steps-list li").all_inner_texts())
    for name in HOSTILE_NAMES:
        if name != HOSTILE_NAMES[4]:  # that one is a prompt, not a name
            assert any(name in text for text in shown), name
    page.locator("#steps-list li", has_text="window.__pwned = 1").click()
    assert page.locator("#details h3").inner_text() == HOSTILE_NAMES[0]
    assert page.evaluate("() => window.__pwned") is None
    assert (
        page.evaluate("() => document.querySelectorAll('img, iframe, object, embed').length") == 0
    )
    assert (
        page.evaluate(
            "() => document.querySelectorAll('[href], [src], [onerror], [onload]').length"
        )
        == 0
    )
    assert page.evaluate("() => document.scripts.length") == 2
    assert opened.problems() == []


def test_odd_and_partial_reports_open_cleanly(open_report: Any) -> None:
    bare = open_report(report_page(no_start_payload()))
    assert bare.page.locator("#canvas svg g.node").count() >= 3
    assert bare.page.locator("#tab-changes").is_disabled()
    assert bare.problems() == []

    payload = load(EXAMPLE)
    alone = open_report(validate(payload).to_html())  # findings without their flows
    assert "No diagram" in alone.page.locator("#canvas").inner_text()
    assert alone.page.locator("#findings-list li").count() == len(validate(payload))
    assert alone.problems() == []

    refs = payload.versions()
    change = open_report(diff(refs[1], refs[0]).to_html())
    assert change.page.locator("#canvas svg g.node").count() >= 8
    assert diff(refs[1], refs[0]).summary in change.page.locator("#side").inner_text()
    assert change.problems() == []


def test_a_2000_step_flow_does_not_freeze_the_page(open_report: Any) -> None:
    import json

    from benchmarks.generate import make_flow

    payload = loads(json.dumps(make_flow(2_000, sessions=20, versions=2)), name="big.json")
    started = time.perf_counter()
    html = report_page(payload)
    built = time.perf_counter() - started
    started = time.perf_counter()
    opened = open_report(html)
    ready = time.perf_counter() - started
    page = opened.page
    assert built < 120, built
    assert ready < 30, ready
    assert "own layered layout" in page.locator("#notice").inner_text()
    # 2,000 steps, and the note that lists the findings tied to no step (flow-size)
    assert page.locator("#canvas svg g.node").count() == 2_001
    started = time.perf_counter()
    page.fill("#search", "step_1999")
    page.locator("#steps-list li", has_text="step_1999").click()
    assert page.locator("#details h3").inner_text() == "step_1999"
    page.click("#tab-sessions")
    page.click("#tab-changes")
    page.click("#tab-flow")
    acted = time.perf_counter() - started
    assert acted < 30, acted
    assert opened.problems() == []


DATA = Path(__file__).parents[1] / "data"
ODD_DOCUMENTS = [
    *(
        DATA / name
        for name in (
            "bare_version.json",
            "dangling_flow.json",
            "flows_list.json",
            "forward_compat_flow.json",
            "nulls_flow.json",
            "session.json",
            "sessions_list.json",
        )
    ),
    *(
        DATA / "rules" / rule / "invalid.json"
        for rule in (
            "duplicate-step-id",
            "duplicate-step-name",
            "multiple-start-steps",
            "self-loop",
            "start-step-required",
        )
    ),
]


@pytest.mark.parametrize("document", ODD_DOCUMENTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_kind_of_document_opens_and_answers_clicks(open_report: Any, document: Path) -> None:
    """Flows, lists of flows, bare versions, sessions, lists of sessions; dangling
    transitions, duplicates, no START, several STARTs, self-loops: each page opens, its tabs
    and lists answer clicks, and a click on a drawn node (where Playwright clicks: the
    middle of everything the node draws, finding codes included) selects that node."""
    opened = open_report(report_page(load(document)))
    page = opened.page
    for tab in ("#tab-sessions", "#tab-changes", "#tab-flow"):
        if not page.locator(tab).is_disabled():
            page.click(tab)
    page.locator("#steps-list li").first.click()
    names = set(page.locator("#steps-list li .grow").all_inner_texts())
    for drawn in page.locator("#canvas g.node.step").all()[:2]:
        drawn.click(timeout=5_000)
        assert "sel" in (drawn.get_attribute("class") or "").split()
        assert page.locator("#details h3").inner_text() in names
    assert opened.problems() == []
