"""The public API is what ``__all__`` says, sorted, and typed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import liveflow_graph
from tests.api_shape import Param, api_shape
from tests.conftest import ROOT


def test_all_is_sorted_and_unique() -> None:
    names = list(liveflow_graph.__all__)
    assert names == sorted(names)
    assert len(names) == len(set(names))


def test_every_exported_name_exists() -> None:
    missing = [name for name in liveflow_graph.__all__ if not hasattr(liveflow_graph, name)]
    assert missing == []


def test_every_public_name_is_exported() -> None:
    public = {
        name
        for name, value in vars(liveflow_graph).items()
        if not name.startswith("_") and not isinstance(value, type(liveflow_graph))
    }
    assert public <= set(liveflow_graph.__all__)


def test_package_is_marked_typed() -> None:
    assert (Path(liveflow_graph.__file__).parent / "py.typed").is_file()


@pytest.mark.slow  # subprocess
def test_importing_the_package_does_not_import_the_http_client() -> None:
    """httpx is imported on first use of the API client, not by `import liveflow_graph`."""
    code = (
        "import sys, liveflow_graph\n"
        "assert 'httpx' not in sys.modules\n"
        "from liveflow_graph import TrueStateClient, fetch_payload\n"
        "assert 'httpx' in sys.modules\n"
        "assert TrueStateClient.__module__ == 'liveflow_graph.api.client'\n"
        "try:\n"
        "    liveflow_graph.no_such_name\n"
        "except AttributeError as error:\n"
        "    assert 'no_such_name' in str(error)\n"
        "else:\n"
        "    raise AssertionError('no AttributeError')\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# Members the released API had and that were removed on purpose, with the reason.
REMOVED = {
    ("FlowGraph", "step_label"): "dead code (issue 11): messages use the rules' own labels",
    ("Payload", "flow_entries"): "dead code (issue 11): Payload.versions() gives flows' paths",
    ("VersionDiff", "changed_step"): "dead code (issue 11): unused; steps_changed has them all",
    ("Config", "is_enabled"): "dead code (issue 11): enabled_rules says which rules run",
}


def _compatible(old: list[Param] | None, new: list[Param] | None) -> list[str]:
    """What a call accepted by signature ``old`` could no longer do with ``new``."""
    if old is None or new is None:
        return [] if old == new else ["signature became (un)introspectable"]
    problems: list[str] = []
    by_name = {p[0]: (i, p) for i, p in enumerate(new)}
    for index, (name, kind, default, has_default, annotation) in enumerate(old):
        if name not in by_name:
            problems.append(f"parameter {name!r} is gone")
            continue
        new_index, (_, new_kind, new_default, new_has_default, new_annotation) = by_name[name]
        if new_kind != kind:
            problems.append(f"parameter {name!r} became {new_kind} (was {kind})")
        if kind.startswith("POSITIONAL") and new_index != index:
            problems.append(f"parameter {name!r} moved from position {index} to {new_index}")
        if has_default and (not new_has_default or new_default != default):
            problems.append(f"parameter {name!r} default {default} became {new_default}")
        if new_annotation != annotation:
            problems.append(f"parameter {name!r} annotation {annotation} became {new_annotation}")
    known = {p[0] for p in old}
    for name, kind, _, has_default, _ in new:
        if name not in known and not has_default and not kind.startswith("VAR_"):
            problems.append(f"new parameter {name!r} is required")
    return problems


def test_the_public_api_accepts_every_call_the_released_one_did() -> None:
    """Every name, signature and class member of the released API (the golden snapshot) is
    still there, taking the same arguments; new parameters must be optional."""
    old = json.loads((ROOT / "tests" / "golden" / "api" / "public_api.json").read_text())
    new = api_shape()
    problems: list[str] = []
    for name, entry in old.items():
        if name not in new:
            problems.append(f"{name}: no longer in liveflow_graph.__all__")
            continue
        now = new[name]
        if now["kind"] != entry["kind"]:
            problems.append(f"{name}: was a {entry['kind']}, is a {now['kind']}")
            continue
        problems += [
            f"{name}: {p}" for p in _compatible(entry.get("signature"), now.get("signature"))
        ]
        for member, shape in entry.get("members", {}).items():
            if (name, member) in REMOVED:
                continue
            current = now["members"].get(member)
            if current is None or current["kind"] != shape["kind"]:
                problems.append(f"{name}.{member}: gone or changed kind")
                continue
            problems += [
                f"{name}.{member}: {p}"
                for p in _compatible(shape.get("signature"), current.get("signature"))
            ]
    assert problems == []


def test_removed_members_are_really_gone() -> None:
    """The removal list stays honest: each entry names a member that no longer exists."""
    for name, member in REMOVED:
        assert not hasattr(getattr(liveflow_graph, name), member)
