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
from collections.abc import Sequence
from itertools import islice
from typing import Literal, NamedTuple

from liveflow_graph.model.jsonpath import ROOT, JSONPath, render
from liveflow_graph.model.models import PromptTemplate, Step, collect_strings

__all__ = [
    "INPUTS",
    "Reference",
    "StepReferences",
    "UnknownReference",
    "add_result_names",
    "marked_strings",
    "result_names",
    "result_offsets",
    "scan_marked",
    "scan_text",
    "step_references",
    "usual_result_names",
]

INPUTS = "INPUTS"
"""The variable that holds a session's trigger payload (``${INPUTS}``, ``${INPUTS.x}``)."""

_OPEN = "${"
_BLANK = re.compile(r"\s")
# `name.result`: the name is anything without braces, `$` or surrounding blanks
_RESULT = re.compile(r"(?P<name>[^\s{}$](?:[^{}$]*[^\s{}$])?)\.result")
# `INPUTS` or `INPUTS.field` (the field may be a dotted path)
_FIELD = r"[^\s{}$.][^\s{}$]*"
_INPUTS = re.compile(rf"{INPUTS}(?:\.(?P<field>{_FIELD}))?")
_INPUTS_DOT = f"{INPUTS}."
_RESULT_SUFFIX = ".result"
# the usual forms only: `${INPUTS}`, `${INPUTS.field}` and `${name.result}` with a name of
# word characters and dashes.  Each match is an understood form with that very name
# (INPUTS is tried first, as _understand does, and such a name has no blank, brace, `$` or
# dot), and the scan needs no backtracking.  _USUAL captures the name only (empty for
# INPUTS), _USUAL_PARTS the field (1) and the name (2).
_USUAL_NAME = r"[\w-]+"
_USUAL = re.compile(rf"\$\{{(?:{INPUTS}(?:\.{_FIELD})?|({_USUAL_NAME})\.result)\}}")
_USUAL_PARTS = re.compile(rf"\$\{{(?:{INPUTS}(?:\.({_FIELD}))?|({_USUAL_NAME})\.result)\}}")


class Reference(NamedTuple):
    """One understood reference in a prompt string.

    ``kind`` is ``"result"`` for ``${name.result}`` (``name`` is the step name) or
    ``"inputs"`` for ``${INPUTS}`` / ``${INPUTS.field}`` (``name`` is the field, or
    ``None`` for the whole payload).  ``text`` is the reference as written, ``location``
    the place of the string that holds it (:attr:`path` as text) and ``offset`` where it
    starts in that string.
    """

    kind: Literal["result", "inputs"]
    name: str | None
    text: str
    location: JSONPath
    offset: int

    @property
    def path(self) -> str:
        """The JSON path of :attr:`location`."""
        return render(self.location)


class UnknownReference(NamedTuple):
    """Something that starts with ``${`` but is not a form we understand.

    ``reason`` says why in plain words; ``location`` is the place of the string that holds
    it (:attr:`path` as text).
    """

    text: str
    location: JSONPath
    offset: int
    reason: str

    @property
    def path(self) -> str:
        """The JSON path of :attr:`location`."""
        return render(self.location)


class StepReferences(NamedTuple):
    """Every reference found in one step's prompt template, in document order."""

    step_id: str
    references: tuple[Reference, ...]
    unknown: tuple[UnknownReference, ...]

    @property
    def results(self) -> tuple[Reference, ...]:
        """The ``${name.result}`` references."""
        return tuple(r for r in self.references if r.kind == "result")


def scan_text(
    text: str, location: JSONPath = ROOT
) -> tuple[list[Reference], list[UnknownReference]]:
    """The references in one string (``location`` is its place), understood or not."""
    fast = _scan_fast(text, location)
    if fast is not None:
        return fast, []
    return _scan_slow(text, location)


def _scan_fast(text: str, location: JSONPath) -> list[Reference] | None:
    """The references of ``text`` when every ``${`` in it starts an understood form, else
    ``None`` (then :func:`_scan_slow` has the answer): :func:`_scan_usual`, else
    :func:`_scan_split`."""
    found = _scan_usual(text, location)
    return found if found is not None else _scan_split(text, location)


