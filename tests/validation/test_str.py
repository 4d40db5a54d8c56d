"""A diagnostic and a diff read as one line with ``str()``; ``repr`` stays the dataclass's."""

from __future__ import annotations

from liveflow_graph import Diagnostic, Severity, diff, load, validate
from tests.conftest import EXAMPLES


def test_a_diagnostic_reads_as_one_line() -> None:
    diagnostic = Diagnostic(
        "LF104",
        "unreachable-step",
        Severity.ERROR,
        "'legacy' (s8) is unreachable: no path from START leads to it",
        "$.current_version.steps[7]",
        step_ids=("s8",),
    )
    assert str(diagnostic) == (
        "LF104 error unreachable-step: 'legacy' (s8) is unreachable: no path from START "
        "leads to it at $.current_version.steps[7]"
    )
    assert repr(diagnostic).startswith("Diagnostic(code='LF104', rule='unreachable-step'")


def test_user_text_cannot_break_the_line() -> None:
    diagnostic = Diagnostic("LF1", "r", Severity.INFO, "step 'a\nb\x1b[31m' is odd", "$")
    assert str(diagnostic) == "LF1 info r: step 'a b[31m' is odd at $"


def test_every_example_finding_has_a_line() -> None:
    for diagnostic in validate(load(EXAMPLES / "support-triage.json")):
        text = str(diagnostic)
        assert "\n" not in text
        assert text.startswith(f"{diagnostic.code} {diagnostic.severity.value} {diagnostic.rule}: ")
        assert text.endswith(f" at {diagnostic.path}")


def test_a_diff_reads_as_its_versions_and_summary() -> None:
    flow = load(EXAMPLES / "support-triage.json").flows[0]
    *_, previous, current = flow.versions().values()
    result = diff(previous, current)
    assert str(result) == (
        f'flow "Support ticket triage": version {previous.id} -> version {current.id}: '
        f"{result.summary}"
    )
    assert repr(result).startswith("VersionDiff(old=DiffSide(")
    assert str(diff(current, current)).endswith(": no differences")
