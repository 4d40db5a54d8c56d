"""The rules: one module per rule, and the explicit registry :data:`RULES`.

A rule module holds ``CODE`` (stable, never reused: ``LF1xx`` structure, ``LF2xx`` flow
shape, ``LF3xx`` references, ``LF4xx`` step types and prompts, ``LF5xx`` flow/session
consistency), ``NAME`` (kebab-case, the module name with dashes), ``SEVERITY`` (the
default), ``OWN_JUDGEMENT`` (``True`` when the rule goes beyond what TrueState's
documentation states), a docstring (what, why it matters, example, how to fix: the source
of ``docs/rules.md``) and a pure function ``check(ctx) -> Iterable[Finding]``.
``internal-error`` (``LF000``) and ``input-error`` (``LF001``) have no ``check``: the
engine emits the first when a rule crashes, a report of files the second for an input
that cannot be read or parsed.  A rule that only runs when asked for sets
``DEFAULT_ENABLED = False`` (it runs when a ``select`` entry names it, by name or code).

To add a rule: write the module, add it to :data:`_MODULES`, add fixtures under
``tests/data/rules/<name>/`` and run ``make docs``.  Tests fail until all are done.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from liveflow_graph.errors import ConfigError
from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.rules import (
    ambiguous_transition_label,
    cycle,
    dangling_transition,
    duplicate_step_id,
    duplicate_step_name,
    duplicate_transition,
    duplicate_transition_id,
    empty_prompt,
    flow_id_mismatch,
    flow_size,
    input_error,
    internal_error,
    loop_without_user_input,
    multiple_downstream_steps,
    multiple_start_steps,
    no_path_to_end,
    reference_not_upstream,
    self_loop,
    session_step_unknown,
    start_result_reference,
    start_step_has_incoming,
    start_step_prompt,
    start_step_required,
    timestamp_order,
    undefined_reference,
    unknown_reference_form,
    unknown_step_type,
    unreachable_step,
    unused_result,
)
from liveflow_graph.validation.rules._base import Check, Context, Finding, FlowSizeLimits

__all__ = [
    "DOCS_URL",
    "INTERNAL_ERROR",
    "RULES",
    "Check",
    "Context",
    "Finding",
    "FlowSizeLimits",
    "Rule",
    "get_rule",
    "match_rules",
]

_SECTIONS = ("**Why it matters.**", "**Example.**", "**How to fix.**")

DOCS_URL = "https://github.com/liveflow-graph/liveflow-graph/blob/main/docs/rules.md"
"""The rules' documentation (``docs/rules.md``); each rule has an anchor there."""


@dataclass(frozen=True, slots=True)
class Rule:
    """A registered rule: code, name, default severity, documentation and check.

    ``summary`` is the docstring's first paragraph on one line, ``doc`` the whole
    docstring (Markdown); ``check`` is ``None`` only for ``internal-error``.
    """

    code: str
    name: str
    severity: Severity
    summary: str
    doc: str
    own_judgement: bool
    module: str
    check: Check | None = None
    default_enabled: bool = True

    @classmethod
    def from_module(cls, module: ModuleType) -> Rule:
        """The rule a rule module defines (see the package docstring)."""
        doc = _dedent(module.__doc__ or "")
        summary = " ".join(doc.split("\n\n", 1)[0].split())
        return cls(
            code=module.CODE,
            name=module.NAME,
            severity=Severity(module.SEVERITY),
            summary=summary,
            doc=doc,
            own_judgement=bool(module.OWN_JUDGEMENT),
            module=module.__name__,
            check=getattr(module, "check", None),
            default_enabled=bool(getattr(module, "DEFAULT_ENABLED", True)),
        )

    @property
    def source(self) -> str:
        """Where the rule comes from: TrueState's documentation, our judgement (beyond
        what the documentation states), or liveflow-graph itself (``internal-error``,
        ``input-error``: about the run, not the flow)."""
        if self.check is None:
            return "liveflow-graph itself"
        return "our judgement" if self.own_judgement else "TrueState's documentation"

    @property
    def url(self) -> str:
        """The rule's section of the documentation."""
        return f"{DOCS_URL}#{self.code.lower()}-{self.name}"

    @property
    def category(self) -> str:
        """What the code's hundreds stand for (``structure``, ``references``...)."""
        return _CATEGORIES.get(self.code[:3], "internal")

    @property
    def sections(self) -> tuple[str, ...]:
        """The documentation sections this rule's docstring lacks (empty when complete)."""
        return tuple(section for section in _SECTIONS if section not in self.doc)


