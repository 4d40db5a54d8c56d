"""Shared helpers of the diagram tests: small versions, SVG checks (golden files:
``tests.golden_files``)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from liveflow_graph import FlowVersion

SVG_NS = "{http://www.w3.org/2000/svg}"

# the only elements and attributes Graphviz's SVG writer produces for our DOT
SVG_ELEMENTS = {"svg", "g", "title", "polygon", "polyline", "ellipse", "path", "text", "a"}
SVG_ATTRIBUTES = {
    "width", "height", "viewBox", "id", "class", "transform", "fill", "stroke", "points",
    "cx", "cy", "rx", "ry", "d", "text-anchor", "x", "y", "font-family", "font-size",
    "font-weight", "font-style", "stroke-width", "stroke-dasharray", "{http://www.w3.org/1999/xlink}title",
    "{http://www.w3.org/1999/xlink}href", "{http://www.w3.org/XML/1998/namespace}space",
    "target", "fill-opacity", "stroke-opacity", "text-decoration", "style",
}  # fmt: skip


def make_version(
    steps: list[tuple[str, str, str]],
    edges: list[tuple[str, str, str, str | None]],
    *,
    prompt: str | None = None,
    version_id: str = "v1",
) -> FlowVersion:
    """A version from ``(id, name, type)`` steps and ``(id, source, target, label)`` edges."""
    return FlowVersion.model_validate(
        {
            "id": version_id,
            "flow_id": "f1",
            "steps": [
                {
                    "id": sid,
                    "name": name,
                    "step_type": kind,
                    "prompt_template": {"type": "text", "text": prompt or f"prompt of {name}"},
                }
                for sid, name, kind in steps
            ],
            "step_transitions": [
                {"id": tid, "source_step_id": a, "target_step_id": b, "label": label}
                for tid, a, b, label in edges
            ],
        }
    )


def chain_version(count: int, *, fan_in: int = 3) -> FlowVersion:
    """A START step and ``count - 1`` steps, each after one of the few before it."""
    steps = [("st0", "start", "START")] + [
        (f"st{i}", f"step_{i}", "LLM" if i % 3 else "USER_INPUT") for i in range(1, count)
    ]
    edges: list[tuple[str, str, str, str | None]] = [
        (f"tr{i}", f"st{max(0, i - 1 - (i * 7) % fan_in)}", f"st{i}", "next")
        for i in range(1, count)
    ]
    return make_version(steps, edges)


def parse_svg(svg: str) -> ET.Element:
    """Parse an SVG document and check it holds only what Graphviz writes for our DOT."""
    root = ET.fromstring(svg)
    for element in root.iter():
        tag = element.tag.removeprefix(SVG_NS)
        assert tag in SVG_ELEMENTS, f"unexpected element {element.tag}"
        for attribute in element.attrib:
            assert attribute in SVG_ATTRIBUTES, f"unexpected attribute {attribute} on {tag}"
            assert not attribute.lower().startswith("on")
    return root


def svg_ids(root: ET.Element) -> dict[str, Any]:
    """Elements by ``id``."""
    return {el.attrib["id"]: el for el in root.iter() if "id" in el.attrib}


def svg_texts(root: ET.Element) -> list[str]:
    """The text of every ``<text>`` element."""
    return [el.text or "" for el in root.iter(f"{SVG_NS}text")]
