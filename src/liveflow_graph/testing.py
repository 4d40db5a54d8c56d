"""Hypothesis strategies for Live Flow payloads, for your own property-based tests.

Needs ``hypothesis`` (``pip install hypothesis``).  The ``*_documents`` strategies give
decoded JSON (dicts and lists, exactly what the API sends); the others give parsed models.

Generated versions are *valid* by construction: one START step first, every other step
reachable from it (each has a parent among the steps before it, so there are merges but no
cycles), unique ids and names, and prompts that reference only upstream steps
(``${name.result}``) and the trigger payload (``${INPUTS.field}``).

>>> from hypothesis import given
>>> from liveflow_graph.testing import flow_versions
>>> @given(flow_versions())
... def test_has_start(version):
...     assert version.steps[0].step_type == "START"
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError("liveflow_graph.testing needs hypothesis: pip install hypothesis") from exc

from liveflow_graph.model.models import FlowVersion, LiveFlow, Session

__all__ = [
    "flow_version_documents",
    "flow_versions",
    "json_values",
    "live_flow_documents",
    "live_flows",
    "payloads",
    "session_documents",
    "sessions",
]

Document = dict[str, Any]

_EPOCH = datetime(2024, 1, 1, tzinfo=UTC)
_NAME = st.from_regex(r"[a-z][a-z0-9_]{0,11}", fullmatch=True)
_LABELS = st.sampled_from(["next", "on_complete", "on_success", "default", ""])
_STATUSES = st.sampled_from(["NEW", "RUNNING", "WAITING_FOR_USER_INPUT", "FINISHED", "FAILED"])
_TEXT = st.text(st.characters(codec="utf-8"), max_size=30).filter(lambda s: "${" not in s)


def _stamp(offset_s: int) -> str:
    return (_EPOCH + timedelta(seconds=offset_s)).strftime("%Y-%m-%dT%H:%M:%SZ")


@st.composite
def _uuid(draw: st.DrawFn) -> str:
    return str(draw(st.uuids(version=4)))


@st.composite
def flow_version_documents(
    draw: st.DrawFn,
    *,
    min_steps: int = 1,
    max_steps: int = 12,
    flow_id: str | None = None,
) -> Document:
    """A valid flow version as decoded JSON (see the module docstring for guarantees)."""
    count = draw(st.integers(min_value=max(min_steps, 1), max_value=max(max_steps, 1)))
    names = draw(st.lists(_NAME, min_size=count, max_size=count, unique=True))
    ids = draw(st.lists(_uuid(), min_size=count, max_size=count, unique=True))
    created = draw(st.integers(min_value=0, max_value=10**7))
    parents: list[list[int]] = [[]]
    for index in range(1, count):
        first = draw(st.integers(min_value=0, max_value=index - 1))
        extra = draw(st.lists(st.integers(min_value=0, max_value=index - 1), max_size=1))
        parents.append(sorted({first, *extra}))
    ancestors: list[set[int]] = []
    for index in range(count):
        found: set[int] = set()
        for parent in parents[index]:
            found |= {parent, *ancestors[parent]}
        ancestors.append(found)

    steps: list[Document] = []
    for index in range(count):
        if index == 0:
            step_type, text = "START", ""
        else:
            step_type = draw(st.sampled_from(["LLM", "LLM", "USER_INPUT"]))
            refs = draw(st.lists(st.sampled_from(sorted(ancestors[index])), max_size=2))
            parts = [draw(_TEXT)]
            parts += [f"${{{names[r]}.result}}" for r in refs if r != 0]
            if draw(st.booleans()):
                parts.append("${INPUTS.question}")
            text = " ".join(parts)
        stamp = _stamp(created + index)
        steps.append(
            {
                "id": ids[index],
                "name": names[index],
                "step_type": step_type,
                "prompt_template": {"type": "text", "text": text},
                "created_at": stamp,
                "updated_at": stamp,
            }
        )
    transitions = [
        {
            "id": draw(_uuid()),
            "source_step_id": ids[parent],
            "target_step_id": ids[index],
            "label": draw(_LABELS),
        }
        for index in range(1, count)
        for parent in parents[index]
    ]
    return {
        "id": draw(_uuid()),
        "flow_id": flow_id if flow_id is not None else draw(_uuid()),
        "steps": steps,
        "step_transitions": transitions,
        "created_at": _stamp(created),
        "updated_at": _stamp(created + count),
    }


@st.composite
def session_documents(draw: st.DrawFn, *, version: Document | None = None) -> Document:
    """A session as decoded JSON, run on ``version`` (generated when not given).

    Its ``steps`` follow a path from START through the version.
    """
    if version is None:
        version = draw(flow_version_documents())
    by_id = {step["id"]: step for step in version["steps"]}
    successors: dict[str, list[str]] = {}
    for transition in version["step_transitions"]:
        successors.setdefault(transition["source_step_id"], []).append(transition["target_step_id"])
    path = [version["steps"][0]["id"]]
    length = draw(st.integers(min_value=0, max_value=len(by_id)))
    while len(path) < length and successors.get(path[-1]):
        path.append(draw(st.sampled_from(successors[path[-1]])))
    path = path[:length]
    status = draw(_STATUSES) if path else "NEW"
    session_steps = [
        {
            "id": draw(_uuid()),
            "status": "FINISHED" if i < len(path) - 1 else status,
            "prompt": {"type": "text", "text": by_id[sid]["prompt_template"]["text"]},
            "result": draw(st.none() | _TEXT),
            "error": None,
            "user_input": None,
            "step": by_id[sid],
            "created_at": version["updated_at"],
            "updated_at": version["updated_at"],
        }
        for i, sid in enumerate(path)
    ]
    return {
        "id": draw(_uuid()),
        "steps_count": len(session_steps),
        "inputs": {"question": draw(_TEXT)},
        "error": "step failed" if status == "FAILED" else None,
        "status": status,
        "flow_version": version,
        "current_step": session_steps[-1] if session_steps else None,
        "steps": session_steps,
        "created_at": version["updated_at"],
        "updated_at": version["updated_at"],
    }


@st.composite
def live_flow_documents(
    draw: st.DrawFn, *, max_steps: int = 12, max_versions: int = 3, max_sessions: int = 4
) -> Document:
    """A valid live flow as decoded JSON: a current version plus sessions that ran on it
    or on up to ``max_versions - 1`` older versions."""
    flow_id = draw(_uuid())
    versions = draw(
        st.lists(
            flow_version_documents(max_steps=max_steps, flow_id=flow_id),
            min_size=1,
            max_size=max(max_versions, 1),
            unique_by=lambda v: v["id"],
        )
    )
    sessions = [
        draw(session_documents(version=draw(st.sampled_from(versions))))
        for _ in range(draw(st.integers(min_value=0, max_value=max_sessions)))
    ]
    current = versions[0]
    return {
        "name": draw(_TEXT.filter(bool) | st.just("flow")),
        "description": draw(st.none() | _TEXT),
        "id": flow_id,
        "organisation_id": "org_" + draw(st.from_regex(r"[A-Za-z0-9]{8}", fullmatch=True)),
        "current_version": current,
        "sessions": sessions,
        "created_at": current["created_at"],
        "updated_at": current["updated_at"],
    }


def flow_versions(**kwargs: Any) -> st.SearchStrategy[FlowVersion]:
    """Parsed :class:`FlowVersion` models (arguments as :func:`flow_version_documents`)."""
    return flow_version_documents(**kwargs).map(FlowVersion.model_validate)


def live_flows(**kwargs: Any) -> st.SearchStrategy[LiveFlow]:
    """Parsed :class:`LiveFlow` models (arguments as :func:`live_flow_documents`)."""
    return live_flow_documents(**kwargs).map(LiveFlow.model_validate)


def sessions(**kwargs: Any) -> st.SearchStrategy[Session]:
    """Parsed :class:`Session` models."""
    return session_documents(**kwargs).map(Session.model_validate)


def payloads() -> st.SearchStrategy[Any]:
    """A document of any shape the API returns, as decoded JSON."""
    small = {"max_steps": 6, "max_sessions": 2}
    return st.one_of(
        live_flow_documents(**small),
        st.lists(live_flow_documents(**small), max_size=3),
        flow_version_documents(),
        session_documents(),
        st.lists(session_documents(), min_size=1, max_size=3),
    )


def json_values(max_leaves: int = 30) -> st.SearchStrategy[Any]:
    """Arbitrary JSON values (no NaN/Infinity), for fuzzing parsers."""
    scalars = (
        st.none()
        | st.booleans()
        | st.integers(min_value=-(2**63), max_value=2**63 - 1)
        | st.floats(allow_nan=False, allow_infinity=False)
        | st.text(max_size=20)
    )
    return st.recursive(
        scalars,
        lambda children: (
            st.lists(children, max_size=5)
            | st.dictionaries(st.text(max_size=10), children, max_size=5)
        ),
        max_leaves=max_leaves,
    )
