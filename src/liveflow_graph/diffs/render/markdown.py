"""A version diff as GitHub-flavoured Markdown, for pull-request comments.

A summary line, a table of step changes and one of transition changes (``+``/``-``/``~``
markers in code spans, so the comment reads without colour), the findings that appeared
or were resolved, the prompt edits as ``diff`` code blocks, and optionally the merged
diagram as a Mermaid block, both folded in ``<details>``.

Every user string is escaped: ``&``, ``<`` and ``>`` become entities, the punctuation
that can start inline Markdown (emphasis, code, links, strikethrough, math, table cells)
or end a heading (``#``) is backslash-escaped (user text only ever appears inline, never
at the start of a line), and code spans and fences are longer than any backtick run inside
them (a ``|`` in a code span is escaped only in a table cell).  Outside code,
GitHub would still turn plain text into links and references (its autolink extension:
``https://…``, ``www.…``, e-mail addresses; its own filters: ``@user``, ``#1``,
``owner/repo#2``, ``GH-3``, ``:emoji:``): a zero-width space breaks each of these where
it would start (:func:`md_text`), so a name shows as the text it is and links, mentions
or notifies nothing.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from liveflow_graph.diffs.model import (
    DiffSide,
    FieldChange,
    StepChange,
    StepRef,
    TransitionChange,
    VersionDiff,
    render_markdown,
)
from liveflow_graph.diffs.render._words import END_FIELDS, Words, plural
from liveflow_graph.escape import NAME_LIMIT, one_line
from liveflow_graph.validation.diagnostics import Diagnostic

__all__ = ["MAX_DIFF_LINES", "MAX_ROWS", "code_span", "md_text", "to_markdown"]

MAX_ROWS = 300
"""Rows shown per table (GitHub comments stop at 65,536 characters); the rest is counted."""

MAX_DIFF_LINES = 400
"""Prompt-diff lines shown in all; the rest is counted (the JSON output has everything)."""

DIAGRAM_MAX_EDGES = 200
"""The Mermaid diagram is included only up to this many edges."""

_PUNCTUATION = re.compile(r"([\\`*_\[\]|~$#])")
_ZWSP = "\u200b"
_LINK_STARTS = re.compile(
    r"(?<=@)"  # @user, @org/team, owner/repo@sha, e-mail addresses (and mailto:, xmpp:)
    r"|(?<=:)(?=//)"  # https://, http://, ftp://, any scheme://
    r"|(?<=:)(?=[\w+-])"  # :emoji: codes (a name's ":x" before our ":" too)
    r"|(?<=#)(?=\d)"  # #1, owner/repo#2
    r"|(?i:(?<=www)(?=\.))"  # www.example.com
    r"|(?i:(?<=\bgh-)(?=\d))"  # GH-3
)
"""The places where GitHub would start a link, a mention or a reference in plain text:
each gets a zero-width space (user text never holds one: :func:`one_line` drops them)."""


def md_text(text: str, limit: int | None = NAME_LIMIT) -> str:
    """``text`` as literal Markdown inline text (also safe inside a table cell): no
    Markdown, HTML, autolink, mention or reference can form in it."""
    broken = _LINK_STARTS.sub(_ZWSP, one_line(text, limit))
    return html.escape(_PUNCTUATION.sub(r"\\\1", broken), quote=False)


def code_span(text: str, limit: int | None = NAME_LIMIT, *, in_table: bool = True) -> str:
    """``text`` as an inline code span; ``in_table``: for a table cell, where a ``|``
    must be escaped (outside a table the backslash would show)."""
    body = one_line(text, limit)
    if in_table:
        body = body.replace("|", "\\|")
    longest = max((len(run) for run in re.findall("`+", body)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if body.startswith("`") or body.endswith("`") or not body.strip() else ""
    return f"{fence}{pad}{body}{pad}{fence}"


def _fence(lines: Iterable[str], language: str) -> list[str]:
    body = [one_line(line, None) for line in lines]
    longest = max((len(run) for line in body for run in re.findall("`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}{language}", *body, fence]


def _side(side: DiffSide) -> str:
    sessions = f" ({plural(side.sessions, 'session')})" if side.sessions else ""
    return f"{code_span(side.version_id, in_table=False)}{sessions}"


def _step(step: StepRef) -> str:
    return md_text(step.name)


_WORDS = Words(
    name=md_text,
    step=_step,
    step_id=code_span,
    transition_id=code_span,
    label=lambda label: f"({md_text(label)})",
    arrow="→",
    was=" (was {})",
)


def _table(header: str, rows: list[str]) -> list[str]:
    shown = rows[:MAX_ROWS]
    lines = [header, "| --- | --- | --- | --- |", *shown]
    if len(rows) > len(shown):
        lines.append(f"| | … | | {len(rows) - len(shown)} more rows (see the JSON output) |")
    return lines


def _value(value: object) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, str):
        return code_span(value)
    return code_span(repr(value) if not isinstance(value, dict | list) else "(object)")


def _field(field: FieldChange) -> str:
    return f"{md_text(field.field)}: {_value(field.old)} → {_value(field.new)}"


def _step_detail(change: StepChange) -> str:
    parts = []
    for field in change.changes:
        if field.field == "name":
            parts.append(f"renamed from {md_text(str(field.old))}")
        elif field.field == "prompt_template":
            parts.append("prompt edited")
        elif field.field == "id":
            parts.append(f"id was {code_span(str(field.old))}")
        else:
            parts.append(_field(field))
    return "; ".join(parts)


def _transition_detail(change: TransitionChange) -> str:
    parts = []
    ends = _WORDS.ends(change)
    for field in change.changes:
        if field.field in ends:
            before, after = ends[field.field]
            parts.append(f"moved: {END_FIELDS[field.field]} {before} → {after}")
        elif field.field == "label":
            parts.append(f"label {_value(field.old)} → {_value(field.new)}")
        else:
            parts.append(_field(field))
    return "; ".join(parts)


def _finding(marker: str, d: Diagnostic) -> str:
    return (
        f"| `{marker}` | {code_span(d.code)} {md_text(d.rule)} | {md_text(d.severity)} | "
        f"{md_text(d.message, 300)} |"
    )


@render_markdown.register
def to_markdown(diff: VersionDiff, *, diagram: bool = True) -> str:
    """The diff as Markdown ending with a newline (deterministic).

    ``diagram`` adds the merged diagram as a folded Mermaid block when it has at most
    :data:`DIAGRAM_MAX_EDGES` edges.
    """
    name = diff.new.flow_name if diff.new.flow_name is not None else diff.old.flow_name
    title = f"### Flow diff: {md_text(name)}" if name is not None else "### Flow version diff"
    lines = [title, "", f"{_side(diff.old)} → {_side(diff.new)}", ""]
    lines.append(f"**{md_text(diff.summary, None)}**")
    if not diff.validity_checked:
        lines += ["", "_Validation findings were not compared._"]
    if diff.is_empty:
        return "\n".join(lines) + "\n"
    step_rows = [
        *(f"| `{marker}` | {_step(s)} | {code_span(s.id)} | {kind} ({md_text(s.step_type)}) |"
          for marker, kind, steps in (("+", "added", diff.steps_added),
                                      ("-", "removed", diff.steps_removed))
          for s in steps),
        *(f"| `~` | {_step(c.new)} | {code_span(c.new.id)} | {_step_detail(c)} |"
          for c in diff.steps_changed),
    ]  # fmt: skip
    if step_rows:
        lines += ["", *_table("| | Step | Id | Change |", step_rows)]
    transition_rows = [
        *(f"| `{marker}` | {_WORDS.transition(t)} | {code_span(t.id)} | {kind} |"
          for marker, kind, transitions in (("+", "added", diff.transitions_added),
                                            ("-", "removed", diff.transitions_removed))
          for t in transitions),
        *(f"| `~` | {_WORDS.transition(c.new)} | {_WORDS.transition_ids(c)} | "
          f"{_transition_detail(c)} |"
          for c in (*diff.transitions_moved, *diff.transitions_changed)),
    ]  # fmt: skip
    if transition_rows:
        lines += ["", *_table("| | Transition | Id | Change |", transition_rows)]
    if diff.start is not None:
        before, after = _WORDS.steps(diff.start.old), _WORDS.steps(diff.start.new)
        lines += ["", f"**START steps changed:** {before} → {after}"]
    finding_rows = [
        *(_finding("+", d) for d in diff.diagnostics_appeared),
        *(_finding("-", d) for d in diff.diagnostics_disappeared),
    ]
    if finding_rows:
        lines += ["", "Findings (`+` appeared, `-` resolved):", ""]
        lines += _table("| | Rule | Severity | Message |", finding_rows)
    lines += _prompt_section(diff.steps_changed)
    if diagram:
        lines += _diagram_section(diff)
    return "\n".join(lines) + "\n"


def _prompt_section(changes: Iterable[StepChange]) -> list[str]:
    edited = [(c, f) for c in changes for f in c.changes if f.field == "prompt_template"]
    if not edited:
        return []
    count = len(edited)
    lines = ["", f"<details><summary>Prompt changes ({plural(count, 'step')})</summary>"]
    budget = MAX_DIFF_LINES
    for change, field in edited:
        step_id = code_span(change.new.id, in_table=False)
        lines += ["", f"**{_step(change.new)}** ({step_id})", ""]
        diff_lines = _prompt_lines(field)
        shown = diff_lines[: max(budget, 0)]
        budget -= len(shown)
        lines += _fence(shown, "diff")
        if len(diff_lines) > len(shown):
            lines += ["", f"… {len(diff_lines) - len(shown)} more lines (see the JSON output)"]
    return [*lines, "", "</details>"]


def _prompt_lines(field: FieldChange) -> list[str]:
    lines: list[str] = []
    for text in field.text_diffs:
        lines.append(f"# prompt_template{text.path}")
        lines.extend(text.unified)
    if not lines:
        lines.append("# prompt_template (type or other fields changed)")
    return lines


def _diagram_section(diff: VersionDiff) -> list[str]:
    from liveflow_graph.diffs.render.diagram import build_diff_diagram, write_mermaid

    built = build_diff_diagram(diff)
    if len(built.edges) > DIAGRAM_MAX_EDGES:
        return []
    body = write_mermaid(built).rstrip("\n").splitlines()
    return [
        "",
        "<details><summary>Diagram</summary>",
        "",
        *_fence(body, "mermaid"),
        "",
        "</details>",
    ]
