"""The public API is what ``__all__`` says, sorted, and typed."""

from __future__ import annotations

from pathlib import Path

import liveflow_graph


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
