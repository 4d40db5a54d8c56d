"""Writing results: to standard output, or to a file, the way the shell's ``>`` would, but
never leaving half a file behind.

What ``-o PATH`` does depends on what ``PATH`` is:

* a new path, or an existing regular file with one link: the result goes to a temporary
  file in the same folder, which then replaces ``PATH`` (:func:`os.replace`).  A failed or
  interrupted run (an error, Ctrl-C, SIGTERM) leaves the old file as it was and no
  temporary file.  An existing file keeps its mode and owner;
* a symbolic link: it is followed, and what it points to is written as above (a link to a
  missing file creates that file), so the link itself stays a link;
* anything else (a FIFO, a character device such as ``/dev/null`` or ``/dev/stdout``, a
  file with several hard links, or a file whose owner a replacement could not keep): it is
  opened and written in place, as ``>`` does, so the device stays a device and every hard
  link sees the result.

Permissions are the shell's: a file the user may not write is refused, even when the folder
would let us replace it.  The process umask is never changed (another thread may be creating
files): a new file gets the mode ``open(PATH, "w")`` would give it because the temporary file
is created with mode 0666 and the kernel applies the umask.
"""

from __future__ import annotations

import os
import secrets
import signal
import stat
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from liveflow_graph.errors import OutputError
from liveflow_graph.escape import clean_text

__all__ = ["STDOUT", "write_atomic", "write_output"]

STDOUT = "-"

_TEMP_PREFIX = ".liveflow-graph-"
"""Temporary files are ``.liveflow-graph-<16 hex>.tmp``: 37 characters whatever the target's
name, so a target name of up to 255 characters still works."""


def write_output(output: str | os.PathLike[str], data: bytes | str) -> None:
    """Write ``data`` to ``output``: ``"-"`` is standard output, anything else a path
    written as described in this module's documentation."""
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
    """Write ``data`` to ``target``: replaced atomically when it is (or will be) a regular
    file, written in place when it is a device, a FIFO or hard-linked.

    Raises :class:`OutputError` naming the file when it cannot be written; an existing
    ``target`` is then left as it was and no temporary file remains.
    """
    shown = clean_text(str(target))
    if "\0" in str(target):
        raise OutputError("cannot write: the file name contains a NUL character", source=shown)
    try:
        path = Path(os.path.realpath(target)) if target.is_symlink() else target
        try:
            info: os.stat_result | None = path.stat()
        except FileNotFoundError:
            info = None
        if info is not None and not os.access(path, os.W_OK):
            raise PermissionError(13, "Permission denied")
        if (info is None or _replaceable(info)) and _replace(path, data, info):
            return
        _write_in_place(path, data)  # a device, a FIFO, hard links, or an owner to keep
    except OSError as error:
        raise OutputError(f"cannot write: {error.strerror or error}", source=shown) from None


def _replaceable(info: os.stat_result) -> bool:
    """Whether an atomic replace keeps what ``>`` keeps: a regular file with one link."""
    return stat.S_ISREG(info.st_mode) and info.st_nlink == 1


def _replace(path: Path, data: bytes, info: os.stat_result | None) -> bool:
    """Write ``data`` to a temporary file beside ``path`` and move it over ``path``.

    Returns ``False``, having changed nothing, when the replacement could not keep the
    existing file's owner (the caller then writes in place, as ``>`` would).
    """
    temp = path.parent / f"{_TEMP_PREFIX}{secrets.token_hex(8)}.tmp"
    with _removed_on_interrupt(temp):
        try:  # from the file's creation on: a signal may arrive as soon as it exists
            # 0o666 less the umask, applied by the kernel: the mode a new file gets from ">"
            handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _CLOEXEC, 0o666)
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            if info is not None:
                if (info.st_uid, info.st_gid) != _owner(temp):
                    try:
                        os.chown(temp, info.st_uid, info.st_gid)
                    except PermissionError:
                        temp.unlink()
                        return False
                os.chmod(temp, stat.S_IMODE(info.st_mode))
            os.replace(temp, path)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
    return True


def _owner(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_uid, info.st_gid


def _write_in_place(path: Path, data: bytes) -> None:
    """Open ``path`` for writing (truncating a regular file) and write ``data``, as ``>``."""
    with open(path, "wb") as stream:
        stream.write(data)


_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


@contextmanager
def _removed_on_interrupt(temp: Path) -> Iterator[None]:
    """While the block runs, SIGTERM raises :class:`SystemExit` (exit status 143, as the
    default action reports) instead of ending the process at once, so the ``except`` and
    ``finally`` clauses that remove ``temp`` run; Ctrl-C already raises
    :class:`KeyboardInterrupt`.  Signal handlers can only be set from the main thread:
    elsewhere the block runs unchanged."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGTERM)
    if previous is not signal.SIG_DFL:  # someone else handles SIGTERM: leave it to them
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
