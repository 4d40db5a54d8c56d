"""The diff Markdown as GitHub shows a pull-request comment: every user string is text.

``cmarkgfm`` binds GitHub's own cmark-gfm (tables, strikethrough, the autolink extension);
what GitHub adds after it (``@mentions``, ``#1`` and ``owner/repo#2`` references, ``GH-3``,
``:emoji:``) is checked on the rendered text, outside code, where those filters run.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liveflow_graph import LiveFlow, diff
from liveflow_graph.escape import one_line

# what GitHub would turn into a mention, a reference or an emoji, in text outside code
_GITHUB_REFERENCE = re.compile(r"@(?!\u200b)|#\d|(?i:\bgh-\d)|:[\w+-]+:|://|(?i:www\.)")


class _Text(HTMLParser):
    """The text of rendered HTML: all of it, and the part outside ``<code>``/``<pre>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.all: list[str] = []
        self.prose: list[str] = []
        self.in_code = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.in_code += tag in ("code", "pre")

    def handle_endtag(self, tag: str) -> None:
        self.in_code -= tag in ("code", "pre")

    def handle_data(self, data: str) -> None:
        self.all.append(data)
        if not self.in_code:
            self.prose.append(data)


def _words(text: str) -> str:
    """``text`` as a reader sees it: no zero-width spaces, whitespace runs as one space."""
    return " ".join(text.replace("\u200b", "").split())


def _version(version_id: str, steps: list[tuple[str, str, str]], edges: list[Any]) -> Any:
    return {
        "id": version_id,
        "flow_id": "f",
        "steps": [
            {"id": sid, "name": name, "step_type": kind, "prompt_template": None}
            for sid, name, kind in steps
        ],
        "step_transitions": [
            {"id": tid, "source_step_id": a, "target_step_id": b, "label": label}
            for tid, a, b, label in edges
        ],
    }


def _flow(name: str, version: Any) -> LiveFlow:
    return LiveFlow.model_validate({"id": "f", "name": name, "current_version": version})


def _diff_markdown(names: list[str]) -> tuple[str, list[str]]:
    """A diff whose every user string (flow, version, step and transition names, ids,
    labels, a step type) is one of ``names`` (9 of them), and the strings its Markdown must
    show."""
    flow, old_id, renamed, new_name, removed, added, kind, label, new_label = names
    old = _version(
        old_id,
        [("s", "start", "START"), ("a", renamed, "LLM"), ("b", removed, "LLM")],
        [("t1", "s", "a", label), ("t2", "a", "b", "next")],
    )
    new = _version(
        new_id := old_id + " 2",
        [("s", "start", "START"), ("a", new_name, "LLM"), (added, added, kind)],
        [("t1", "s", "a", new_label), (new_label, "a", added, label)],
    )
    markdown = diff(_flow(flow, old), _flow(flow, new)).to_markdown()
    return markdown, [*names, new_id]


def _rendered(markdown: str) -> tuple[str, _Text]:
    # unsafe: raw HTML passes through, as GitHub lets <details> through (ours; user text
    # has none, which this shows too)
    html = cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)
    text = _Text()
    text.feed(html)
    return html, text


def _assert_literal(names: list[str]) -> None:
    markdown, shown = _diff_markdown(names)
    html, text = _rendered(markdown)
    assert "<a" not in html, html
    assert "<img" not in html, html
    assert "<script" not in html, html
    prose = "".join(text.prose)
    assert _GITHUB_REFERENCE.search(prose) is None, prose
    everything = _words("".join(text.all))
    for name in shown:
        assert _words(one_line(name)) in everything, name


HOSTILE = [
    "[x](https://example.com/a)",
    "![x](https://example.com/i.png)",
    "<https://example.com>",
    "see https://example.com/x now",
    "www.example.com",
    "mail a@example.com",
    "fixes #1",
    "owner/repo#2",
    "hi @user and @org/team",
]


def test_hostile_names_render_literally() -> None:
    _assert_literal(HOSTILE)


def test_references_and_emoji_render_literally() -> None:
    """Also a version id with ``|`` (a code span outside a table shows no backslash) and a
    flow name ending in `` #`` (in the heading, not taken for its closing sequence)."""
    _assert_literal(
        ["GH-3 #", "a|b`c", "ftp://x.example", "WWW.EXAMPLE.COM", "x:y:z", "mailto:a@b.co",
         "xmpp:a@b.co", "(www.example.com)", ":rocket:"]
    )  # fmt: skip


_PIECES = st.sampled_from(
    [
        "https://", "http://", "ftp://", "HTTP://", "www.", "WWW.", "example.com", "/p?q=1",
        "@", "a@b.co", "mailto:", "xmpp:", "#", "1", "42", "owner/repo#2", "GH-", "gh-",
        ":", "rocket", "+1", "[", "]", "(", ")", "![", "<", ">", "`", "*", "_", "~", "|",
        "\\", "&", "&amp;", "&#64;", " ", "\n", "-", ".", "a", "Z",
    ]
)  # fmt: skip
_NAMES = (
    st.lists(_PIECES | st.text(alphabet="aZ:/.@#1 -", max_size=3), min_size=1, max_size=10)
    .map("".join)
    .filter(lambda name: 0 < len(name) <= 60 and one_line(name).strip() != "")
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_NAMES, min_size=9, max_size=9, unique=True))
def test_generated_names_render_literally(names: list[str]) -> None:
    if names[5] in ("s", "a") or names[8] == "t1":
        return  # an added step or transition must not take an id the versions use
    _assert_literal(names)


@pytest.mark.parametrize("text", ["https://x.example", "www.x.example", "#1", "@u", ":ok:"])
def test_code_spans_are_left_as_they_are(text: str) -> None:
    """Code is never linked by GitHub: ids and values keep their exact text there."""
    from liveflow_graph.diffs.render.markdown import code_span

    assert code_span(text) == f"`{text}`"
