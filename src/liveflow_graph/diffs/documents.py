"""The JSON documents of a diff, as types: what each record's ``to_dict()`` returns.

Every ``to_dict()`` of :mod:`~liveflow_graph.diffs.records` and
:meth:`VersionDiff.to_dict <liveflow_graph.diffs.model.VersionDiff.to_dict>` is annotated to
return one of these ``TypedDict`` s, so the type checker (``mypy --strict``) rejects a key
that one side has and the other does not, or a value of another type.  The published JSON
Schema (:mod:`~liveflow_graph.diffs.schema`) is generated from these types by pydantic, so
it cannot drift from them either.  The docstrings of the types and of their keys become
the schema's descriptions, so they are written in Markdown, not reStructuredText.
"""

# no `from __future__ import annotations`: the TypedDicts read their annotations when they
# are built (so that `__required_keys__` knows `NotRequired`), each from the ones above it
from typing import Annotated, Any, Final, Literal

from pydantic import ConfigDict, Field, with_config
from typing_extensions import TypedDict  # pydantic reads only this TypedDict before 3.12

from liveflow_graph.validation.documents import DiagnosticDict

__all__ = [
    "SCHEMA_VERSION",
    "CountsDict",
    "DiagnosticDict",
    "DiffSideDict",
    "FieldChangeDict",
    "MultiDiffDict",
    "StartChangeDict",
    "StepChangeDict",
    "StepRefDict",
    "StepsDict",
    "TextDiffDict",
    "TransitionChangeDict",
    "TransitionMatching",
    "TransitionRefDict",
    "TransitionsDict",
    "ValidityDict",
    "VersionDiffDict",
]

SCHEMA_VERSION: Final = 1
"""Version of the JSON document :meth:`VersionDiff.to_dict` returns (bumped on any
incompatible change; new keys may be added without a bump)."""

TransitionMatching = Literal["id", "source_label"]
"""How transitions were paired: by id (the versions share transition ids), or by
(source step, label), then (source step, target step), when no id persists."""

Count = Annotated[int, Field(ge=0)]

_EXACT = ConfigDict(extra="forbid", use_attribute_docstrings=True)
"""Each document has exactly the keys its type lists (the schema says
``additionalProperties: false``; :mod:`~liveflow_graph.diffs.schema` also publishes an open
variant)."""


@with_config(_EXACT)
class StepRefDict(TypedDict):
    """A step as one version has it."""

    id: str
    name: str
    step_type: str


@with_config(_EXACT)
class TransitionRefDict(TypedDict):
    """A transition as one version has it, with the names of its end steps in that version."""

    id: str
    source_step_id: str
    target_step_id: str
    label: str | None
    source_name: str | None
    """`null` when the source names no step of the version (a dangling transition)."""
    target_name: str | None
    """`null` when the target names no step of the version (a dangling transition)."""


@with_config(_EXACT)
class TextDiffDict(TypedDict):
    """One string inside a prompt template that differs between the versions."""

    path: str
    """Its JSON-path suffix inside the template (`.text`, `.messages[0].content`)."""
    old: str | None
    """`null` when only the new version has the string."""
    new: str | None
    """`null` when only the old version has the string."""
    unified: list[str]
    """The unified diff: `@@` hunks and `-`/`+`/space lines, no file headers."""


@with_config(_EXACT)
class FieldChangeDict(TypedDict):
    """One field that differs."""

    field: str
    old: Any
    """The old value (JSON; `null` also when the field is absent)."""
    new: Any
    """The new value (JSON; `null` also when the field is absent)."""
    text_diffs: list[TextDiffDict]
    """The prompt strings that changed (`prompt_template` only)."""


@with_config(_EXACT)
class StepChangeDict(TypedDict):
    """A step present in both versions and the fields that differ."""

    old: StepRefDict
    new: StepRefDict
    renamed: bool
    changes: list[FieldChangeDict]


@with_config(_EXACT)
class TransitionChangeDict(TypedDict):
    """A transition present in both versions and the fields that differ."""

    old: TransitionRefDict
    new: TransitionRefDict
    moved: bool
    """Whether its source or target step changed."""
    changes: list[FieldChangeDict]


@with_config(_EXACT)
class StartChangeDict(TypedDict):
    """The START steps of each version, when they are not the same steps."""

    old: list[StepRefDict]
    new: list[StepRefDict]


@with_config(_EXACT)
class DiffSideDict(TypedDict):
    """Which version one side of the diff is."""

    version_id: str
    flow_id: str | None
    flow_name: str | None
    steps: Count
    transitions: Count
    sessions: Count
    """How many sessions the input carried that ran on this version."""


@with_config(_EXACT)
class CountsDict(TypedDict):
    """How many of each kind of change."""

    steps_added: Count
    steps_removed: Count
    steps_changed: Count
    steps_renamed: Count
    steps_unchanged: Count
    transitions_added: Count
    transitions_removed: Count
    transitions_changed: Count
    transitions_moved: Count
    transitions_unchanged: Count
    diagnostics_appeared: Count
    diagnostics_disappeared: Count


@with_config(_EXACT)
class StepsDict(TypedDict):
    """The steps added, removed and changed."""

    added: list[StepRefDict]
    removed: list[StepRefDict]
    changed: list[StepChangeDict]


@with_config(_EXACT)
class TransitionsDict(TypedDict):
    """The transitions added, removed, changed (label or other fields) and moved."""

    added: list[TransitionRefDict]
    removed: list[TransitionRefDict]
    changed: list[TransitionChangeDict]
    moved: list[TransitionChangeDict]


@with_config(_EXACT)
class ValidityDict(TypedDict):
    """The validation findings that appeared in the new version or disappeared from it."""

    checked: bool
    """`false` when the findings were not compared."""
    appeared: list[DiagnosticDict]
    disappeared: list[DiagnosticDict]


@with_config(_EXACT)
class VersionDiffDict(TypedDict):
    """What changed from one version of a flow to another."""

    schema_version: Literal[1]
    old: DiffSideDict
    new: DiffSideDict
    summary: str
    is_empty: bool
    transition_matching: TransitionMatching
    rename_map: dict[str, str]
    """Old step id -> new step id, for steps whose id changed."""
    counts: CountsDict
    steps: StepsDict
    transitions: TransitionsDict
    start: StartChangeDict | None
    validity: ValidityDict


@with_config(_EXACT)
class MultiDiffDict(TypedDict):
    """Every older version of a flow against its current one
    (`liveflow-graph diff FILE --format json`)."""

    schema_version: Literal[1]
    diffs: list[VersionDiffDict]
    notes: list[str]
    """What could not be compared (a flow with only its current version)."""
