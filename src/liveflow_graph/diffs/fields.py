"""Field values compared: prompt templates and the fields the models do not know.

Steps and transitions each have their own known fields (see
:mod:`~liveflow_graph.diffs.steps` and :mod:`~liveflow_graph.diffs.transitions`); what both
share is here: a changed prompt template comes with the text diff of every string in it
that changed, and a field the API added that we do not model is compared as JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from liveflow_graph.diffs.records import FieldChange, TextDiff
from liveflow_graph.model.models import PromptTemplate

__all__ = ["extra_changes", "prompt_change", "same_template", "text_diffs"]


def prompt_change(old: PromptTemplate | None, new: PromptTemplate | None) -> FieldChange | None:
    """The ``prompt_template`` change from ``old`` to ``new`` (with its text diffs), or
    ``None`` when the two are equal."""
    if same_template(old, new) or old == new:
        return None
    # the fast check and pydantic's said they differ; now the exact one, as JSON
    before, after = _template(old), _template(new)
    if before == after:
        return None
    return FieldChange("prompt_template", before, after, text_diffs(old, new))


def same_template(old: PromptTemplate | None, new: PromptTemplate | None) -> bool:
    """A cheaper check than pydantic's ``old == new`` that is ``True`` only when that is
    (same class, same field values, same extra fields, same private attributes): pydantic's
    ``__eq__`` makes these checks and a few more, once per step, in Python."""
    if old is None or new is None:
        return old is new
    return (
        type(old) is type(new)
        and old.__dict__ == new.__dict__
        and (old.__pydantic_extra__ or {}) == (new.__pydantic_extra__ or {})
        and getattr(old, "__pydantic_private__", None) == getattr(new, "__pydantic_private__", None)
    )


def _template(template: PromptTemplate | None) -> dict[str, Any] | None:
    return template.to_dict() if template is not None else None


def text_diffs(old: PromptTemplate | None, new: PromptTemplate | None) -> tuple[TextDiff, ...]:
    """The strings of the two templates that differ, by path, in path order."""
    before = dict(old.strings()) if old is not None else {}
    after = dict(new.strings()) if new is not None else {}
    return tuple(
        TextDiff(path, before.get(path), after.get(path))
        for path in sorted(before.keys() | after.keys())
        if before.get(path) != after.get(path) or (path in before) != (path in after)
    )


def extra_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[FieldChange]:
    """The unknown fields whose values differ (or that only one side has), by name."""
    return [
        FieldChange(key, old.get(key), new.get(key))
        for key in sorted(old.keys() | new.keys())
        if (key in old) != (key in new) or old.get(key) != new.get(key)
    ]
