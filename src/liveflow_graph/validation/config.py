"""Validation settings: which rules run, at which severity, and what fails a run.

Settings come from the ``[tool.liveflow-graph]`` table of a ``pyproject.toml``::

    [tool.liveflow-graph]
    select = ["LF1", "LF3"]          # rule names, codes or code prefixes (default: all)
    ignore = ["multiple-downstream-steps"]
    extra-step-types = ["WEBHOOK"]   # step types to accept besides START, LLM, USER_INPUT
    fail-on = "warning"              # error (default), warning or info

    [tool.liveflow-graph.severity]
    cycle = "error"                  # rule name, code or prefix = error | warning | info

    [tool.liveflow-graph.flow-size]  # the limits of the flow-size rule
    max-steps = 40                   # steps per version (default 100)
    max-path-length = 12             # steps on the longest path (default 50)

and from the command line (``--select``, ``--ignore``, ``--severity``, ``--fail-on``),
which take precedence.  A rule runs when it matches ``select`` (or ``select`` is empty)
and matches no ``ignore`` entry: ``ignore`` wins.  A rule that is off by default
(``unused-result``) runs only when a ``select`` entry names it (by name or code).
Severity overrides apply in order, so a later, more specific entry overrides an earlier
prefix.  Every invalid setting raises
:class:`~liveflow_graph.errors.ConfigError` naming the key.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from liveflow_graph.errors import ConfigError, InputError
from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.rules import RULES, FlowSizeLimits, Rule, match_rules

__all__ = ["TABLE", "Config", "parse_severity"]

TABLE = "liveflow-graph"
"""The table under ``[tool]`` that holds our settings."""

_KEYS = ("select", "ignore", "severity", "extra-step-types", "fail-on", "flow-size")
_FLOW_SIZE_KEYS = {"max-steps": "max_steps", "max-path-length": "max_path_length"}


def parse_severity(value: object, *, key: str) -> Severity:
    """``value`` as a :class:`Severity`; ``key`` names the setting in the error."""
    if isinstance(value, Severity):
        return value
    if isinstance(value, str):
        try:
            return Severity(value.strip().lower())
        except ValueError:
            pass
    choices = ", ".join(s.value for s in Severity)
    raise ConfigError(f"{key}: {value!r} is not a severity (must be one of {choices})")


@dataclass(frozen=True, slots=True)
class Config:
    """Immutable validation settings (see the module docstring).

    ``select``/``ignore`` hold selectors (names, codes, code prefixes); ``severity`` maps
    a selector to the severity its rules report at; ``extra_step_types`` are step types
    ``unknown-step-type`` accepts; ``fail_on`` is the lowest severity that fails a run;
    ``flow_size`` holds the limits ``flow-size`` checks.
    """

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    extra_step_types: tuple[str, ...] = ()
    fail_on: Severity = Severity.ERROR
    flow_size: FlowSizeLimits = field(default_factory=FlowSizeLimits)
    _enabled: tuple[Rule, ...] = field(init=False, repr=False, compare=False)
    _severities: Mapping[str, Severity] = field(init=False, repr=False, compare=False)
    _ignored: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        select = _selectors(self.select, "select")
        ignore = _selectors(self.ignore, "ignore")
        # every iterable setting is read exactly once (a generator is empty the second time)
        pairs = self.severity.items() if isinstance(self.severity, Mapping) else self.severity
        severity = tuple((str(k), parse_severity(v, key=f"severity.{k}")) for k, v in _pairs(pairs))
        extra = _strings(self.extra_step_types, "extra-step-types")
        object.__setattr__(self, "select", select)
        object.__setattr__(self, "ignore", ignore)
        object.__setattr__(self, "severity", severity)
        object.__setattr__(self, "extra_step_types", extra)
        object.__setattr__(self, "fail_on", parse_severity(self.fail_on, key="fail-on"))
        object.__setattr__(self, "flow_size", _flow_size(self.flow_size))

        chosen = {r.code for s in select for r in _match(s, "select")} if select else None
        dropped = {r.code for s in ignore for r in _match(s, "ignore")}
        named = {s.strip().upper() for s in select}  # rules off by default need their name
        enabled = tuple(
            rule
            for rule in RULES
            if (rule.default_enabled or rule.code in named or rule.name.upper() in named)
            and (chosen is None or rule.code in chosen)
            and rule.code not in dropped
        )
        levels: dict[str, Severity] = {}
        for selector, level in severity:
            for rule in _match(selector, f"severity.{selector}"):
                levels[rule.code] = level
        object.__setattr__(self, "_enabled", enabled)
        object.__setattr__(self, "_severities", levels)
        object.__setattr__(self, "_ignored", frozenset(dropped))

    # -- queries ----------------------------------------------------------------------

    @property
    def enabled_rules(self) -> tuple[Rule, ...]:
        """The rules that run, in code order."""
        return self._enabled

    def is_ignored(self, rule: Rule) -> bool:
        """Whether ``ignore`` names ``rule`` (``internal-error`` is reported unless it is
        ignored explicitly, whatever ``select`` says)."""
        return rule.code in self._ignored

    def severity_of(self, rule: Rule) -> Severity:
        """The severity ``rule`` reports at (its default unless overridden)."""
        return self._severities.get(rule.code, rule.severity)

    def severity_override(self, rule: Rule) -> Severity | None:
        """The severity the settings give ``rule``, or ``None`` when they leave it alone
        (then each finding reports at its own severity, or the rule's default)."""
        return self._severities.get(rule.code)

    # -- building ---------------------------------------------------------------------

    def merged(
        self,
        *,
        select: Iterable[str] | None = None,
        ignore: Iterable[str] = (),
        severity: Iterable[tuple[str, Severity | str]] = (),
        extra_step_types: Iterable[str] = (),
        fail_on: Severity | str | None = None,
    ) -> Config:
        """These settings with command-line options on top: ``select`` replaces (when
        given), ``ignore``, ``severity`` and ``extra_step_types`` extend, ``fail_on``
        replaces."""
        return replace(
            self,
            select=tuple(select) if select is not None else self.select,
            ignore=(*self.ignore, *ignore),
            severity=(
                *self.severity,
                *((k, parse_severity(v, key=f"severity {k}")) for k, v in severity),
            ),
            extra_step_types=(*self.extra_step_types, *extra_step_types),
            fail_on=self.fail_on if fail_on is None else parse_severity(fail_on, key="fail-on"),
        )

    @classmethod
    def from_mapping(cls, table: Mapping[str, Any], *, source: str | None = None) -> Config:
        """Settings from a ``[tool.liveflow-graph]`` table (already decoded)."""
        where = f"{source}: " if source else ""
        if not isinstance(table, Mapping):
            raise ConfigError(f"{where}[tool.{TABLE}] must be a table")
        unknown = [key for key in table if key not in _KEYS]
        if unknown:
            raise ConfigError(
                f"{where}[tool.{TABLE}]: unknown key {unknown[0]!r} "
                f"(known keys: {', '.join(_KEYS)})"
            )
        severity = table.get("severity", {})
        if not isinstance(severity, Mapping):
            raise ConfigError(f"{where}severity: must be a table of rule = level")
        try:
            return cls(
                select=_list(table, "select"),
                ignore=_list(table, "ignore"),
                severity=tuple(severity.items()),
                extra_step_types=_list(table, "extra-step-types"),
                fail_on=table.get("fail-on", Severity.ERROR),
                flow_size=_flow_size(table.get("flow-size", {})),
            )
        except ConfigError as error:
            raise ConfigError(f"{where}{error.message}") from None

    @classmethod
    def from_pyproject(cls, path: str | Path) -> Config:
        """Settings from ``[tool.liveflow-graph]`` in the TOML file at ``path`` (the
        defaults when the file has no such table)."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InputError("no such file", source=str(path)) from None
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(f"cannot read: {error}", source=str(path)) from None
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"{path}: invalid TOML: {error}") from None
        tool = data.get("tool", {})
        table = tool.get(TABLE) if isinstance(tool, dict) else None
        if table is None:
            return cls()
        return cls.from_mapping(table, source=str(path))

    @classmethod
    def discover(cls, start: str | Path = ".") -> tuple[Config, Path | None]:
        """The settings of the nearest ``pyproject.toml`` with a ``[tool.liveflow-graph]``
        table, searching ``start`` and its parents; the defaults and ``None`` if none."""
        here = Path(start).resolve()
        for folder in (here, *here.parents):
            candidate = folder / "pyproject.toml"
            if candidate.is_file() and _has_table(candidate):
                return cls.from_pyproject(candidate), candidate
        return cls(), None


def _has_table(path: Path) -> bool:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    tool = data.get("tool")
    return isinstance(tool, dict) and TABLE in tool


def _list(table: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{key}: must be a list of strings, got {value!r}")
    return tuple(value)


def _strings(values: object, key: str) -> tuple[str, ...]:
    if isinstance(values, str):
        return (values,)
    if not isinstance(values, Iterable):
        raise ConfigError(f"{key}: must be a list of strings, got {values!r}")
    # read once: a generator or other iterator is empty the second time (checking the items
    # and then copying them used to store () for one, and an empty select runs every rule)
    items = tuple(values)
    found = tuple(v for v in items if isinstance(v, str))
    if len(found) != len(items):
        shown = items if isinstance(values, Iterator) else values
        raise ConfigError(f"{key}: must be a list of strings, got {shown!r}")
    return found


def _selectors(values: object, key: str) -> tuple[str, ...]:
    found = _strings(values, key)
    for selector in found:
        _match(selector, key)
    return found


def _pairs(pairs: Iterable[Any]) -> Iterable[tuple[Any, Any]]:
    for pair in pairs:
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise ConfigError(f"severity: expected RULE=LEVEL pairs, got {pair!r}")
        yield pair[0], pair[1]


def _flow_size(value: object) -> FlowSizeLimits:
    """``value`` (limits, or a ``flow-size`` table) as checked :class:`FlowSizeLimits`."""
    if isinstance(value, FlowSizeLimits):
        given = {"max-steps": value.max_steps, "max-path-length": value.max_path_length}
    elif isinstance(value, Mapping):
        unknown = [key for key in value if key not in _FLOW_SIZE_KEYS]
        if unknown:
            raise ConfigError(
                f"flow-size: unknown key {unknown[0]!r} (known keys: {', '.join(_FLOW_SIZE_KEYS)})"
            )
        given = dict(value)
    else:
        raise ConfigError(f"flow-size: must be a table of limits, got {value!r}")
    limits: dict[str, int] = {}
    for key, number in given.items():
        if isinstance(number, bool) or not isinstance(number, int) or number < 1:
            raise ConfigError(f"flow-size.{key}: must be a whole number >= 1, got {number!r}")
        limits[_FLOW_SIZE_KEYS[key]] = number
    return FlowSizeLimits(**limits)


def _match(selector: str, key: str) -> tuple[Rule, ...]:
    try:
        return match_rules(selector)
    except ConfigError as error:
        raise ConfigError(f"{key}: {error.message}") from None
