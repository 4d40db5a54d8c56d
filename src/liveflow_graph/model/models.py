"""Typed models of the TrueState Live Flow API documents (pydantic v2).

The models follow the API field names exactly.  They are forward compatible:

* open enumerations (``step_type``, session ``status``, ``prompt_template.type``) are plain
  strings; the values we know are listed in :class:`StepType`, :class:`SessionStatus` and
  :class:`SessionStepStatus` for convenience, and unknown values are kept as they came;
* fields the API adds later are kept (``extra="allow"``) and dumped again;
* fields that real payloads may send as ``null`` accept ``None``.

Strings and integers are strict: ``"3"`` is not silently turned into ``3``, nor ``3`` into
``"3"``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr

from liveflow_graph._hooks import Drawable, mimebundle
from liveflow_graph.errors import ConfigError
from liveflow_graph.model.jsonpath import ROOT, ROOT_PATH, JSONPath, located, parse, render

__all__ = [
    "FAILED_STATUSES",
    "FlowVersion",
    "JSONValue",
    "LiveFlow",
    "PromptTemplate",
    "Session",
    "SessionPrompt",
    "SessionStatus",
    "SessionStep",
    "SessionStepStatus",
    "Step",
    "StepTransition",
    "StepType",
    "VersionRef",
    "collect_strings",
    "collect_versions",
    "template_strings",
]

JSONValue = Any
"""Any JSON value (object, array, string, number, boolean or null)."""

Timestamp = Annotated[datetime | None, Field(default=None)]


class StepType(StrEnum):
    """Step types we know of.  ``Step.step_type`` is a plain string: others are kept."""

    START = "START"
    LLM = "LLM"
    USER_INPUT = "USER_INPUT"


class SessionStatus(StrEnum):
    """Session statuses we know of (``NEW`` and ``WAITING_FOR_USER_INPUT`` are documented)."""

    NEW = "NEW"
    RUNNING = "RUNNING"
    WAITING_FOR_USER_INPUT = "WAITING_FOR_USER_INPUT"
    FINISHED = "FINISHED"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"


class SessionStepStatus(StrEnum):
    """Session-step statuses we know of (``NEW`` is documented)."""

    NEW = "NEW"
    RUNNING = "RUNNING"
    WAITING_FOR_USER_INPUT = "WAITING_FOR_USER_INPUT"
    FINISHED = "FINISHED"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"


FAILED_STATUSES = frozenset({SessionStatus.FAILED.value, SessionStepStatus.FAILED.value})
"""The session and session-step statuses that mean "failed"."""


class _Model(BaseModel):
    """Common configuration: keep unknown fields, validate on assignment, no coercion."""

    model_config = ConfigDict(
        extra="allow",
        validate_assignment=True,
        populate_by_name=True,
    )

    @property
    def extra_fields(self) -> dict[str, JSONValue]:
        """Fields the payload carried that this model does not know (kept, never dropped)."""
        return dict(self.__pydantic_extra__ or {})

    def to_dict(self) -> dict[str, JSONValue]:
        """The JSON-ready dict of this object: the fields that were set, extras included."""
        return self.model_dump(mode="json", exclude_unset=True)


class _Displayable(_Model, Drawable):
    """Objects that Jupyter shows as a diagram (:mod:`liveflow_graph.diagrams.display` registers
    the bundle on :data:`liveflow_graph._hooks.mimebundle`) and that ``draw()`` themselves
    with options (:mod:`liveflow_graph.diagrams.drawing`)."""

    def _repr_mimebundle_(
        self, include: object = None, exclude: object = None
    ) -> dict[str, object]:
        return mimebundle(self)


class PromptTemplate(_Model):
    """A step's prompt template.  Only ``type`` is documented; every other field is kept."""

    type: StrictStr

    def strings(self) -> list[tuple[str, str]]:
        """Every string value inside the template, as ``(json_path_suffix, text)`` pairs.

        Which field holds the prompt text is not documented, so callers scan them all.
        The suffix is relative to the template (``.text``, ``.messages[0].content``).
        """
        return [(render(location, ""), text) for location, text in template_strings(self)]

    def has_text(self) -> bool:
        """Whether some string in the template has a non-blank character (no paths built)."""
        stack: list[JSONValue] = list((self.__pydantic_extra__ or {}).values())
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                if item and not item.isspace():
                    return True
            elif isinstance(item, dict):
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
        return False


class Step(_Model):
    """One step of a flow version."""

    id: StrictStr
    name: StrictStr
    step_type: StrictStr
    prompt_template: PromptTemplate | None = None
    created_at: Timestamp
    updated_at: Timestamp

    @property
    def is_start(self) -> bool:
        """Whether this is a ``START`` step."""
        return self.step_type == StepType.START


