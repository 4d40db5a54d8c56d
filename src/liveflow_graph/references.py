"""References in prompt templates: ``${name.result}``, ``${INPUTS}`` and ``${INPUTS.field}``.

TrueState's documentation says a step's prompt uses an earlier step's output as
``${node_name.result}`` (``node_name`` is the step's ``name``) and that the trigger payload
is the ``INPUTS`` variable.  Which field of ``prompt_template`` holds the text is not
documented, so every string inside the template is scanned.

Anything that starts with ``${`` but is not one of those forms (``${ticket}``,
``${a.output}``, ``${ x.result }``, a ``${`` without its ``}``) is not guessed at: it is
returned as an :class:`UnknownReference` for a rule to report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from liveflow_graph.jsonpath import ROOT, child
from liveflow_graph.models import Step

__all__ = [
    "INPUTS",
    "Reference",
    "StepReferences",
    "UnknownReference",
    "scan_text",
    "step_references",
]

INPUTS = "INPUTS"
"""The variable that holds a session's trigger payload (``${INPUTS}``, ``${INPUTS.x}``)."""

_OPEN = "${"
_BLANK = re.compile(r"\s")
# `name.result`: the name is anything without braces, `$` or surrounding blanks
_RESULT = re.compile(r"(?P<name>[^\s{}$](?:[^{}$]*[^\s{}$])?)\.result")
# `INPUTS` or `INPUTS.field` (the field may be a dotted path)
_INPUTS = re.compile(rf"{INPUTS}(?:\.(?P<field>[^\s{{}}$.][^\s{{}}$]*))?")


@dataclass(frozen=True, slots=True)
class Reference:
    """One understood reference in a prompt string.

    ``kind`` is ``"result"`` for ``${name.result}`` (``name`` is the step name) or
    ``"inputs"`` for ``${INPUTS}`` / ``${INPUTS.field}`` (``name`` is the field, or
    ``None`` for the whole payload).  ``text`` is the reference as written, ``path`` the
    JSON path of the string that holds it and ``offset`` where it starts in that string.
    """

    kind: Literal["result", "inputs"]
    name: str | None
    text: str
    path: str
    offset: int


@dataclass(frozen=True, slots=True)
class UnknownReference:
    """Something that starts with ``${`` but is not a form we understand.

    ``reason`` says why in plain words.
    """

    text: str
    path: str
    offset: int
    reason: str


@dataclass(frozen=True, slots=True)
class StepReferences:
    """Every reference found in one step's prompt template, in document order."""

    step_id: str
    references: tuple[Reference, ...]
    unknown: tuple[UnknownReference, ...]

    @property
    def results(self) -> tuple[Reference, ...]:
        """The ``${name.result}`` references."""
        return tuple(r for r in self.references if r.kind == "result")

    @property
    def inputs(self) -> tuple[Reference, ...]:
        """The ``${INPUTS}`` / ``${INPUTS.field}`` references."""
        return tuple(r for r in self.references if r.kind == "inputs")


def scan_text(text: str, path: str = ROOT) -> tuple[list[Reference], list[UnknownReference]]:
    """The references in one string (``path`` is its JSON path), understood or not."""
    found: list[Reference] = []
    unknown: list[UnknownReference] = []
    start = text.find(_OPEN)
    while start != -1:
        end = text.find("}", start + len(_OPEN))
        nested = text.find(_OPEN, start + len(_OPEN))
        if end == -1 or (nested != -1 and nested < end):
            stop = len(text) if nested == -1 else nested
            blank = _BLANK.search(text, start, stop)
            shown = text[start : blank.start() if blank is not None else stop]
            unknown.append(UnknownReference(shown, path, start, "'${' is not closed by '}'"))
            start = nested
            continue
        whole = text[start : end + 1]
        body = whole[len(_OPEN) : -1]
        reference = _understand(body, whole, path, start)
        if isinstance(reference, Reference):
            found.append(reference)
        else:
            unknown.append(reference)
        start = text.find(_OPEN, end + 1)
    return found, unknown


def _understand(body: str, whole: str, path: str, offset: int) -> Reference | UnknownReference:
    inputs = _INPUTS.fullmatch(body)
    if inputs is not None:
        return Reference("inputs", inputs.group("field"), whole, path, offset)
    result = _RESULT.fullmatch(body)
    if result is not None and not result.group("name").startswith(f"{INPUTS}."):
        return Reference("result", result.group("name"), whole, path, offset)
    return UnknownReference(whole, path, offset, _why(body))


def _why(body: str) -> str:
    if not body.strip():
        return "the reference is empty"
    if body != body.strip():
        return "blanks around the name are not a documented form"
    if body.upper().startswith(INPUTS) and not body.startswith(INPUTS):
        return f"the trigger payload is spelt {INPUTS} (upper case)"
    if body.startswith(f"{INPUTS}."):
        return f"expected ${{{INPUTS}}} or ${{{INPUTS}.field}}"
    if "." not in body:
        return "a step result is written ${name.result}"
    return "only .result of a step can be referenced"


def step_references(step: Step, step_path: str) -> StepReferences:
    """Every reference in ``step``'s prompt template; ``step_path`` is the step's JSON
    path, so each reference carries the full JSON path of its string."""
    template = step.prompt_template
    if template is None:
        return StepReferences(step.id, (), ())
    base = child(step_path, "prompt_template")
    found: list[Reference] = []
    unknown: list[UnknownReference] = []
    for suffix, text in template.strings():
        if _OPEN not in text:
            continue
        refs, odd = scan_text(text, base + suffix)
        found.extend(refs)
        unknown.extend(odd)
    return StepReferences(step.id, tuple(found), tuple(unknown))
