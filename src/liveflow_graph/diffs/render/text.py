"""A version diff as text, in the spirit of ``terraform plan``.

``+`` added, ``-`` removed, ``~`` changed or moved, one line per step or transition with its
name and id, the changed fields below it (prompt strings as unified diffs), then the
findings that appeared or were resolved and a one-line summary.  Colour (ANSI) only when
asked for; the CLI asks only when writing to a terminal.  User text is cleaned: control
characters (escape sequences included) and bidirectional overrides are dropped and names
are kept on one line.
"""

from __future__ import annotations

from collections.abc import Iterable

from liveflow_graph._deepjson import dumps
from liveflow_graph.diffs.model import (
    DiffSide,
    FieldChange,
    StepChange,
    StepRef,
    TransitionChange,
    VersionDiff,
    render_text,
)
from liveflow_graph.diffs.render._words import END_FIELDS, Words, plural
from liveflow_graph.escape import NAME_LIMIT, one_line
from liveflow_graph.validation.diagnostics import Diagnostic

__all__ = ["VALUE_LIMIT", "to_text"]

VALUE_LIMIT = 160
"""Longest field value (as JSON) shown in full."""

_COLORS = {"+": "32", "-": "31", "~": "33", "@": "36", "!": "35", "*": "1"}


def _q(text: str | None, limit: int = NAME_LIMIT) -> str:
    return '""' if not text else '"' + one_line(text, limit).replace('"', '\\"') + '"'


def _value(value: object) -> str:
    if isinstance(value, str):
        return _q(value, VALUE_LIMIT)
    encoded = dumps(value, sort_keys=True)
    return one_line(encoded, VALUE_LIMIT)


def _step(step: StepRef) -> str:
    return f"{one_line(step.name)} ({one_line(step.id)})"


_WORDS = Words(
    name=one_line,
    step=_step,
    step_id=_q,
    transition_id=one_line,
    label=_q,
    arrow="->",
    was=", was {}",
)


class _Writer:
    def __init__(self, color: bool) -> None:
        self.color = color
        self.lines: list[str] = []

    def paint(self, text: str, code: str) -> str:
        return f"\x1b[{_COLORS[code]}m{text}\x1b[0m" if self.color else text

    def add(self, marker: str, text: str, indent: int = 2) -> None:
        self.lines.append(" " * indent + self.paint(f"{marker} {text}", marker))

    def plain(self, text: str, indent: int = 0) -> None:
        self.lines.append(" " * indent + text if text else "")

    def heading(self, text: str) -> None:
        self.lines.extend(["", self.paint(text, "*")])

    def fields(self, changes: Iterable[FieldChange], names: dict[str, tuple[str, str]]) -> None:
        for change in changes:
            if change.field == "prompt_template":
                self.prompt(change)
                continue
            before, after = _value(change.old), _value(change.new)
            if change.field in names:
                before, after = names[change.field]
            label = END_FIELDS.get(change.field, change.field)
            self.plain(f"{one_line(label)}: {before} -> {after}", 6)

    def prompt(self, change: FieldChange) -> None:
        old_type = change.old.get("type") if isinstance(change.old, dict) else None
        new_type = change.new.get("type") if isinstance(change.new, dict) else None
        if change.old is None or change.new is None:
            shown = "(none)" if change.old is None else "(a template)"
            after = "(none)" if change.new is None else "(a template)"
            self.plain(f"prompt_template: {shown} -> {after}", 6)
        elif old_type != new_type:
            self.plain(f"prompt_template.type: {_value(old_type)} -> {_value(new_type)}", 6)
        for text in change.text_diffs:
            self.plain(f"prompt_template{one_line(text.path)}:", 6)
            for line in text.unified:
                marker = line[:1] if line[:1] in "+-@" else " "
                shown = one_line(line, None)
                self.lines.append(" " * 8 + (self.paint(shown, marker) if marker != " " else shown))
        both = change.old is not None and change.new is not None
        if not change.text_diffs and both and old_type == new_type:
            self.plain(f"prompt_template: {_value(change.old)} -> {_value(change.new)}", 6)


def _header(old: DiffSide, new: DiffSide) -> str:
    def side(s: DiffSide, sessions: bool) -> str:
        count = f" ({plural(s.sessions, 'session')})" if sessions else ""
        return f"version {one_line(s.version_id)}{count}"

    sessions = bool(old.sessions or new.sessions)
    name = old.flow_name if old.flow_name is not None else new.flow_name
    flow = f"flow {_q(name)}: " if name is not None else ""
    return f"Diff of {flow}{side(old, sessions)} -> {side(new, sessions)}"


def _finding(d: Diagnostic) -> str:
    return f"{one_line(d.code)} {one_line(d.rule)} ({d.severity}): {one_line(d.message, 200)}"


@render_text.register
def to_text(diff: VersionDiff, *, color: bool = False) -> str:
    """The diff as terraform-plan-style text ending with a newline (deterministic).

    ``color`` adds ANSI colours (green ``+``, red ``-``, yellow ``~``).
    """
    out = _Writer(color)
    out.plain(_header(diff.old, diff.new))
    if diff.is_empty:
        out.plain("")
        out.plain("No differences.")
        if not diff.validity_checked:
            out.plain("(validation findings were not compared)")
        return "\n".join(out.lines) + "\n"
    out.plain("Symbols: + added, - removed, ~ changed or moved")
    if diff.rename_map:
        out.plain(f"Rename map: {len(diff.rename_map)} step id(s) mapped from old to new")
    if diff.steps_added or diff.steps_removed or diff.steps_changed:
        out.heading("Steps:")
        for marker, steps in (("+", diff.steps_added), ("-", diff.steps_removed)):
            for step in steps:
                out.add(marker, f"step {_step(step)} [{one_line(step.step_type)}]")
        for change in diff.steps_changed:
            _step_change(out, change)
    if (
        diff.transitions_added
        or diff.transitions_removed
        or diff.transitions_changed
        or diff.transitions_moved
    ):
        out.heading("Transitions:")
        for marker, transitions in (("+", diff.transitions_added), ("-", diff.transitions_removed)):
            for t in transitions:
                out.add(marker, f"transition {_WORDS.transition(t)} ({one_line(t.id)})")
        for moved in diff.transitions_moved:
            _transition_change(out, moved, "moved")
        for relabelled in diff.transitions_changed:
            _transition_change(out, relabelled, "changed")
    if diff.start is not None:
        out.heading("START:")
        before, after = _WORDS.steps(diff.start.old), _WORDS.steps(diff.start.new)
        out.add("~", f"START steps: {before} -> {after}")
    if diff.diagnostics_appeared or diff.diagnostics_disappeared:
        out.heading("Findings:")
        for d in diff.diagnostics_appeared:
            out.add("+", _finding(d))
        for d in diff.diagnostics_disappeared:
            out.add("-", _finding(d) + " (resolved)")
    out.plain("")
    if not diff.validity_checked:
        out.plain("(validation findings were not compared)")
    out.plain(out.paint(f"Summary: {diff.summary}", "*"))
    return "\n".join(out.lines) + "\n"


def _step_change(out: _Writer, change: StepChange) -> None:
    title = f"step {_step(change.new)}"
    if change.renamed:
        title += f" (was {_q(change.old.name)})"
    out.add("~", title)
    out.fields(change.changes, {})


def _transition_change(out: _Writer, change: TransitionChange, kind: str) -> None:
    new, ids = _WORDS.transition(change.new), _WORDS.transition_ids(change)
    out.add("~", f"transition {new} ({ids}) {kind}")
    out.fields(change.changes, _WORDS.ends(change))
