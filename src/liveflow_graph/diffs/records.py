"""The records a :class:`~liveflow_graph.diffs.model.VersionDiff` is made of.

A step or transition as one version has it (:class:`StepRef`, :class:`TransitionRef`), one
field that differs (:class:`FieldChange`, with a :class:`TextDiff` per prompt string that
changed), a step or transition present in both versions and what differs
(:class:`StepChange`, :class:`TransitionChange`), the START steps when they changed
(:class:`StartChange`) and which version one side of the diff is (:class:`DiffSide`).
Each is frozen, has a JSON-ready ``to_dict()`` and, where it has a direction, a
``mirror()`` that sees it from the other side.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from liveflow_graph.diffs.documents import (
    DiffSideDict,
    FieldChangeDict,
    StartChangeDict,
    StepChangeDict,
    StepRefDict,
    TextDiffDict,
    TransitionChangeDict,
    TransitionRefDict,
)

__all__ = [
    "CONTEXT_LINES",
    "DiffSide",
    "FieldChange",
    "JSONValue",
    "StartChange",
    "StepChange",
    "StepRef",
    "TextDiff",
    "TransitionChange",
    "TransitionRef",
]

CONTEXT_LINES = 2
"""Unchanged lines shown around each change in a prompt's unified diff."""

JSONValue = Any
"""A value decoded from JSON (or ready to be encoded)."""


@dataclass(frozen=True, slots=True, init=False)
class StepRef:
    """A step as one version has it (its identity, not its prompt)."""

    id: str
    name: str
    step_type: str

    def __init__(self, id: str, name: str, step_type: str) -> None:
        # the dataclass's own __init__, faster (see _setters): a diff makes one per step
        _set_step_id(self, id)
        _set_step_name(self, name)
        _set_step_type(self, step_type)

    def to_dict(self) -> StepRefDict:
        """``{"id", "name", "step_type"}``."""
        return {"id": self.id, "name": self.name, "step_type": self.step_type}


@dataclass(frozen=True, slots=True, init=False)
class TransitionRef:
    """A transition as one version has it, with the names of its end steps in that version
    (``None`` for an end that names no step of the version: a dangling transition)."""

    id: str
    source_step_id: str
    target_step_id: str
    label: str | None
    source_name: str | None = None
    target_name: str | None = None

    def __init__(
        self,
        id: str,
        source_step_id: str,
        target_step_id: str,
        label: str | None,
        source_name: str | None = None,
        target_name: str | None = None,
    ) -> None:
        # the dataclass's own __init__, faster (see _setters): one per transition
        _set_t_id(self, id)
        _set_t_source(self, source_step_id)
        _set_t_target(self, target_step_id)
        _set_t_label(self, label)
        _set_t_source_name(self, source_name)
        _set_t_target_name(self, target_name)

    def to_dict(self) -> TransitionRefDict:
        """The transition's fields and its end steps' names."""
        return {
            "id": self.id,
            "source_step_id": self.source_step_id,
            "target_step_id": self.target_step_id,
            "label": self.label,
            "source_name": self.source_name,
            "target_name": self.target_name,
        }


@dataclass(frozen=True, slots=True)
class TextDiff:
    """One string inside a prompt template that differs between the versions.

    ``path`` is its JSON-path suffix inside the template (``.text``,
    ``.messages[0].content``); ``old`` or ``new`` is ``None`` when the string is only on
    the other side.
    """

    path: str
    old: str | None
    new: str | None

    @property
    def unified(self) -> tuple[str, ...]:
        """The unified diff (``@@`` hunks, ``-``/``+``/space lines, no file headers).

        Texts that differ only in line endings or a final newline give one explanatory
        line, so the diff is never empty.
        """
        before = [] if self.old is None else self.old.splitlines()
        after = [] if self.new is None else self.new.splitlines()
        lines = list(difflib.unified_diff(before, after, lineterm="", n=CONTEXT_LINES))[2:]
        if lines:
            return tuple(lines)
        if self.old is None or self.new is None:
            return ("(an empty string was " + ("added)" if self.old is None else "removed)"),)
        return ("(only line endings or the final newline differ)",)

    def mirror(self) -> TextDiff:
        """The same difference seen from the other side."""
        return replace(self, old=self.new, new=self.old)

    def to_dict(self) -> TextDiffDict:
        """``{"path", "old", "new", "unified"}``."""
        return {"path": self.path, "old": self.old, "new": self.new, "unified": list(self.unified)}


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field that differs: ``id`` (through a rename map), ``name``, ``step_type``,
    ``prompt_template``, ``source_step_id``, ``target_step_id``, ``label`` or a field the
    API added that we do not model (compared as JSON).

    ``old``/``new`` are JSON values (``None`` also when the field is absent);
    ``text_diffs`` lists the prompt strings that changed (``prompt_template`` only).
    """

    field: str
    old: JSONValue
    new: JSONValue
    text_diffs: tuple[TextDiff, ...] = ()

    def mirror(self) -> FieldChange:
        """The same change seen from the other side."""
        return replace(
            self, old=self.new, new=self.old, text_diffs=tuple(t.mirror() for t in self.text_diffs)
        )

    def to_dict(self) -> FieldChangeDict:
        """``{"field", "old", "new", "text_diffs"}``."""
        return {
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "text_diffs": [t.to_dict() for t in self.text_diffs],
        }


class _FieldChanges:
    """The queries a step change and a transition change share: their changed fields."""

    __slots__ = ()
    changes: tuple[FieldChange, ...]

    @property
    def fields(self) -> tuple[str, ...]:
        """Names of the fields that changed."""
        return tuple(c.field for c in self.changes)

    def change(self, name: str) -> FieldChange | None:
        """The change of field ``name``, or ``None``."""
        return next((c for c in self.changes if c.field == name), None)


@dataclass(frozen=True, slots=True, init=False)
class StepChange(_FieldChanges):
    """A step present in both versions (same id, or paired by the rename map) and the
    fields that differ (none for an unchanged step)."""

    old: StepRef
    new: StepRef
    changes: tuple[FieldChange, ...] = ()

    def __init__(self, old: StepRef, new: StepRef, changes: tuple[FieldChange, ...] = ()) -> None:
        # the dataclass's own __init__, faster (see _setters): one per step of both versions
        _set_step_old(self, old)
        _set_step_new(self, new)
        _set_step_changes(self, changes)

    @property
    def renamed(self) -> bool:
        """Whether the step's name changed."""
        return self.old.name != self.new.name

    def mirror(self) -> StepChange:
        """The same change seen from the other side."""
        return replace(
            self, old=self.new, new=self.old, changes=tuple(c.mirror() for c in self.changes)
        )

    def to_dict(self) -> StepChangeDict:
        """``{"old", "new", "renamed", "changes"}``."""
        return {
            "old": self.old.to_dict(),
            "new": self.new.to_dict(),
            "renamed": self.renamed,
            "changes": [c.to_dict() for c in self.changes],
        }


