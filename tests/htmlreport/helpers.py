"""Shared helpers of the report tests: pages to test and reading their embedded JSON."""

from __future__ import annotations

import json
import re
from typing import Any

from liveflow_graph import Payload, loads, validate
from tests.htmlreport.odd_flows import hostile_flow, no_start_version

_DATA = re.compile(r'<script type="application/json" id="report-data">(.*?)</script>', re.S)


def page_data(page: str) -> dict[str, Any]:
    """The JSON document a report page carries."""
    found = _DATA.search(page)
    assert found is not None, "the page has no report-data element"
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def hostile_payload() -> Payload:
    return loads(json.dumps(hostile_flow()), name="<b>odd</b>.json")


def no_start_payload() -> Payload:
    return loads(json.dumps(no_start_version()), name="bare.json")


def report_page(payload: Payload, **options: Any) -> str:
    """The report page of ``payload`` with every version validated."""
    return validate(payload, all_versions=True).to_html(payload, **options)
