"""Diagnostics are data: a frozen record per finding, rendered by emitters later."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

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


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding of one rule on one flow version.

    ``code`` is the rule's stable code (``LF101``), ``rule`` its kebab-case name
    (``unreachable-step``); ``path`` is the JSON path in the payload of the thing at fault;
    ``step_ids`` and ``transition_ids`` are the ids involved, most relevant first.
    """

    code: str
    rule: str
    severity: Severity
    message: str
    path: str
    step_ids: tuple[str, ...] = ()
    transition_ids: tuple[str, ...] = ()
    flow_id: str | None = None
    version_id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (lists for ids, the severity as its string)."""
        data = asdict(self)
        data["severity"] = self.severity.value
        data["step_ids"] = list(self.step_ids)
        data["transition_ids"] = list(self.transition_ids)
        if not self.extra:
            del data["extra"]
        return data
