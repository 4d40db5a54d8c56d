"""The JSON form of a report: :meth:`Report.to_dict` as indented, UTF-8 JSON text."""

from __future__ import annotations

import orjson

from liveflow_graph.validation.report import Report, render_json

__all__ = ["to_json"]


@render_json.register
def to_json(report: Report) -> str:
    """``report.to_dict()`` as JSON with two-space indentation and a final newline."""
    return orjson.dumps(report.to_dict(), option=orjson.OPT_INDENT_2).decode() + "\n"
