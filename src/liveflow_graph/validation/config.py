"""Validation settings: which rules run, at which severity, and what fails a run.

Settings come from the ``[tool.liveflow-graph]`` table of a ``pyproject.toml``, or from
the top level of a ``.liveflow-graph.toml``::

    [tool.liveflow-graph]
    select = ["LF1", "LF3"]          # rule names, codes or code prefixes (default: all)
    ignore = ["multiple-downstream-steps"]
    extra-step-types = ["WEBHOOK"]   # step types to accept besides START, LLM, USER_INPUT
    fail-on = "warning"              # error (default), warning or info
    exclude = ["drafts/", "*.schema.json"]   # gitignore-style, for directory searches

    [tool.liveflow-graph.severity]
    cycle = "error"                  # rule name, code or prefix = error | warning | info

    [tool.liveflow-graph.per-flow-ignores]
    "Support triage" = ["LF205"]     # flow name or id = rules not reported for that flow

    [tool.liveflow-graph.per-step-ignores]
    legacy_escalation = ["unreachable-step"]            # step name or id, in any flow
    "Support triage::retry_lookup" = ["self-loop"]      # FLOW::STEP, in that flow only

    [tool.liveflow-graph.flow-size]  # the limits of the flow-size rule
    max-steps = 40                   # steps per version (default 100)
    max-path-length = 12             # steps on the longest path (default 50)

and from the command line (``--select``, ``--ignore``, ``--severity``, ``--fail-on``),
which take precedence.  A rule runs when it matches ``select`` (or ``select`` is empty)
and matches no ``ignore`` entry: ``ignore`` wins.  A rule that is off by default
(``unused-result``) runs only when a ``select`` entry names it (by name or code).
Severity overrides apply in order, so a later, more specific entry overrides an earlier
prefix.  A per-step ignore drops a finding when any step it involves matches.  Every
invalid setting raises :class:`~liveflow_graph.errors.ConfigError` naming the file, the
line and the key.

:meth:`Config.discover` finds the settings of a file: the nearest directory, from the
file's own upward, holding a ``.liveflow-graph.toml`` (which wins) or a ``pyproject.toml``
with a ``[tool.liveflow-graph]`` table.  A configuration file that is not valid TOML is an
error there, never skipped.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from liveflow_graph.errors import ConfigError, InputError
from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.rules import RULES, FlowSizeLimits, Rule, match_rules

__all__ = ["DOTFILE", "TABLE", "Config", "parse_severity"]

TABLE = "liveflow-graph"
"""The table under ``[tool]`` of a ``pyproject.toml`` that holds our settings."""

DOTFILE = ".liveflow-graph.toml"
"""The settings file whose top level holds our settings (it wins over a ``pyproject.toml``
in the same directory)."""

_KEYS = (
    "select",
    "ignore",
    "severity",
    "extra-step-types",
    "fail-on",
    "exclude",
    "per-flow-ignores",
    "per-step-ignores",
    "flow-size",
)
_FLOW_SIZE_KEYS = {"max-steps": "max_steps", "max-path-length": "max_path_length"}
_FLOW_STEP = "::"

Ignores = tuple[tuple[str, tuple[str, ...]], ...]
"""``((flow or step key, (rule selectors...)), ...)``."""


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
    exclude: tuple[str, ...] = ()
    per_flow_ignores: Ignores = ()
    per_step_ignores: Ignores = ()
    flow_size: FlowSizeLimits = field(default_factory=FlowSizeLimits)
    root: Path | None = field(default=None, compare=False)
    """The directory of the file the settings came from (``exclude`` patterns are relative
    to it); ``None`` for settings not read from a file."""
    _enabled: tuple[Rule, ...] = field(init=False, repr=False, compare=False)
    _severities: Mapping[str, Severity] = field(init=False, repr=False, compare=False)
    _ignored: frozenset[str] = field(init=False, repr=False, compare=False)
    _flow_codes: tuple[tuple[str, frozenset[str]], ...] = field(
        init=False, repr=False, compare=False
    )
    _step_codes: tuple[tuple[str, frozenset[str]], ...] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        select = _selectors(self.select, "select")
        ignore = _selectors(self.ignore, "ignore")
        # every iterable setting is read exactly once (a generator is empty the second time)
        pairs = self.severity.items() if isinstance(self.severity, Mapping) else self.severity
        severity = tuple((str(k), parse_severity(v, key=f"severity.{k}")) for k, v in _pairs(pairs))
        extra = _strings(self.extra_step_types, "extra-step-types")
        exclude = _strings(self.exclude, "exclude")
        flow_ignores = _ignores(self.per_flow_ignores, "per-flow-ignores")
        step_ignores = _ignores(self.per_step_ignores, "per-step-ignores")
        object.__setattr__(self, "exclude", exclude)
        object.__setattr__(self, "per_flow_ignores", flow_ignores)
        object.__setattr__(self, "per_step_ignores", step_ignores)
        object.__setattr__(self, "_flow_codes", _codes(flow_ignores, "per-flow-ignores"))
        object.__setattr__(self, "_step_codes", _codes(step_ignores, "per-step-ignores"))
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

    @property
    def has_ignores(self) -> bool:
        """Whether any per-flow or per-step ignore is set."""
        return bool(self._flow_codes or self._step_codes)

    def flow_ignores(self, flow_id: str | None, flow_name: str | None) -> frozenset[str]:
        """The codes of the rules ``per-flow-ignores`` turns off for this flow."""
        keys = {k for k in (flow_id, flow_name) if k is not None}
        return frozenset(code for key, codes in self._flow_codes if key in keys for code in codes)

    def step_ignores(
        self, flow_id: str | None, flow_name: str | None, steps: Iterable[tuple[str, str]]
    ) -> dict[str, frozenset[str]]:
        """``{step id: codes}``: the rules ``per-step-ignores`` turns off for each of
        ``steps`` (``(id, name)`` pairs) of this flow; steps without any are left out.

        A key is a step id or name (any flow), or ``FLOW::STEP`` (flow id or name, then
        step id or name) for one flow only; a key that is itself a step's id or name is
        always read as that step."""
        if not self._step_codes:
            return {}
        flows = {k for k in (flow_id, flow_name) if k is not None}
        found: dict[str, frozenset[str]] = {}
        for step_id, name in steps:
            codes: set[str] = set()
            for key, rule_codes in self._step_codes:
                if key in (step_id, name):
                    codes |= rule_codes
                    continue
                flow, sep, step = key.rpartition(_FLOW_STEP)
                if sep and flow in flows and step in (step_id, name):
                    codes |= rule_codes
            if codes:
                found[step_id] = frozenset(codes)
        return found

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
        exclude: Iterable[str] = (),
    ) -> Config:
        """These settings with command-line options on top: ``select`` replaces (when
        given), ``ignore``, ``severity``, ``extra_step_types`` and ``exclude`` extend,
        ``fail_on`` replaces."""
        return replace(
            self,
            exclude=(*self.exclude, *exclude),
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
    def from_mapping(
        cls,
        table: Mapping[str, Any],
        *,
        source: str | None = None,
        root: Path | None = None,
        text: str | None = None,
    ) -> Config:
        """Settings from a ``[tool.liveflow-graph]`` table (already decoded); ``source``
        names the file in errors, ``text`` (its TOML) lets an error give the line of the
        key at fault, ``root`` is the directory ``exclude`` patterns are relative to."""
        try:
            return cls._from_table(table, root)
        except ConfigError as error:
            line = _line_of(text, error.message) if text is not None else None
            where = f"{source}:{line}: " if source and line else f"{source}: " if source else ""
            raise ConfigError(f"{where}{error.message}") from None

    @classmethod
    def _from_table(cls, table: Mapping[str, Any], root: Path | None) -> Config:
        if not isinstance(table, Mapping):
            raise ConfigError(f"[tool.{TABLE}] must be a table")
        for key in table:
            if key not in _KEYS:
                close = difflib.get_close_matches(str(key), _KEYS, n=1, cutoff=0.6)
                hint = f"did you mean {close[0]!r}? " if close else ""
                raise ConfigError(f"unknown key {key!r} ({hint}known keys: {', '.join(_KEYS)})")
        severity = table.get("severity", {})
        if not isinstance(severity, Mapping):
            raise ConfigError("severity: must be a table of rule = level")
        return cls(
            select=_list(table, "select"),
            ignore=_list(table, "ignore"),
            severity=tuple(severity.items()),
            extra_step_types=_list(table, "extra-step-types"),
            fail_on=table.get("fail-on", Severity.ERROR),
            exclude=_list(table, "exclude"),
            per_flow_ignores=_table_of_lists(table, "per-flow-ignores"),
            per_step_ignores=_table_of_lists(table, "per-step-ignores"),
            flow_size=_flow_size(table.get("flow-size", {})),
            root=root,
        )

    @classmethod
    def from_pyproject(cls, path: str | Path) -> Config:
        """Settings from the TOML file at ``path``: its ``[tool.liveflow-graph]`` table
        (the defaults when it has none), or its top level when the file is not named
        ``pyproject.toml`` (a ``.liveflow-graph.toml``)."""
        path = Path(path)
        found = _read_settings(path)
        if found is None:
            return cls(root=path.resolve().parent)
        table, text = found
        return cls.from_mapping(table, source=str(path), root=path.resolve().parent, text=text)

    @classmethod
    def from_file(cls, path: str | Path) -> Config:
        """The same as :meth:`from_pyproject` (any settings file)."""
        return cls.from_pyproject(path)

    @classmethod
    def discover(cls, start: str | Path = ".") -> tuple[Config, Path | None]:
        """The settings for a file in directory ``start`` (see the module docstring) and
        the file they came from; the defaults and ``None`` if there is none.

        Raises :class:`~liveflow_graph.errors.ConfigError` for a settings file on the way
        that is not valid TOML or holds an invalid setting."""
        found = settings_file(start)
        if found is None:
            return cls(), None
        return cls.from_pyproject(found), found


def settings_file(start: str | Path = ".") -> Path | None:
    """The settings file that applies to directory ``start``: in the nearest directory,
    from ``start`` up, a ``.liveflow-graph.toml``, else a ``pyproject.toml`` with a
    ``[tool.liveflow-graph]`` table.  A ``pyproject.toml`` on the way that is not valid
    TOML raises :class:`~liveflow_graph.errors.ConfigError` (it might have held one)."""
    here = Path(start).resolve()
    for folder in (here, *here.parents):
        dotfile = folder / DOTFILE
        if dotfile.is_file():
            return dotfile
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and _read_settings(candidate) is not None:
            return candidate
    return None


def _read_settings(path: Path) -> tuple[Any, str] | None:
    """Our settings in a TOML file and its text: the ``[tool.liveflow-graph]`` table of a
    ``pyproject.toml`` (``None`` when it has none); in any other file that table when it
    has one, else the whole document (a ``.liveflow-graph.toml``)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("no such file", source=str(path)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read: {error}", source=str(path)) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(_toml_error(path, error, text)) from None
    tool = data.get("tool", {})
    table = tool.get(TABLE) if isinstance(tool, dict) else None
    if table is not None:
        return table, text
    return None if path.name == "pyproject.toml" else (data, text)


_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


def _toml_error(path: Path, error: tomllib.TOMLDecodeError, text: str) -> str:
    """``FILE:LINE:COL: invalid TOML: what`` (the position from tomllib's message)."""
    message = str(error)
    match = _AT.search(message)
    if match is None and message.endswith("(at end of document)"):
        lines = text.split("\n")
        what = message.removesuffix("(at end of document)").strip()
        return f"{path}:{len(lines)}:{len(lines[-1]) + 1}: invalid TOML: {what}"
    if match is None:
        return f"{path}: invalid TOML: {message}"
    what = message[: match.start()].strip()
    return f"{path}:{match[1]}:{match[2]}: invalid TOML: {what}"


def _line_of(text: str, message: str) -> int | None:
    """The line of ``text`` that sets the key an error ``message`` starts with (``select:``,
    ``severity.cycle:``, ``unknown key 'x'``), when it can be told."""
    match = re.match(r"unknown key '([^']+)'|([\w.-]+?)(?:\.([^:]+))?:", message)
    if match is None:
        return None
    key = match[1] or match[3] or match[2]
    pattern = re.compile(r'^[ \t]*["\']?' + re.escape(key) + r'["\']?[ \t]*=', re.MULTILINE)
    found = pattern.search(text)
    if found is None:
        return None
    return text.count("\n", 0, found.start()) + 1


def _list(table: Mapping[str, Any], key: str, name: str | None = None) -> tuple[str, ...]:
    value = table.get(key, [])
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{name or key}: must be a list of strings, got {value!r}")
    return tuple(value)


def _table_of_lists(table: Mapping[str, Any], key: str) -> Ignores:
    value = table.get(key, {})
    if not isinstance(value, Mapping):
        raise ConfigError(f"{key}: must be a table of name = [rules]")
    return tuple((str(name), _list(value, str(name), f"{key}.{name}")) for name in value)


def _ignores(values: object, key: str) -> Ignores:
    pairs = values.items() if isinstance(values, Mapping) else values
    if not isinstance(pairs, Iterable):
        raise ConfigError(f"{key}: must be a table of name = [rules]")
    found = []
    for pair in pairs:
        if not isinstance(pair, tuple) or len(pair) != 2 or not isinstance(pair[0], str):
            raise ConfigError(f"{key}: expected (name, [rules]) pairs, got {pair!r}")
        found.append((pair[0], _strings(pair[1], f"{key}.{pair[0]}")))
    return tuple(found)


def _codes(ignores: Ignores, key: str) -> tuple[tuple[str, frozenset[str]], ...]:
    return tuple(
        (name, frozenset(r.code for s in selectors for r in _match(s, f"{key}.{name}")))
        for name, selectors in ignores
    )


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
