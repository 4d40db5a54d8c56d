"""The public API is what ``__all__`` says, sorted, and typed."""

from __future__ import annotations

import subprocess
import sys
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
