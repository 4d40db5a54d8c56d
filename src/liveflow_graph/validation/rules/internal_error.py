"""A rule crashed while checking this flow version.

The engine runs every rule inside a guard: when a rule raises, the other rules still run
and the crash becomes this diagnostic, with the rule's name and the exception in the
message, instead of a traceback.  It is never produced by looking at the flow itself.

**Why it matters.** The version was not fully checked: whatever the crashed rule would
have found is missing from the report.

**Example.** A payload shape no one anticipated makes `cycle` raise `KeyError`; the
report then holds `LF000 internal-error: rule cycle (LF202) crashed: KeyError: 'x'`.

**How to fix.** Nothing in the flow needs fixing.  Report the problem to the
liveflow-graph developers with the payload (or a reduced copy) that triggers it; meanwhile
`--ignore` the crashing rule if its message is in the way.
"""

from __future__ import annotations

from liveflow_graph.validation.diagnostics import Severity

CODE = "LF000"
NAME = "internal-error"
SEVERITY = Severity.ERROR
OWN_JUDGEMENT = False