class StepTransition(_Model):
    """A labelled transition from one step to the next."""

    id: StrictStr
    source_step_id: StrictStr
    target_step_id: StrictStr
    label: StrictStr | None = None


class FlowVersion(_Displayable):
    """One version of a flow: its steps and transitions."""

    id: StrictStr
    flow_id: StrictStr | None = None
    steps: list[Step]
    step_transitions: list[StepTransition]
    created_at: Timestamp
    updated_at: Timestamp

    def step(self, step_id: str) -> Step | None:
        """The first step with this id, or ``None``."""
        return next((s for s in self.steps if s.id == step_id), None)


class SessionPrompt(_Model):
    """The prompt a session step was given (an object with at least ``type``)."""

    type: StrictStr | None = None


class SessionStep(_Model):
    """One executed (or executing) step of a session."""

    id: StrictStr
    status: StrictStr | None = None
    prompt: SessionPrompt | None = None
    result: JSONValue = None
    error: JSONValue = None
    user_input: JSONValue = None
    step: Step | None = None
    created_at: Timestamp
    updated_at: Timestamp

    @property
    def step_id(self) -> str | None:
        """The id of the step definition this session step ran, if the payload says."""
        return self.step.id if self.step is not None else None


class Session(_Displayable):
    """One run of a flow, on the version it started with (``flow_version``)."""

    id: StrictStr
    steps_count: StrictInt | None = None
    inputs: JSONValue = None
    error: JSONValue = None
    status: StrictStr | None = None
    flow_version: FlowVersion | None = None
    current_step: SessionStep | None = None
    steps: list[SessionStep] = Field(default_factory=list)
    created_at: Timestamp
    updated_at: Timestamp


class LiveFlow(_Displayable):
    """A Live Flow: its current version and the sessions run on it."""

    id: StrictStr
    name: StrictStr
    description: StrictStr | None = None
    organisation_id: StrictStr | None = None
    current_version: FlowVersion
    sessions: list[Session] = Field(default_factory=list)
    created_at: Timestamp
    updated_at: Timestamp

    def versions(
        self, path: str = ROOT_PATH, *, location: JSONPath | None = None
    ) -> dict[str, VersionRef]:
        """Every distinct version this flow carries, keyed by version id, oldest first:
        the current version (the newest by definition) comes last.

        The others (the versions sessions ran on) are ordered by their ``created_at``; a
        version without one by the earliest ``created_at`` of the sessions that ran on
        it (it was made before they started); versions with neither come after the dated
        ones, in document order.  So ``list(flow.versions().values())[-2:]`` is the
        previous version and the current one.  (Until liveflow-graph 0.1.0 the current
        version came first; :meth:`Payload.versions` still lists it first.)

        Each :class:`~liveflow_graph.model.payload.VersionRef` lists its sessions.
        ``path`` is this flow's JSON path in its document (``$`` by default), or
        ``location`` the same place as data (see :mod:`~liveflow_graph.model.jsonpath`).
        """
        where = located(path, location)
        found = collect_versions(
            [(s, (*where, "sessions", i)) for i, s in enumerate(self.sessions)],
            current=self.current_version,
            current_location=(*where, "current_version"),
            flow=self,
            flow_location=where,
        )
        ordered = sorted(found.values(), key=_age)  # stable: document order among equals
        return {ref.id: ref for ref in ordered}


def _age(ref: VersionRef) -> tuple[int, datetime]:
    """Sort key of :meth:`LiveFlow.versions`: dated versions by date, then undated ones,
    then the current version."""
    if ref.is_current:
        return (2, _NO_DATE)
    dates = [ref.version.created_at] if ref.version.created_at is not None else []
    if not dates:
        dates = [s.created_at for s in ref.sessions if s.created_at is not None]
    if not dates:
        return (1, _NO_DATE)
    return (0, min(_as_utc(d) for d in dates))


_NO_DATE = datetime.min.replace(tzinfo=UTC)


