"""The version diff as it was before the fast paths of issue 16, kept verbatim as a test
oracle: ``tests.diffs.oracle.compute.diff`` is the plain (slower) formulation that
``liveflow_graph.diffs.diff`` must equal on every input (see ``test_oracle.py``).

Only the imports between these modules were changed (they import each other from here,
``fields.py`` included), and the call of the library's ``findings_changed``, which now
takes the two graphs; the record types and the validity comparison are the library's
own (the validity comparison reads only ``old_pair``/``new_pair`` of the pairing).
"""
