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

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr

from liveflow_graph.jsonpath import ROOT, child

if TYPE_CHECKING:
    from liveflow_graph.payload import VersionRef

__all__ = [
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
    "collect_strings",
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


class _Displayable(_Model):
    """Objects that Jupyter shows as a diagram (see :mod:`liveflow_graph.display`)."""

    def _repr_mimebundle_(
        self, include: object = None, exclude: object = None
    ) -> dict[str, object]:
        from liveflow_graph.display import mimebundle

        return mimebundle(self)


class PromptTemplate(_Model):
    """A step's prompt template.  Only ``type`` is documented; every other field is kept."""

    type: StrictStr

    def strings(self) -> list[tuple[str, str]]:
        """Every string value inside the template, as ``(json_path_suffix, text)`` pairs.

        Which field holds the prompt text is not documented, so callers scan them all.
        The suffix is relative to the template (``.text``, ``.messages[0].content``).
        """
        found: list[tuple[str, str]] = []
        collect_strings(self.extra_fields, "", found)
        return found

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

    def versions(self, path: str = ROOT) -> dict[str, VersionRef]:
        """Every distinct version this flow carries, keyed by version id.

        The current version comes first, then each version a session ran on, in document
        order; each :class:`~liveflow_graph.payload.VersionRef` lists its sessions.
        ``path`` is this flow's JSON path in its document (``$`` by default).
        """
        from liveflow_graph.payload import collect_versions

        sessions_path = child(path, "sessions")
        return collect_versions(
            [(s, child(sessions_path, i)) for i, s in enumerate(self.sessions)],
            current=self.current_version,
            current_path=child(path, "current_version"),
            flow=self,
            flow_path=path,
        )


def collect_strings(value: JSONValue, path: str, out: list[tuple[str, str]]) -> None:
    """Append every string in ``value`` with its path (``path`` is the path of ``value``),
    in document order.

    Iterative (an explicit stack), so a template nested as deep as the JSON decoder allows,
    or deeper when built in Python, cannot exhaust the interpreter's recursion limit.
    """
    stack: list[tuple[JSONValue, str]] = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            out.append((where, item))
        elif isinstance(item, dict):
            stack.extend((v, child(where, str(k))) for k, v in reversed(list(item.items())))
        elif isinstance(item, list):
            stack.extend((v, child(where, i)) for i, v in reversed(list(enumerate(item))))
