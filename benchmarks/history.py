"""The headline ratios of every ``make bench`` run, kept in ``benchmarks/history.json``.

``RESULTS.md`` is rewritten by every run, so on its own it shows only the latest numbers;
whether a change helped is a question about the sequence.  ``run.py`` appends one entry
per run to the JSON file (one entry a line, so a run adds one line to the diff) and
renders the whole list as the History table of ``RESULTS.md``.  The first entries were
read back from the ``RESULTS.md`` files in git history (their commits are named); columns
a run did not measure are ``null`` and show as a dash.

An entry: ``when``, ``commit``, ``note``, and ratios library ÷ baseline: ``time``,
``floor`` and ``memory`` by size (steps, as strings), ``scaling`` (``library`` and
``baseline``), ``import`` (in process), ``diff`` (library ÷ DeepDiff) and ``cli`` (whole
processes, by ``bench_cli`` row key, and ``cli_steps``, the size of the validated flow).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

HISTORY = Path(__file__).resolve().parent / "history.json"

Entry = dict[str, Any]

_SIZES = ("1000", "10000", "100000")
HEADER = (
    "| run | commit | rules 1k | rules 10k | rules 100k | floor 10k | peak memory "
    "(largest) | scaling (baseline's) | import | diff ÷ DeepDiff | CLI validate 20k | "
    "CLI example | CLI import |"
)
TARGETS = (
    "| *target* | | ≤ 1.5 | ≤ 1.5 | ≤ 1.5 | — | ≤ 1.5 | ≤ baseline's | ≤ 1.0 | ≤ 0.1 | ≤ 2.0 "
    "| ≤ 1.2 | ≤ 1.0 |"
)


def load(path: Path = HISTORY) -> list[Entry]:
    """The entries, oldest first (none when the file does not exist)."""
    if not path.exists():
        return []
    entries = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(entries, list):
        raise ValueError(f"{path}: expected a JSON list of entries")
    return entries


def dumps(entries: list[Entry]) -> str:
    """The file's text: a JSON list with one entry a line."""
    body = ",\n".join("  " + json.dumps(entry, ensure_ascii=False) for entry in entries)
    return "[\n" + body + "\n]\n" if entries else "[]\n"


def append(entry: Entry, path: Path = HISTORY) -> list[Entry]:
    """Add ``entry`` after the existing ones, write the file, and return them all."""
    entries = [*load(path), entry]
    path.write_text(dumps(entries), encoding="utf-8")
    return entries


def _ratio(value: object) -> str:
    return f"{value:.2f}" if isinstance(value, int | float) else "—"


def _largest(by_size: object) -> object:
    if not isinstance(by_size, dict):
        return None
    values = [v for v in by_size.values() if isinstance(v, int | float)]
    return max(values) if values else None


def _other_size(steps: object) -> str:
    """A note when the whole-process flow was not the usual size (a quick run)."""
    if not isinstance(steps, int) or steps == 20_000:
        return ""
    return f" ({steps:,} steps)"


def row(entry: Entry) -> str:
    """One Markdown table row."""
    time = entry.get("time") or {}
    floor = entry.get("floor") or {}
    scaling = entry.get("scaling") or {}
    cli = entry.get("cli") or {}
    lib, base = scaling.get("library"), scaling.get("baseline")
    growth = "—" if lib is None else f"{lib:.1f} ({base:.1f})" if base is not None else f"{lib:.1f}"
    cells = [
        str(entry.get("when", "?")).removesuffix(" UTC"),
        f"`{entry['commit']}`" if entry.get("commit") else "—",
        *(_ratio(time.get(size)) for size in _SIZES),
        _ratio(floor.get("10000")),
        _ratio(_largest(entry.get("memory"))),
        growth,
        _ratio(entry.get("import")),
        _ratio(entry.get("diff")),
        _ratio(cli.get("validate")) + _other_size(entry.get("cli_steps")),
        _ratio(cli.get("example")),
        _ratio(cli.get("import")),
    ]
    return "| " + " | ".join(cells) + " |"


def render(entries: list[Entry]) -> list[str]:
    """The History section's body (Markdown lines)."""
    return [
        "Headline ratios (library ÷ baseline; lower is better) of every `make bench` run,",
        "oldest first, from `benchmarks/history.json`. Rules: parse + graph + all rules in",
        "process; floor: parse + build graphs, no rules; scaling: time(100k) ÷ time(10k),",
        "the baseline's own in brackets; CLI: whole processes (`bench_cli.py`). The first",
        "rows were read from the RESULTS.md committed in the named commit, under older",
        "targets (the baselines were the same; `bench_import.py` did not yet unset",
        "`PYTHONDONTWRITEBYTECODE` for its children).",
        "",
        HEADER,
        "|---|---|" + "---:|" * 11,
        TARGETS,
        *(row(entry) for entry in entries),
    ]
