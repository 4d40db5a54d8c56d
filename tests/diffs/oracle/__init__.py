"""The version diff as it was before the fast paths of issue 16, kept verbatim as a test
oracle: ``tests.diffs.oracle.compute.diff`` is the plain (slower) formulation that
``liveflow_graph.diffs.diff`` must equal on every input (see ``test_oracle.py``).

Only the imports between these modules were changed (they import each other from here);
the record types, field comparisons and validity comparison are the library's own.
"""
