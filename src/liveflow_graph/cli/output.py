"""Writing results: to standard output, or to a file replaced atomically.

A file is written to a temporary file in the same folder and then moved over the target
with :func:`os.replace`, so a failed or interrupted run never leaves half a file and an
existing file is only replaced by a complete new one.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from liveflow_graph.errors import OutputError
from liveflow_graph.escape import clean_text

__all__ = ["STDOUT", "write_atomic", "write_output"]

STDOUT = "-"


def write_output(output: str | os.PathLike[str], data: bytes | str) -> None:
    """Write ``data`` to ``output``: ``"-"`` is standard output, anything else a file path
    replaced atomically (see :func:`write_atomic`)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if str(output) == STDOUT:
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is not None:
            buffer.write(raw)
            buffer.flush()
        else:  # a text-only stream (e.g. some notebook or test captures)
            sys.stdout.write(raw.decode("utf-8"))
        return
    write_atomic(Path(output), raw)


def write_atomic(target: Path, data: bytes) -> None:
    """Replace ``target`` with ``data`` atomically, keeping an existing file's mode.

    Raises :class:`OutputError` naming the file when it cannot be written; the temporary
    file is removed and any existing ``target`` is left as it was.
    """
    shown = clean_text(str(target))
    try:
        handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:
        raise OutputError(f"cannot write: {error.strerror or error}", source=shown) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temp, _file_mode(target))
        os.replace(temp, target)
    except OSError as error:
        Path(temp).unlink(missing_ok=True)
        raise OutputError(f"cannot write: {error.strerror or error}", source=shown) from None


def _file_mode(target: Path) -> int:
    """The mode a plain ``open(target, "w")`` would give (mkstemp makes files 0600)."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
