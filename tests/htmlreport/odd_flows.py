"""Flow documents for the report tests: hostile text and odd shapes, built in code."""

from __future__ import annotations

from typing import Any

STAMP = "2025-03-04T09:12:44Z"

HOSTILE_NAMES = (
    "<script>window.__pwned = 1</script>",
    '"><img src=x onerror="window.__pwned=2">',
    "javascript:window.__pwned=3",
    "</script><script>window.__pwned=4</script>",
    "<!-- <svg onload=window.__pwned=5>",
    "a & b < c > d ' \" `${1+1}`",
)
"""Names that would run code if any of them reached the page as markup."""


def _step(sid: str, name: str, kind: str, text: str = "") -> dict[str, Any]:
    return {
        "id": sid,
        "name": name,
        "step_type": kind,
        "prompt_template": {"type": "text", "text": text},
        "created_at": STAMP,
        "updated_at": STAMP,
    }


def _transition(tid: str, source: str, target: str, label: str | None = "next") -> dict[str, Any]:
    return {"id": tid, "source_step_id": source, "target_step_id": target, "label": label}


def _version(
    vid: str, steps: list[dict[str, Any]], transitions: list[dict[str, Any]], created: str
) -> dict[str, Any]:
    return {
        "id": vid,
        "flow_id": "flow-odd",
        "steps": steps,
        "step_transitions": transitions,
        "created_at": created,
        "updated_at": created,
    }


def _session(
    sid: str, version: dict[str, Any], path: list[int], status: str, *, error: str | None = None
) -> dict[str, Any]:
    steps = version["steps"]
    runs = [
        {
            "id": f"{sid}-run{i}",
            "status": "FAILED" if status == "FAILED" and i == len(path) - 1 else "FINISHED",
            "prompt": {"type": "text"},
            "result": "ok",
            "error": None,
            "user_input": None,
            "step": steps[index],
            "created_at": STAMP,
            "updated_at": STAMP,
        }
        for i, index in enumerate(path)
    ]
    return {
        "id": sid,
        "steps_count": len(runs),
        "inputs": {"ticket": "<b>hi</b>"},
        "error": error,
        "status": status,
        "flow_version": version,
        "current_step": runs[-1] if runs else None,
        "steps": runs,
        "created_at": STAMP,
        "updated_at": STAMP,
    }


def hostile_flow() -> dict[str, Any]:
    """A flow document whose every user string tries to become markup, with two versions,
    sessions on both, a dangling transition, duplicate names, an unknown step type and a
    100,000-character prompt."""
    names = HOSTILE_NAMES
    old_steps = [
        _step("s-start", "start", "START"),
        _step("s-1", names[0], "LLM", "Say ${start.result} </script><script>alert(1)</script>"),
        _step("s-2", names[1], "USER_INPUT", "<img src=x onerror=alert(1)>"),
    ]
    old = _version(
        "ver-old",
        old_steps,
        [_transition("t-1", "s-start", "s-1"), _transition("t-2", "s-1", "s-2", names[2])],
        "2025-01-01T00:00:00Z",
    )
    new_steps = [
        *old_steps,
        _step("s-3", names[2], "WEIRD_<b>TYPE</b>", "x" * 100_000),
        _step("s-4", names[3], "LLM", "duplicate names follow"),
        _step("s-5", names[3], "LLM", names[4]),
        _step("s-6", names[5], "LLM", ""),
    ]
    new = _version(
        "ver-new",
        new_steps,
        [
            _transition("t-1", "s-start", "s-1"),
            _transition("t-2", "s-1", "s-2", names[2]),
            _transition("t-3", "s-2", "s-3", names[0]),
            _transition("t-4", "s-3", "s-4"),
            _transition("t-5", "s-3", "s-5"),
            _transition("t-6", "s-5", "s-nowhere", names[1]),
            _transition("t-7", "s-ghost", "s-6"),
        ],
        "2025-02-01T00:00:00Z",
    )
    return {
        "id": "flow-odd",
        "name": f"{names[0]} {names[1]} " + "long name " * 2_000,
        "description": names[4],
        "organisation_id": "org",
        "current_version": new,
        "sessions": [
            _session("sess-ok", old, [0, 1, 2], "FINISHED"),
            _session("sess-bad", old, [0, 1], "FAILED", error=names[1]),
            _session("sess-wait", new, [0, 1, 2], "WAITING_FOR_USER_INPUT"),
            _session("sess-new", new, [0, 1, 2, 3, 4], "FAILED", error=names[0]),
        ],
        "created_at": STAMP,
        "updated_at": STAMP,
    }


def no_start_version() -> dict[str, Any]:
    """A bare version with no START step, a cycle and a step nothing reaches."""
    return _version(
        "ver-bare",
        [
            _step("a", "alpha", "LLM", "one"),
            _step("b", "beta", "LLM", "two"),
            _step("c", "gamma", "UNKNOWN_KIND", "three"),
        ],
        [_transition("ab", "a", "b"), _transition("ba", "b", "a", None)],
        "2025-01-01T00:00:00Z",
    )
