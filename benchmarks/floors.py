"""Where the in-process floor is (issue 16): what each layer of ``validate`` costs against
the baseline of ``bench_parse.py``, and what a dict-first parse would buy.

Run: ``.venv/bin/python benchmarks/floors.py [--sizes 1000,10000] [--repeat N]``.

For each size, the same bytes (``bench_parse.document``) go through, alternately in one
process (medians; ratios to the baseline of the same run):

* ``baseline``: ``json.loads`` + one bare ``networkx.MultiDiGraph`` per distinct version
  (``bench_parse.baseline``);
* ``json.loads``: the decode alone;
* ``parse``: :func:`liveflow_graph.loads` -- decode and validate into the typed pydantic
  models (what every user of the library gets);
* ``parse + graphs``: that, and the :class:`~liveflow_graph.graph.FlowGraph` of every
  version, no rules;
* ``validate``: everything ``bench_parse.py`` measures (all rules too);
* ``typed dicts (prototype)``: the same document validated by pydantic-core into
  ``TypedDict`` shapes that mirror the models field for field (strict strings, ISO
  timestamps, unknown fields kept), so plain dicts come out instead of model instances.

The last row is the prototype of the one design change that would move the floor: rules
reading validated dicts, with the models built only when someone asks for them.  It is not
used by the library: the models are the public API, and every rule, exporter and the
position scanner read them today.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import NotRequired

from pydantic import ConfigDict, StrictInt, StrictStr, TypeAdapter
from typing_extensions import TypedDict

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_parse import baseline, document

from liveflow_graph import loads
from liveflow_graph.graph.flowgraph import FlowGraph
from liveflow_graph.validation.engine import validate

_KEEP = ConfigDict(extra="allow")


class PromptTemplateDict(TypedDict):
    __pydantic_config__ = _KEEP  # type: ignore[misc]
    type: StrictStr


class StepDict(TypedDict):
    __pydantic_config__ = _KEEP  # type: ignore[misc]
    id: StrictStr
    name: StrictStr
    step_type: StrictStr
    prompt_template: NotRequired[PromptTemplateDict | None]
    created_at: NotRequired[datetime | None]
    updated_at: NotRequired[datetime | None]


class TransitionDict(TypedDict):
    __pydantic_config__ = _KEEP  # type: ignore[misc]
    id: StrictStr
    source_step_id: StrictStr
    target_step_id: StrictStr
    label: NotRequired[StrictStr | None]


class VersionDict(TypedDict):
    __pydantic_config__ = _KEEP  # type: ignore[misc]
    id: StrictStr
    flow_id: NotRequired[StrictStr | None]
    steps: list[StepDict]
    step_transitions: list[TransitionDict]
    created_at: NotRequired[datetime | None]
    updated_at: NotRequired[datetime | None]


class SessionStepDict(TypedDict):
    __pydantic_config__ = _KEEP  # type: ignore[misc]
    id: StrictStr
    status: NotRequired[StrictStr | None]
    step: NotRequired[StepDict | None]
    created_at: NotRequired[datetime | None]
    updated_at: NotRequired[datetime | None]


class SessionDict(TypedDict):
    __pydantic_config__ = _KEEP  # type: ignore[misc]
    id: StrictStr
    steps_count: NotRequired[StrictInt | None]
    status: NotRequired[StrictStr | None]
    flow_version: NotRequired[VersionDict | None]
    current_step: NotRequired[SessionStepDict | None]
    steps: NotRequired[list[SessionStepDict]]
    created_at: NotRequired[datetime | None]
    updated_at: NotRequired[datetime | None]


class FlowDict(TypedDict):
    __pydantic_config__ = _KEEP  # type: ignore[misc]
    id: StrictStr
    name: StrictStr
    description: NotRequired[StrictStr | None]
    organisation_id: NotRequired[StrictStr | None]
    current_version: VersionDict
    sessions: NotRequired[list[SessionDict]]
    created_at: NotRequired[datetime | None]
    updated_at: NotRequired[datetime | None]


FLOW_DICT = TypeAdapter(FlowDict)


def rows(data: bytes) -> dict[str, Callable[[], object]]:
    """The measured actions on one document, baseline first."""

    def parse_and_graphs() -> object:
        payload = loads(data, max_bytes=None)
        return payload, [FlowGraph.of(ref) for ref in payload.versions()]

    return {
        "baseline": lambda: baseline(data),
        "json.loads": lambda: json.loads(data),
        "parse": lambda: loads(data, max_bytes=None),
        "parse + graphs": parse_and_graphs,
        "validate": lambda: validate(loads(data, max_bytes=None), all_versions=True),
        "typed dicts (prototype)": lambda: FLOW_DICT.validate_json(data),
    }


def measure(steps: int, repeat: int) -> dict[str, float]:
    """Median seconds of each row on the ``steps``-step document, rows alternated."""
    data = document(steps)
    actions = rows(data)
    for action in actions.values():  # warm up
        action()
    times: dict[str, list[float]] = {name: [] for name in actions}
    names = list(actions)
    for rep in range(repeat):
        for name in names if rep % 2 == 0 else reversed(names):
            gc.collect()
            start = time.perf_counter()
            result = actions[name]()
            times[name].append(time.perf_counter() - start)
            del result
    return {name: statistics.median(values) for name, values in times.items()}


def report(results: dict[int, dict[str, float]]) -> str:
    """A Markdown table: each row's time and its ratio to the baseline, per size."""
    sizes = sorted(results)
    head = "| measurement | " + " | ".join(f"{s:,} steps" for s in sizes) + " |"
    lines = [head, "| --- |" + " ---: |" * len(sizes)]
    for name in results[sizes[0]]:
        cells = []
        for size in sizes:
            seconds = results[size][name]
            ratio = seconds / results[size]["baseline"]
            cells.append(f"{seconds * 1000:,.1f} ms ({ratio:.2f}×)")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    results = {size: measure(size, args.repeat) for size in sizes}
    print(f"## Floors (medians of {args.repeat}, rows alternated; ratio to the baseline)\n")
    print(report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