@dataclass(frozen=True, slots=True, init=False)
class TransitionChange(_FieldChanges):
    """A transition present in both versions and the fields that differ.

    It has *moved* when its source or target step changed (a step re-identified through
    the rename map does not count as a move).
    """

    old: TransitionRef
    new: TransitionRef
    changes: tuple[FieldChange, ...] = ()

    def __init__(
        self, old: TransitionRef, new: TransitionRef, changes: tuple[FieldChange, ...] = ()
    ) -> None:
        # the dataclass's own __init__, faster (see _setters): one per matched transition
        _set_t_old(self, old)
        _set_t_new(self, new)
        _set_t_changes(self, changes)

    @property
    def moved(self) -> bool:
        """Whether the transition now leaves another step or leads to another step."""
        return any(c.field in ("source_step_id", "target_step_id") for c in self.changes)

    def mirror(self) -> TransitionChange:
        """The same change seen from the other side."""
        return replace(
            self, old=self.new, new=self.old, changes=tuple(c.mirror() for c in self.changes)
        )

    def to_dict(self) -> TransitionChangeDict:
        """``{"old", "new", "moved", "changes"}``."""
        return {
            "old": self.old.to_dict(),
            "new": self.new.to_dict(),
            "moved": self.moved,
            "changes": [c.to_dict() for c in self.changes],
        }


@dataclass(frozen=True, slots=True)
class StartChange:
    """The START steps of each version, when they are not the same steps."""

    old: tuple[StepRef, ...]
    new: tuple[StepRef, ...]

    def mirror(self) -> StartChange:
        """The same change seen from the other side."""
        return replace(self, old=self.new, new=self.old)

    def to_dict(self) -> StartChangeDict:
        """``{"old": [...], "new": [...]}``."""
        return {"old": [s.to_dict() for s in self.old], "new": [s.to_dict() for s in self.new]}


@dataclass(frozen=True, slots=True)
class DiffSide:
    """Which version one side of a diff is: ids, flow name, sizes, and how many sessions
    the input carried that ran on it (0 for a bare version)."""

    version_id: str
    flow_id: str | None
    flow_name: str | None
    steps: int
    transitions: int
    sessions: int

    def to_dict(self) -> DiffSideDict:
        """Every field, by name."""
        return {
            "version_id": self.version_id,
            "flow_id": self.flow_id,
            "flow_name": self.flow_name,
            "steps": self.steps,
            "transitions": self.transitions,
            "sessions": self.sessions,
        }


def _setters(cls: type, *names: str) -> tuple[Callable[[Any, Any], None], ...]:
    """The ``__set__`` of each slot ``names`` of ``cls``.

    The records a diff makes once per step and per transition write their fields through
    these instead of ``object.__setattr__`` (what a frozen dataclass's generated
    ``__init__`` does): a slot's own setter skips the attribute lookup, about twice as
    fast.  The instances are the same (``==``, ``hash``, frozen); a test checks each
    ``__init__`` against the one ``dataclass`` generates.
    """
    return tuple(getattr(cls, name).__set__ for name in names)


_set_step_id, _set_step_name, _set_step_type = _setters(StepRef, "id", "name", "step_type")
(
    _set_t_id,
    _set_t_source,
    _set_t_target,
    _set_t_label,
    _set_t_source_name,
    _set_t_target_name,
) = _setters(
    TransitionRef,
    "id",
    "source_step_id",
    "target_step_id",
    "label",
    "source_name",
    "target_name",
)
_set_step_old, _set_step_new, _set_step_changes = _setters(StepChange, "old", "new", "changes")
_set_t_old, _set_t_new, _set_t_changes = _setters(TransitionChange, "old", "new", "changes")