def _as_utc(moment: datetime) -> datetime:
    """``moment`` comparable with any other: a time without a zone is taken as UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def template_strings(template: PromptTemplate) -> list[tuple[JSONPath, str]]:
    """Every string in ``template`` with its location relative to the template, in document
    order (:meth:`PromptTemplate.strings` gives the same with the locations as text)."""
    found: list[tuple[JSONPath, str]] = []
    collect_strings(template.__pydantic_extra__ or {}, ROOT, found)
    return found


def collect_strings(value: JSONValue, location: JSONPath, out: list[tuple[JSONPath, str]]) -> None:
    """Append every string in ``value`` with its location (``location`` is the location of
    ``value``), in document order.

    Iterative (an explicit stack), so a template nested as deep as the JSON decoder allows,
    or deeper when built in Python, cannot exhaust the interpreter's recursion limit.
    """
    stack: list[tuple[JSONValue, JSONPath]] = [(value, location)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            out.append((where, item))
        elif isinstance(item, dict):
            stack.extend((v, (*where, str(k))) for k, v in reversed(list(item.items())))
        elif isinstance(item, list):
            stack.extend((v, (*where, i)) for i, v in reversed(list(enumerate(item))))


@dataclass(frozen=True, slots=True, init=False)
class VersionRef(Drawable):
    """A flow version found in a document, where it was found and who ran on it.

    ``location`` is the place of the version's first occurrence (the flow's
    ``current_version`` when it is the current one), ``flow_location`` the flow's;
    ``sessions`` are the sessions whose ``flow_version`` has this id, in document order,
    with ``session_locations`` beside them.  ``path``, ``flow_path`` and ``session_paths``
    are the same places as text: the constructor takes either form (see
    :mod:`~liveflow_graph.model.jsonpath`).
    """

    version: FlowVersion
    location: JSONPath
    flow: LiveFlow | None = None
    flow_location: JSONPath | None = None
    is_current: bool = False
    sessions: tuple[Session, ...] = ()
    session_locations: tuple[JSONPath, ...] = ()

    def __init__(
        self,
        version: FlowVersion,
        path: str = ROOT_PATH,
        flow: LiveFlow | None = None,
        flow_path: str | None = None,
        is_current: bool = False,
        sessions: tuple[Session, ...] = (),
        session_paths: tuple[str, ...] = (),
        *,
        location: JSONPath | None = None,
        flow_location: JSONPath | None = None,
        session_locations: tuple[JSONPath, ...] | None = None,
    ) -> None:
        if flow_path is not None:
            flow_location = located(flow_path, flow_location)
        if session_locations is None:
            session_locations = tuple(map(parse, session_paths))
        elif session_paths and session_paths != tuple(map(render, session_locations)):
            raise ConfigError("session_paths and session_locations name different places")
        _set = object.__setattr__
        _set(self, "version", version)
        _set(self, "location", located(path, location))
        _set(self, "flow", flow)
        _set(self, "flow_location", flow_location)
        _set(self, "is_current", is_current)
        _set(self, "sessions", sessions)
        _set(self, "session_locations", session_locations)

    @property
    def path(self) -> str:
        """The JSON path of :attr:`location` (``$.current_version``)."""
        return render(self.location)

    @property
    def flow_path(self) -> str | None:
        """The JSON path of :attr:`flow_location`, or ``None``."""
        return render(self.flow_location) if self.flow_location is not None else None

    @property
    def session_paths(self) -> tuple[str, ...]:
        """The JSON paths of :attr:`session_locations`."""
        return tuple(map(render, self.session_locations))

    @property
    def id(self) -> str:
        """The version id."""
        return self.version.id

    @property
    def session_ids(self) -> tuple[str, ...]:
        """Ids of the sessions that ran on this version."""
        return tuple(s.id for s in self.sessions)


@dataclass
class _VersionAcc:
    version: FlowVersion
    location: JSONPath
    is_current: bool
    sessions: list[Session] = field(default_factory=list)
    session_locations: list[JSONPath] = field(default_factory=list)


def collect_versions(
    sessions: Sequence[tuple[Session, JSONPath]],
    *,
    current: FlowVersion | None = None,
    current_location: JSONPath = ROOT,
    flow: LiveFlow | None = None,
    flow_location: JSONPath | None = None,
) -> dict[str, VersionRef]:
    """Every distinct version, keyed by id: ``current`` first, then in document order.

    ``sessions`` pairs each session with its location; a session without a
    ``flow_version`` belongs to no version.
    """
    found: dict[str, _VersionAcc] = {}
    if current is not None:
        found[current.id] = _VersionAcc(current, current_location, is_current=True)
    for session, session_location in sessions:
        version = session.flow_version
        if version is None:
            continue
        acc = found.get(version.id)
        if acc is None:
            acc = found[version.id] = _VersionAcc(
                version, (*session_location, "flow_version"), is_current=False
            )
        acc.sessions.append(session)
        acc.session_locations.append(session_location)
    return {
        vid: VersionRef(
            acc.version,
            location=acc.location,
            flow=flow,
            flow_location=flow_location,
            is_current=acc.is_current,
            sessions=tuple(acc.sessions),
            session_locations=tuple(acc.session_locations),
        )
        for vid, acc in found.items()
    }
