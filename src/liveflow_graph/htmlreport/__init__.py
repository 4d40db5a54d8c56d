"""The HTML report: one self-contained page to look at flows, findings, sessions and diffs.

:func:`~liveflow_graph.htmlreport.page.report_html` (``liveflow-graph report``,
``Report.to_html()``) and :func:`~liveflow_graph.htmlreport.page.diff_html`
(``VersionDiff.to_html()``) write it; the modules, top down:

* ``page``: the HTML shell, the embedded JSON, the Content-Security-Policy, the hooks;
* ``document``: the JSON document the page's script reads;
* ``drawing``: Graphviz SVG within a time budget, else the page's own layout;
* ``sources``: the flow versions of the inputs, grouped by flow, oldest first;
* ``overview``: the layered layout for flows too big for Graphviz.

The page's stylesheet and script are in ``assets/``.
"""
