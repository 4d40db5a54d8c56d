"""Diagnostics are data: a frozen record per finding, rendered by emitters later."""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from liveflow_graph.escape import one_line
from liveflow_graph.model.jsonpath import ROOT_PATH, JSONPath, located, render
from liveflow_graph.validation.documents import DiagnosticDict

__all__ = ["Diagnostic", "Severity"]


class Severity(StrEnum):
    """How serious a finding is.  Compare with :attr:`rank` (error > warning > info)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """2 for error, 1 for warning, 0 for info."""
        return _RANK[self]


_RANK = {Severity.ERROR: 2, Severity.WARNING: 1, Severity.INFO: 0}


class _NewDict:
    """The default of ``Diagnostic(extra=...)``: a new empty dict for each diagnostic,
    shown as ``<factory>`` as a dataclass shows a default factory (the signature the
    released, generated ``__init__`` had)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<factory>"


_NEW_DICT: Any = _NewDict()


@dataclass(frozen=True, slots=True, init=False)
class Diagnostic:
    """One finding of one rule on one flow version.

    ``code`` is the rule's stable code (``LF101``), ``rule`` its kebab-case name
    (``unreachable-step``); ``location`` is the place in the payload of the thing at fault
    and ``path`` its text (``$.current_version.steps[3]``; the constructor takes either,
    see :mod:`~liveflow_graph.model.jsonpath`); ``step_ids`` and ``transition_ids`` are
    the ids involved, most relevant first.
    """

    code: str
    rule: str
    severity: Severity
    message: str
    location: JSONPath
    step_ids: tuple[str, ...] = ()
    transition_ids: tuple[str, ...] = ()
    flow_id: str | None = None
    version_id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __init__(
        self,
        code: str,
        rule: str,
        severity: Severity,
        message: str,
        path: str = ROOT_PATH,
        step_ids: tuple[str, ...] = (),
        transition_ids: tuple[str, ...] = (),
        flow_id: str | None = None,
        version_id: str | None = None,
        extra: dict[str, Any] = _NEW_DICT,
        *,
        location: JSONPath | None = None,
    ) -> None:
        _set = object.__setattr__
        _set(self, "code", code)
        _set(self, "rule", rule)
        _set(self, "severity", severity)
        _set(self, "message", message)
        _set(self, "location", located(path, location))
        _set(self, "step_ids", step_ids)
        _set(self, "transition_ids", transition_ids)
        _set(self, "flow_id", flow_id)
        _set(self, "version_id", version_id)
        _set(self, "extra", {} if extra is _NEW_DICT else extra)

    @classmethod
    def _stamped(
        cls,
        code: str,
        rule: str,
        severity: Severity,
        message: str,
        location: JSONPath,
        step_ids: tuple[str, ...],
        transition_ids: tuple[str, ...],
        flow_id: str | None,
        version_id: str | None,
        extra: dict[str, Any],
    ) -> Diagnostic:
        """The engine's constructor: every field given, already in its final form (no
        ``path``/``location`` reconciliation, no defaults), about 30 % cheaper than
        ``__init__`` per diagnostic, which counts when a rule finds thousands."""
        diagnostic = object.__new__(cls)
        _set = object.__setattr__
        _set(diagnostic, "code", code)
        _set(diagnostic, "rule", rule)
        _set(diagnostic, "severity", severity)
        _set(diagnostic, "message", message)
        _set(diagnostic, "location", location)
        _set(diagnostic, "step_ids", step_ids)
        _set(diagnostic, "transition_ids", transition_ids)
        _set(diagnostic, "flow_id", flow_id)
        _set(diagnostic, "version_id", version_id)
        _set(diagnostic, "extra", extra)
        return diagnostic

    @property
    def path(self) -> str:
        """The JSON path of :attr:`location`."""
        return render(self.location)

    def __str__(self) -> str:
        """One line for a person: ``LF104 error unreachable-step: 'legacy' (5e…08) is
        unreachable: no path from START leads to it at $.current_version.steps[7]``
        (``repr`` stays the dataclass's).  Control characters in the message are dropped
        and line breaks become spaces, so a step name cannot break the line."""
        severity = Severity(self.severity).value
        message = one_line(self.message, None)
        return f"{self.code} {severity} {self.rule}: {message} at {one_line(self.path, None)}"

    def to_dict(self) -> DiagnosticDict:
        """The JSON form, used by every JSON output (reports and diffs): ``code``,
        ``rule``, ``severity`` (its string), ``message``, ``path``, ``step_ids`` and
        ``transition_ids`` (lists), ``flow_id``, ``version_id``, and ``extra`` when it has
        anything."""
        data: DiagnosticDict = {
            "code": self.code,
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "path": self.path,
            "step_ids": list(self.step_ids),
            "transition_ids": list(self.transition_ids),
            "flow_id": self.flow_id,
            "version_id": self.version_id,
        }
        if self.extra:
            data["extra"] = deepcopy(self.extra)  # a copy, as dataclasses.asdict gave
        return data
