"""WASM renders run on a thread whose native stack holds the raised WASM stack limit."""

from __future__ import annotations

import threading

import pytest

from liveflow_graph.diagrams import wasm


def test_big_stack_thread_returns_the_result_and_restores_the_setting() -> None:
    before = threading.stack_size()
    names: list[str] = []

    def work() -> str:
        names.append(threading.current_thread().name)
        return "done"

    assert wasm._on_big_stack(work) == "done"
    assert names == ["liveflow-graph-render"]
    assert threading.stack_size() == before


def test_big_stack_thread_reraises_in_the_caller() -> None:
    def work() -> str:
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        wasm._on_big_stack(work)


def test_the_thread_stack_holds_the_wasm_stack_limit() -> None:
    assert wasm._THREAD_STACK >= 4 * wasm._WASM_STACK