_CATEGORIES = {
    "LF1": "structure",
    "LF2": "flow shape",
    "LF3": "references",
    "LF4": "step types and prompts",
    "LF5": "flow and session consistency",
}


def _dedent(doc: str) -> str:
    lines = doc.strip().splitlines()
    return "\n".join(line.rstrip() for line in lines)


_MODULES: tuple[ModuleType, ...] = (
    internal_error,
    input_error,
    start_step_required,
    multiple_start_steps,
    start_step_has_incoming,
    unreachable_step,
    dangling_transition,
    duplicate_step_id,
    duplicate_transition_id,
    duplicate_step_name,
    duplicate_transition,
    start_step_prompt,
    self_loop,
    cycle,
    no_path_to_end,
    multiple_downstream_steps,
    loop_without_user_input,
    ambiguous_transition_label,
    flow_size,
    undefined_reference,
    reference_not_upstream,
    unknown_reference_form,
    start_result_reference,
    unused_result,
    unknown_step_type,
    empty_prompt,
    flow_id_mismatch,
    session_step_unknown,
    timestamp_order,
)

RULES: tuple[Rule, ...] = tuple(
    sorted((Rule.from_module(m) for m in _MODULES), key=lambda rule: rule.code)
)
"""Every rule, ordered by code (``LF000`` first)."""

INTERNAL_ERROR: Rule = next(rule for rule in RULES if rule.code == "LF000")
"""The diagnostic the engine emits for a crashing rule."""

_BY_KEY = {**{r.code: r for r in RULES}, **{r.name: r for r in RULES}}


def get_rule(name_or_code: str) -> Rule:
    """The rule with this code (``LF104``, any case) or name (``unreachable-step``).

    Raises :class:`~liveflow_graph.errors.ConfigError` naming close matches otherwise.
    """
    key = name_or_code.strip()
    rule = _BY_KEY.get(key) or _BY_KEY.get(key.upper()) or _BY_KEY.get(key.lower())
    if rule is not None:
        return rule
    raise ConfigError(f"unknown rule {name_or_code!r}{_did_you_mean(key)}")


def match_rules(selector: str) -> tuple[Rule, ...]:
    """The rules a selector picks: a name, a code, or a code prefix (``LF3``, ``LF``).

    Raises :class:`~liveflow_graph.errors.ConfigError` when it picks none.
    """
    key = selector.strip()
    exact = _BY_KEY.get(key) or _BY_KEY.get(key.lower())
    if exact is not None:
        return (exact,)
    upper = key.upper()
    if upper.startswith("LF"):
        found = tuple(rule for rule in RULES if rule.code.startswith(upper))
        if found:
            return found
    raise ConfigError(f"{selector!r} is not a rule name, code or code prefix{_did_you_mean(key)}")


def _did_you_mean(key: str) -> str:
    import difflib

    if key.upper().startswith("LF"):
        close = difflib.get_close_matches(key.upper(), [r.code for r in RULES], n=3, cutoff=0.6)
    else:
        close = difflib.get_close_matches(key.lower(), [r.name for r in RULES], n=3, cutoff=0.6)
    if not close:
        return " (run `liveflow-graph rules` to list them)"
    return " (did you mean " + " or ".join(repr(name) for name in close) + "?)"