def _scan_usual(text: str, location: JSONPath) -> list[Reference] | None:
    """The references of ``text`` when every ``${`` in it starts one of the usual forms
    (:data:`_USUAL_PARTS`: one regular expression scan), else ``None``."""
    matches = list(_USUAL_PARTS.finditer(text))
    if len(matches) != text.count(_OPEN):
        return None
    return [
        Reference("inputs", m[1], m[0], location, m.start())
        if m[2] is None
        else Reference("result", m[2], m[0], location, m.start())
        for m in matches
    ]


def _scan_split(text: str, location: JSONPath) -> list[Reference] | None:
    """The references of ``text`` when every ``${`` in it starts an understood form, else
    ``None``.

    A form cannot contain ``$`` or ``{``, so it starts at one ``${`` and ends at the first
    ``}`` after it with no ``${`` in between: splitting the text at each ``${`` gives each
    form's body as the start of a piece, up to its first ``}``, and plain string tests
    (:func:`_result_name`) read it without a regular expression (a hypothesis test checks
    the answer against :func:`_scan_slow`)."""
    pieces = text.split(_OPEN)
    found: list[Reference] = []
    offset = len(pieces[0])
    for piece in islice(pieces, 1, None):
        end = piece.find("}")
        if end == -1:
            return None
        body = piece[:end]
        name = _result_name(body)
        if name is None:
            return None
        whole = text[offset : offset + end + 3]
        if name:
            found.append(Reference("result", name, whole, location, offset))
        else:
            field = body[len(INPUTS) + 1 :] if body != INPUTS else None
            found.append(Reference("inputs", field, whole, location, offset))
        offset += len(piece) + len(_OPEN)
    return found


def _result_name(body: str) -> str | None:
    """What the body of a ``${…}`` (the text between ``${`` and the first ``}``) is: the
    step name of a ``${name.result}``, ``""`` for ``${INPUTS}`` or ``${INPUTS.field}``,
    ``None`` for anything else.  The grammar of :data:`_INPUTS` and :data:`_RESULT` (as
    :func:`_understand` applies them), written as plain string tests but the rare
    ``INPUTS`` one."""
    if body.startswith(INPUTS):
        if _INPUTS.fullmatch(body) is not None:
            return ""
        if body.startswith(_INPUTS_DOT):
            return None
    if not body.endswith(_RESULT_SUFFIX):
        return None
    name = body[: -len(_RESULT_SUFFIX)]
    if not name or name[0].isspace() or name[-1].isspace() or "$" in name or "{" in name:
        return None
    return name


_CLOSE = re.compile(r"\}")


def _scan_slow(text: str, location: JSONPath) -> tuple[list[Reference], list[UnknownReference]]:
    """Every ``${…}`` of ``text``, understood or not, in one left-to-right pass.

    Linear in ``len(text)``: the next ``}`` is searched for again only once the scan has
    passed the last one found (each ``${`` used to search to the end of an unclosed text,
    which made ``"${aaa…" * n`` quadratic)."""
    found: list[Reference] = []
    unknown: list[UnknownReference] = []
    close: int | None = 0  # where the next "}" is (None: there is none left)
    start = text.find(_OPEN)
    while start != -1:
        inside = start + len(_OPEN)
        if close is not None and close < inside:
            match = _CLOSE.search(text, inside)
            close = match.start() if match is not None else None
        end = -1 if close is None else close
        nested = text.find(_OPEN, inside)
        if end == -1 or (nested != -1 and nested < end):
            stop = len(text) if nested == -1 else nested
            blank = _BLANK.search(text, start, stop)
            shown = text[start : blank.start() if blank is not None else stop]
            unknown.append(UnknownReference(shown, location, start, "'${' is not closed by '}'"))
            start = nested
            continue
        whole = text[start : end + 1]
        body = whole[len(_OPEN) : -1]
        reference = _understand(body, whole, location, start)
        if isinstance(reference, Reference):
            found.append(reference)
        else:
            unknown.append(reference)
        start = text.find(_OPEN, end + 1)
    return found, unknown


def _understand(
    body: str, whole: str, location: JSONPath, offset: int
) -> Reference | UnknownReference:
    inputs = _INPUTS.fullmatch(body)
    if inputs is not None:
        return Reference("inputs", inputs.group("field"), whole, location, offset)
    result = _RESULT.fullmatch(body)
    if result is not None and not result.group("name").startswith(f"{INPUTS}."):
        return Reference("result", result.group("name"), whole, location, offset)
    return UnknownReference(whole, location, offset, _why(body))


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


