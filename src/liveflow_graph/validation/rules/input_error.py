"""An input could not be read or parsed, so none of its flows were checked.

`liveflow-graph validate` reports every input it was given: a file that is missing,
unreadable, too large, not JSON, nested too deeply or not shaped like a TrueState
document becomes this finding (besides exit code 2), with the line and column of the
problem when it is known, so it appears in JSON, SARIF, GitHub and GitLab output and not
only on standard error.  A document that does not match the API's schema gives one
finding per problem, each at its JSON path.

**Why it matters.** A flow that cannot be parsed cannot be checked: without this finding a
broken file would vanish from the report and code scanning would show it as clean.

**Example.** A trailing comma in `flows/triage.json` gives
`flows/triage.json:41:5: LF001 input-error invalid JSON at line 41, column 5: ...`; a step
without an `id` gives `LF001 input-error` at `$.current_version.steps[2].id`.

**How to fix.** Repair the file (the message says what is wrong and where), or keep it out
of the run (`exclude` in the configuration; files named on the command line are always
read).
"""

from __future__ import annotations

from liveflow_graph.validation.diagnostics import Severity

CODE = "LF001"
NAME = "input-error"
SEVERITY = Severity.ERROR
OWN_JUDGEMENT = False
