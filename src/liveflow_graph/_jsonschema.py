"""JSON Schemas generated from ``TypedDict`` document types by pydantic.

Both published schemas (the validation report's and the version diff's) are generated,
never written by hand, so they cannot drift from the types ``mypy --strict`` holds the
``to_dict()`` methods to.
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter
from pydantic.json_schema import GenerateJsonSchema
from pydantic_core import CoreSchema

__all__ = ["DRAFT", "generate", "opened"]

DRAFT = "https://json-schema.org/draft/2020-12/schema"
"""The JSON Schema dialect pydantic writes."""


class _Generator(GenerateJsonSchema):
    """pydantic's generator without a title on every property (``"Schema Version"``...):
    the keys name themselves, and the docstrings describe them."""

    def field_title_should_be_set(self, schema: CoreSchema | Any) -> bool:
        return False


def generate(document: type[Any], title: str) -> dict[str, Any]:
    """The exact JSON Schema (draft 2020-12) of a document ``TypedDict`` (closed objects:
    ``additionalProperties: false`` where its config forbids extra keys)."""
    schema = TypeAdapter(document).json_schema(schema_generator=_Generator)
    return {"$schema": DRAFT, **schema, "title": title}


def opened(schema: Any) -> Any:
    """``schema`` without ``additionalProperties: false``: objects may have other keys."""
    if isinstance(schema, dict):
        return {
            key: opened(value)
            for key, value in schema.items()
            if not (key == "additionalProperties" and value is False)
        }
    if isinstance(schema, list):
        return [opened(item) for item in schema]
    return schema
