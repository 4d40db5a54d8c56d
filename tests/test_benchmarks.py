"""The benchmark harness (``benchmarks/``) measures what it says it measures.

``make bench`` is not part of ``make test``, so nothing else would notice a baseline that
drifted from its twin, a ratio computed the wrong way round or a history file that a run
overwrote instead of extending.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import orjson
import pytest
from benchmarks import bench_cli, bench_parse, history, measure, run
from benchmarks.generate import make_flow


def _edges(graph: object) -> list[tuple[str, str, str]]:
    return sorted(graph.edges(keys=True))  # type: ignore[attr-defined]


def test_the_whole_process_baseline_builds_the_in_process_baselines_graphs() -> None:
    data = orjson.dumps(make_flow(60, sessions=3, versions=3, seed=7))
    namespace: dict[str, object] = {"__name__": "baseline"}
    exec(bench_cli.BASELINE_SCRIPT, namespace)
    script_graphs = namespace["graphs"](json.loads(data))  # type: ignore[operator]
    _, expected = bench_parse.baseline(data)  # type: ignore[misc]
    assert script_graphs.keys() == expected.keys()
    assert len(expected) > 1  # the sessions' older versions are graphs of their own
    for version_id, graph in expected.items():
        assert sorted(script_graphs[version_id].nodes) == sorted(graph.nodes)
        assert _edges(script_graphs[version_id]) == _edges(graph)


def _runs(walls: list[float]) -> tuple[bench_cli.Run, ...]:
    return tuple(bench_cli.Run(wall, wall / 2, 100) for wall in walls)


def test_a_paired_ratio_is_the_median_of_the_pairs_ratios() -> None:
    command = bench_cli.Command(("true",))
    row = bench_cli.Row("validate", "x", command, command, 1.0)
    c = bench_cli.PairedComparison(row, _runs([1.0, 3.0, 4.0]), _runs([2.0, 1.0, 8.0]))
    # pairs: 0.5, 3.0, 0.5 -- the ratio of the medians would be 3.0 / 2.0
    assert c.ratio() == 0.5
    assert c.ratio("cpu") == 0.5
    assert c.spread() == (0.5, 3.0)
    assert c.median("library") == 3.0
    assert c.median("baseline") == 2.0
    assert c.met
    assert not bench_cli.PairedComparison(row, _runs([3.0]), _runs([2.0])).met
    assert bench_cli.headline([c]) == {"validate": 0.5}


def test_interleaving_puts_every_action_in_every_position() -> None:
    calls: list[int] = []
    actions = [lambda i=i: calls.append(i) for i in range(3)]  # type: ignore[misc]
    medians = measure.interleaved_many(actions, 6)
    assert len(medians) == 3
    rounds = [calls[i : i + 3] for i in range(0, len(calls), 3)]
    assert all(sorted(r) == [0, 1, 2] for r in rounds)
    for position in range(3):
        column = [r[position] for r in rounds]
        assert sorted(column) == [0, 0, 1, 1, 2, 2]


def test_the_history_is_extended_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "history.json"
    first = {"when": "2026-01-01 00:00 UTC", "commit": "abc1234", "time": {"1000": 3.0}}
    second = {
        "when": "2026-01-02 00:00 UTC",
        "commit": None,
        "time": {"1000": 2.0, "10000": 1.9},
        "scaling": {"library": 11.0, "baseline": 12.0},
        "cli": {"validate": 1.8, "example": 1.1, "import": 0.2},
        "cli_steps": 2000,
    }
    history.append(first, path)
    entries = history.append(second, path)
    assert entries == [first, second]
    assert history.load(path) == [first, second]
    assert path.read_text(encoding="utf-8").count("\n") == 4  # brackets + a line an entry
    lines = history.render(entries)
    assert lines[-2] == "| 2026-01-01 00:00 | `abc1234` | 3.00 |" + " — |" * 10
    assert lines[-1] == (
        "| 2026-01-02 00:00 | — | 2.00 | 1.90 | — | — | — | 11.0 (12.0) | — | — | "
        "1.80 (2,000 steps) | 1.10 | 0.20 |"
    )


def test_the_committed_history_loads_and_renders() -> None:
    entries = history.load()
    assert entries, "benchmarks/history.json lost its entries"
    rows = history.render(entries)[-len(entries) :]
    assert all(row.startswith("| 20") for row in rows)


def test_the_diff_ratio_is_read_from_bench_diffs_output() -> None:
    text = "- library / deepdiff: 0.24 (the library is faster)\n- library / plain: 43.00"
    assert run.diff_ratio(text) == 0.24
    assert run.diff_ratio("deepdiff is not installed") is None
    assert run.diff_ratio(None) is None


@pytest.mark.slow
def test_the_launcher_reports_exit_codes_output_and_memory(tmp_path: Path) -> None:
    with bench_cli.Launcher() as launcher:
        out = tmp_path / "out.txt"
        figures, code = launcher.run(
            bench_cli.Command((sys.executable, "-c", "print('hi'); raise SystemExit(3)")), out
        )
        big, _ = launcher.run(
            bench_cli.Command((sys.executable, "-c", "b = bytearray(64 * 2**20)"))
        )
    assert code == 3
    assert out.read_text() == "hi\n"
    assert figures.wall > 0
    assert figures.cpu > 0
    assert 0 < launcher.floor <= figures.rss
    assert big.rss > figures.rss + 60 * 2**20  # the child's own peak, not the launcher's


@pytest.mark.slow
def test_bench_cli_runs_every_row_end_to_end() -> None:
    results = bench_cli.run(repeat=1, steps=200, progress=lambda _: None)
    assert [c.row.key for c in results] == ["validate", "example", "import"]
    assert "JSON" in results[0].note  # the warm-up checked the output
    assert all(c.pairs == 1 and c.ratio() > 0 for c in results)
    text = "\n".join(bench_cli.markdown(results))
    assert text.count("| ≤ ") == 3
