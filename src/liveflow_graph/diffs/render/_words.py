"""The phrases the text and Markdown writers share, each written once.

Both writers name a transition by its end steps (``review -> send "next"``), a step that
does not exist as ``missing step …``, a transition whose id changed as ``t2, was t1``, and
so on; only how user text is escaped and a few marks differ.  A writer describes those in
one :class:`Words` and calls its methods.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from liveflow_graph.diffs.records import StepRef, TransitionChange, TransitionRef

__all__ = ["END_FIELDS", "Words", "plural"]

END_FIELDS = {"source_step_id": "source", "target_step_id": "target"}
"""The fields of a transition that name its end steps, and what a writer calls them."""


def plural(number: int, noun: str) -> str:
    """``"1 session"``, ``"2 sessions"``."""
    return f"{number} {noun}{'s' * (number != 1)}"


@dataclass(frozen=True, slots=True)
class Words:
    """How one writer shows the parts of a diff."""

    name: Callable[[str], str]
    """A step's name, escaped as running text."""
    step: Callable[[StepRef], str]
    """A step (its name, and its id where the writer shows it)."""
    step_id: Callable[[str], str]
    """The id of a step a transition names and its version does not have."""
    transition_id: Callable[[str], str]
    """A transition's id."""
    label: Callable[[str], str]
    """A transition's (non-empty) label, shown after its ends."""
    arrow: str
    """Between a transition's source and target, and a value before and after."""
    was: str
    """What follows a changed id: ``{}`` stands for the old id."""

    def end(self, name: str | None, step_id: str) -> str:
        """A transition's end: the step's name, or the id of a missing step."""
        return self.name(name) if name is not None else f"missing step {self.step_id(step_id)}"

    def transition(self, t: TransitionRef) -> str:
        """``source -> target`` and the label, if any."""
        label = f" {self.label(t.label)}" if t.label else ""
        source = self.end(t.source_name, t.source_step_id)
        return f"{source} {self.arrow} {self.end(t.target_name, t.target_step_id)}{label}"

    def ends(self, change: TransitionChange) -> dict[str, tuple[str, str]]:
        """The old and new source and target of a changed transition, by field name."""
        old, new = change.old, change.new
        return {
            "source_step_id": (
                self.end(old.source_name, old.source_step_id),
                self.end(new.source_name, new.source_step_id),
            ),
            "target_step_id": (
                self.end(old.target_name, old.target_step_id),
                self.end(new.target_name, new.target_step_id),
            ),
        }

    def transition_ids(self, change: TransitionChange) -> str:
        """The new id of a changed transition, and the old one when it differs."""
        if change.old.id == change.new.id:
            return self.transition_id(change.new.id)
        old = self.transition_id(change.old.id)
        return self.transition_id(change.new.id) + self.was.format(old)

    def steps(self, steps: Iterable[StepRef]) -> str:
        """A list of steps, ``(none)`` when empty."""
        return ", ".join(self.step(s) for s in steps) or "(none)"