def step_references(step: Step, step_location: JSONPath) -> StepReferences:
    """Every reference in ``step``'s prompt template; ``step_location`` is the step's
    place, so each reference carries the full location of its string."""
    template = step.prompt_template
    marked = marked_strings(template) if template is not None else []
    return scan_marked(step.id, marked, step_location)


def scan_marked(
    step_id: str, marked: list[tuple[JSONPath, str]], step_location: JSONPath
) -> StepReferences:
    """The :class:`StepReferences` of a step from its :func:`marked_strings`."""
    if not marked:
        return StepReferences(step_id, (), ())
    base = (*step_location, "prompt_template")
    found: list[Reference] = []
    unknown: list[UnknownReference] = []
    for suffix, text in marked:
        where = base + suffix
        fast = _scan_fast(text, where)
        if fast is not None:
            found.extend(fast)
        else:
            refs, odd = _scan_slow(text, where)
            found.extend(refs)
            unknown.extend(odd)
    return StepReferences(step_id, tuple(found), tuple(unknown))


def result_names(template: PromptTemplate) -> tuple[list[str], bool]:
    """The names of the ``${name.result}`` references in ``template`` (document order,
    the order of :func:`step_references`' results) and whether it also holds a form that
    is not understood.  No :class:`Reference` objects and no paths: this is what rules
    need for every step, the full objects only for the steps they report."""
    names: list[str] = []
    odd = False
    for value in (template.__pydantic_extra__ or {}).values():
        if isinstance(value, str):
            if _OPEN in value:
                odd = add_result_names(value, names) or odd
        elif isinstance(value, dict | list):
            nested: list[tuple[JSONPath, str]] = []
            collect_strings(value, ROOT, nested)
            for _, text in nested:
                if _OPEN in text:
                    odd = add_result_names(text, names) or odd
    return names, odd


def usual_result_names(text: str) -> tuple[str, ...] | None:
    """The names of the ``${name.result}`` references of ``text`` when each of its ``${``
    starts one of the usual forms (:data:`_USUAL`), else ``None`` (then
    :func:`add_result_names` knows).  The usual prompt costs one regular expression scan."""
    found = _USUAL.findall(text)
    if len(found) != text.count(_OPEN):
        return None
    return tuple(filter(None, found))


def result_offsets(text: str, names: Sequence[str]) -> list[int]:
    """Where each ``${name.result}`` of ``text`` starts, for a text whose
    :func:`usual_result_names` are ``names`` (and only for such a text).

    There every ``${`` starts a usual form, so the next occurrence of
    ``${name.result}`` after the previous reference is that reference: one ``str.find``
    each, no regular expression and no :class:`Reference` built for what is not reported
    (a test checks the offsets against :func:`step_references`)."""
    offsets: list[int] = []
    position = 0
    for name in names:
        whole = f"${{{name}.result}}"
        position = text.find(whole, position)
        offsets.append(position)
        position += len(whole)
    return offsets


def add_result_names(text: str, names: list[str]) -> bool:
    """Append the result names of ``text`` to ``names``; whether it has an unknown form.

    This runs on every prompt of every version, so the usual prompt (names of word
    characters) is read by one regular expression that only knows those forms
    (:data:`_USUAL`): when it matches at every ``${``, that is the whole answer.  Else
    :func:`_scan_split`, else :func:`_scan_slow` reads the text."""
    found = _USUAL.findall(text)
    if len(found) == text.count(_OPEN):
        names.extend([name for name in found if name])
        return False
    refs = _scan_split(text, ROOT)
    unknown: list[UnknownReference] = []
    if refs is None:
        refs, unknown = _scan_slow(text, ROOT)
    names.extend([ref.name for ref in refs if ref.kind == "result" and ref.name])
    return bool(unknown)


def marked_strings(template: PromptTemplate) -> list[tuple[JSONPath, str]]:
    """The ``(location, text)`` of each string in ``template`` that contains ``${``, the
    location relative to the template (the same strings, in the same order, as
    :func:`~liveflow_graph.model.models.template_strings` filtered on ``${``)."""
    found: list[tuple[JSONPath, str]] = []
    for key, value in (template.__pydantic_extra__ or {}).items():
        if isinstance(value, str):
            if _OPEN in value:
                found.append(((key,), value))
        elif isinstance(value, dict | list):
            nested: list[tuple[JSONPath, str]] = []
            collect_strings(value, (key,), nested)
            found.extend(pair for pair in nested if _OPEN in pair[1])
    return found
