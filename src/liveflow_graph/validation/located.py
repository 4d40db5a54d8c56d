"""Findings placed in their files: line, column and a fingerprint, computed once per report
and shared by every output form (text, JSON, SARIF, GitHub, GitLab) and by baselines.

A fingerprint identifies a finding across edits that only move it: it hashes the rule
code, the flow id and the ids of the steps and transitions involved (the JSON path only
when there are no ids), never a line number.  Findings of one file that would share a
fingerprint (the same undefined reference written twice in one prompt) are told apart by
what they are about (the reference text, else the message) and then by their order, so
code scanning does not merge them and a baseline counts each.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from liveflow_graph.model.positions import Spot
from liveflow_graph.validation.diagnostics import Diagnostic

__all__ = ["Located", "fingerprint", "locate_findings", "spot"]


@dataclass(frozen=True, slots=True)
class Located:
    """A diagnostic with its source file, 1-based ``line`` and ``column`` there (``None``
    when unknown) and its :func:`fingerprint`."""

    diagnostic: Diagnostic
    source: str | None
    line: int | None
    column: int | None
    fingerprint: str


def spot(diagnostic: Diagnostic) -> Spot:
    """Where ``diagnostic`` points: its location and, for a finding about part of a string
    (a reference inside a prompt), the character offset in that string."""
    offset = diagnostic.extra.get("offset")
    index = offset if isinstance(offset, int) and not isinstance(offset, bool) else None
    return (diagnostic.location, index)


def _base(d: Diagnostic) -> list[str]:
    parts = [d.code, d.flow_id or "", *d.step_ids, "|", *d.transition_ids]
    if not d.step_ids and not d.transition_ids:
        parts.append(d.path)
    return parts


def _digest(parts: Iterable[str]) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def fingerprint(diagnostic: Diagnostic) -> str:
    """The fingerprint of a finding that no other finding of its file shares the ids of
    (the form used since the first release, so existing code-scanning alerts keep theirs)."""
    return _digest(_base(diagnostic))


def _fingerprints(diagnostics: list[Diagnostic]) -> list[str]:
    """One fingerprint per diagnostic of one source, all distinct (see the module
    docstring)."""
    bases = [_base(d) for d in diagnostics]
    shared = Counter(_digest(base) for base in bases)
    seen: defaultdict[tuple[str, str], int] = defaultdict(int)
    prints = []
    for d, base in zip(diagnostics, bases, strict=True):
        plain = _digest(base)
        if shared[plain] == 1:
            prints.append(plain)
            continue
        reference = d.extra.get("reference")
        about = reference if isinstance(reference, str) else d.message
        occurrence = seen[(plain, about)]
        seen[(plain, about)] += 1
        prints.append(_digest([*base, "#", about, str(occurrence)]))
    return prints


def locate_findings(
    groups: Iterable[tuple[str | None, Iterable[Diagnostic], Mapping[Spot, tuple[int, int]]]],
) -> list[Located]:
    """The :class:`Located` findings of ``groups`` (source, its diagnostics, the positions
    of their spots), in the order given; fingerprints are made distinct within each
    source."""
    entries = [
        (source, d, positions.get(spot(d)))
        for source, diagnostics, positions in groups
        for d in diagnostics
    ]
    by_source: defaultdict[str | None, list[int]] = defaultdict(list)
    for index, (source, _, _) in enumerate(entries):
        by_source[source].append(index)
    prints = [""] * len(entries)
    for indices in by_source.values():
        for index, print_ in zip(
            indices, _fingerprints([entries[i][1] for i in indices]), strict=True
        ):
            prints[index] = print_
    located = []
    for (source, d, position), print_ in zip(entries, prints, strict=True):
        line, column = position if position is not None else (None, None)
        located.append(Located(d, source, line, column, print_))
    return located
