"""Escaping of user text (step names, labels, prompts) for every output we write.

Nothing a user typed is ever written raw into DOT, SVG/HTML or Mermaid: each function here
makes the text render literally in its target language.
"""

from __future__ import annotations

import html
import re

__all__ = [
    "NAME_LIMIT",
    "clean_text",
    "dot_string",
    "html_text",
    "mermaid_text",
    "one_line",
    "truncate",
]

NAME_LIMIT = 80
"""Longest user-supplied name or label quoted in full in a message or a report line."""

# C0/C1 control characters except tab and newline (which we translate), U+2028/2029, and
# what XML cannot hold: lone surrogates and the non-characters U+FFFE/U+FFFF.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """``text`` with control characters and characters XML cannot hold removed, and
    ``\\r\\n``/``\\r`` as ``\\n``."""
    if text.isprintable():  # the common case: no line breaks or control characters
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROL.sub("", text)


def truncate(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, ending with an ellipsis when cut."""
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"


# bidirectional controls (they can reorder what a reader sees: "trojan source") and
# zero-width characters (they hide differences between names that look the same)
_INVISIBLE = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u200b-\u200d\u2060\ufeff]")


def one_line(text: str, limit: int | None = NAME_LIMIT) -> str:
    """``text`` for one line of a terminal or Markdown report: control characters dropped
    (:func:`clean_text`: no escape sequence reaches the terminal), bidirectional controls
    and zero-width characters dropped, newlines as spaces, cut to ``limit`` characters
    (``None``: not cut)."""
    cleaned = _INVISIBLE.sub("", clean_text(text)).replace("\n", " ")
    return truncate(cleaned, limit) if limit is not None else cleaned


def dot_string(text: str) -> str:
    """A double-quoted DOT string that renders ``text`` literally (newlines as lines).

    Backslashes are doubled so ``\\N``, ``\\G`` or ``\\l`` in a name stay text; quotes are
    escaped; ``&`` becomes ``&amp;`` (Graphviz decodes HTML entities in labels and
    tooltips); newlines become centred line breaks; other control characters are dropped.
    The result is safe for ``label``, ``tooltip``, ``xlabel`` and the like.

    Leading line breaks are dropped: Graphviz crashes laying out a graph or node label
    whose first line is empty when a later line is long (about 70 characters or more).
    """
    text = clean_text(text).lstrip("\n").replace("&", "&amp;")
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"'


def html_text(text: str) -> str:
    """``text`` escaped for HTML/SVG text and attribute values (``& < > " '``)."""
    return html.escape(clean_text(text), quote=True)


# Mermaid entity codes: `#quot;` etc. are how Mermaid itself spells special characters
_MERMAID = {
    "&": "#amp;",
    "#": "#35;",
    '"': "#quot;",
    "<": "#lt;",
    ">": "#gt;",
    "`": "#96;",
    "|": "#124;",
    "[": "#91;",
    "]": "#93;",
    "{": "#123;",
    "}": "#125;",
    "(": "#40;",
    ")": "#41;",
    ";": "#59;",
    "%": "#37;",
    "\\": "#92;",
}
_MERMAID_RE = re.compile("[" + re.escape("".join(_MERMAID)) + "]")


def mermaid_text(text: str) -> str:
    """``text`` for a double-quoted Mermaid label: special characters as entity codes,
    newlines as ``<br/>`` (the only markup we emit)."""
    escaped = _MERMAID_RE.sub(lambda m: _MERMAID[m.group()], clean_text(text))
    return escaped.replace("\n", "<br/>")
