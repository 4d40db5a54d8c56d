"""Field values compared: prompt templates and the fields the models do not know.

Steps and transitions each have their own known fields (see
:mod:`~liveflow_graph.diffs.steps` and :mod:`~liveflow_graph.diffs.transitions`); what both
share is here: a changed prompt template comes with the text diff of every string in it
that changed, and a field the API added that we do not model is compared as JSON.

Values are compared with :func:`liveflow_graph._deepjson.equal`, not ``==``: a template
nested as deep as the decoder allows (1,024 levels) would exhaust Python's recursion limit
in ``==`` and in pydantic's ``__eq__`` and JSON-mode dump.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from liveflow_graph._deepjson import equal
from liveflow_graph.diffs.records import FieldChange, TextDiff
from liveflow_graph.model.models import PromptTemplate

__all__ = ["extra_changes", "prompt_change", "same_json", "same_template", "text_diffs"]


def prompt_change(old: PromptTemplate | None, new: PromptTemplate | None) -> FieldChange | None:
    """The ``prompt_template`` change from ``old`` to ``new`` (with its text diffs), or
    ``None`` when the two are equal."""
    if same_template(old, new):
        return None
    # the fast check said they differ; now the exact one, as JSON
    before, after = _template(old), _template(new)
    if equal(before, after):
        return None
    return FieldChange("prompt_template", before, after, text_diffs(old, new))


def same_template(old: PromptTemplate | None, new: PromptTemplate | None) -> bool:
    """A cheaper check than pydantic's ``old == new`` that is ``True`` only when that is
    (same class, same field values, same extra fields, same private attributes): pydantic's
    ``__eq__`` makes these checks and a few more, once per step, in Python, and recurses
    into nested values where this does not.

    Most templates of two versions are equal: ``==`` on their dicts (in C) says so first;
    only templates it does not find equal (or that nest too deep for it) take the exact
    check, which compares the values as JSON (:func:`same_json`)."""
    if old is new:
        return True
    if old is None or new is None:
        return False
    try:
        if (
            type(old) is type(new)
            and old.__dict__ == new.__dict__
            and old.__pydantic_extra__ == new.__pydantic_extra__
            and old.__pydantic_private__ == new.__pydantic_private__
        ):
            return True
    except (RecursionError, AttributeError):
        pass
    private = "__pydantic_private__"
    return (
        type(old) is type(new)
        and same_json(old.__dict__, new.__dict__)
        and same_json(old.__pydantic_extra__ or {}, new.__pydantic_extra__ or {})
        and same_json(getattr(old, private, None), getattr(new, private, None))
    )


def same_json(old: object, new: object) -> bool:
    """:func:`~liveflow_graph._deepjson.equal`, answered by ``==`` (in C) when that says
    the values are equal, which it does only when ``equal`` does; ``equal`` itself decides
    the rest (values that differ, or nest too deep for ``==``)."""
    try:
        if old == new:
            return True
    except RecursionError:
        pass
    return equal(old, new)


def _template(template: PromptTemplate | None) -> dict[str, Any] | None:
    """``template`` as JSON: its ``to_dict()``, or, for a template nested deeper than
    pydantic serialises, its set fields and extras as they are (a parsed document's extras
    are JSON values already)."""
    if template is None:
        return None
    try:
        return template.to_dict()
    except ValueError:  # "Maximum serialization depth exceeded"
        fields = {name: getattr(template, name) for name in template.model_fields_set}
        return {**fields, **(template.__pydantic_extra__ or {})}


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
        if (key in old) != (key in new) or not equal(old.get(key), new.get(key))
    ]
