"""A prompt references the result of a step that does not exist.

Every string inside a step's `prompt_template` is scanned for `${name.result}`;
`name` must be the name of a step of the same version.  `INPUTS` (`${INPUTS}`,
`${INPUTS.field}`) is the session's trigger payload, not a step, and is never reported.

**Why it matters.** The placeholder cannot be filled: depending on the runtime the model
receives the raw `${...}` text, an empty string, or the step fails.

**Example.** A prompt with `${clasify_ticket.result}` when the step is named
`classify_ticket`, or a reference to a step that was renamed or deleted.

**How to fix.** Correct the name, or remove the reference.  The message suggests one: a
step renamed since another version of the flow that the document carries (a session's
version) had a step of that name with the same id, else a step whose name differs only in
case, else the closest name (`difflib`); the suggestion is also in the finding's
`extra` (`suggestion`; `renamed_step_id` and `renamed_in_version` for a rename).
"""

from __future__ import annotations

from collections.abc import Iterator

from liveflow_graph.validation.diagnostics import Severity
from liveflow_graph.validation.rules._base import Closest, Context, Finding, quote

CODE = "LF301"
NAME = "undefined-reference"
SEVERITY = Severity.ERROR
OWN_JUDGEMENT = False


def check(ctx: Context) -> Iterator[Finding]:
    """One finding per `${name.result}` whose name no step has."""
    missing = ctx.referenced_names.difference(ctx.graph.steps_by_name)
    if not missing:  # the common case: no loop over the references at all
        return
    hints: _Hints | None = None  # built on the first unknown name
    for step_id, referenced in ctx.result_names:
        for ordinal, name in enumerate(referenced):
            if name not in missing:
                continue
            if hints is None:
                hints = _Hints(ctx)
            hint, renamed, version = hints.suggest(name)
            ref = ctx.result_reference(step_id, ordinal)
            extra: dict[str, str | int] = {
                "reference": ref.text,
                "name": name,
                "offset": ref.offset,
            }
            suggestion = ""
            if renamed is not None and hint is not None and version is not None:
                suggestion = (
                    f" (did you mean {quote(hint)}? {ctx.step(renamed)} was named "
                    f"{quote(name)} in version {quote(version)})"
                )
                extra.update(suggestion=hint, renamed_step_id=renamed, renamed_in_version=version)
            elif hint is not None:
                suggestion = f" (did you mean {quote(hint)}?)"
                extra["suggestion"] = hint
            yield Finding(
                f"the prompt of {ctx.step(step_id)} references {quote(ref.text)}, "
                f"but no step is named {quote(name)}{suggestion}",
                step_ids=(step_id,),
                location=ref.location,
                extra=extra,
            )


class _Hints:
    """What an unknown name most likely meant, from the version and the flow's history."""

    def __init__(self, ctx: Context) -> None:
        self.graph = ctx.graph
        self.names = list(ctx.graph.steps_by_name)
        self.closest = Closest(self.names, 0.6)
        self.folded: dict[str, str] = {}
        for known in self.names:
            self.folded.setdefault(known.casefold(), known)
        self._renamed: dict[str, tuple[str, str]] | None = None

    @property
    def renamed(self) -> dict[str, tuple[str, str]]:
        """Old name -> (id of a step of this version that had that name in another version
        the flow carries, that version's id); the current version is looked at first, then
        the sessions' in document order."""
        if self._renamed is None:
            graph = self.graph
            found: dict[str, tuple[str, str]] = {}
            if graph.flow is not None:
                for version_id, ref in graph.flow.versions().items():
                    if version_id == graph.version_id:
                        continue
                    for step in ref.version.steps:
                        here = graph.steps.get(step.id)
                        if here is not None and here.name != step.name:
                            found.setdefault(step.name, (step.id, version_id))
            self._renamed = found
        return self._renamed

    def suggest(self, name: str) -> tuple[str | None, str | None, str | None]:
        """``(the name to suggest, the id of the step renamed from name, the version where
        it had that name)``; each may be ``None``."""
        renamed = self.renamed.get(name)
        if renamed is not None:
            step_id, version_id = renamed
            return self.graph.steps[step_id].name, step_id, version_id
        hint = self.folded.get(name.casefold())
        if hint is None:
            hint = self.closest(name)
        return hint, None, None
