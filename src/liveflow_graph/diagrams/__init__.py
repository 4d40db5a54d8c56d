"""The diagrams layer: a renderer-neutral view of a flow, and its DOT, Mermaid and SVG forms.

- :mod:`~liveflow_graph.diagrams.view`: :class:`DiagramOptions` and the renderer-neutral
  view (:class:`Diagram`: nodes, edges, legend entries) that every backend draws;
- :mod:`~liveflow_graph.diagrams.build`: :func:`build_diagram`, from a flow to its view;
- :mod:`~liveflow_graph.diagrams.focus`: the focus view (a step and its neighbourhood);
- :mod:`~liveflow_graph.diagrams.overlays`: findings and session overlays;
- :mod:`~liveflow_graph.diagrams.legend`: the legend entries a diagram needs;
- :mod:`~liveflow_graph.diagrams.overview`: the overview of a big flow (groups of steps),
  made by :mod:`~liveflow_graph.diagrams.grouping` (chains and distance bands);
- :mod:`~liveflow_graph.diagrams.layout`: Graphviz layout limits for big diagrams;
- :mod:`~liveflow_graph.diagrams.style`: the visual language (colours, shapes, limits);
- :mod:`~liveflow_graph.diagrams.dot`, :mod:`~liveflow_graph.diagrams.mermaid`: diagram
  sources (pure: no renderer needed);
- :mod:`~liveflow_graph.diagrams.svg`: the only module that runs Graphviz (WASM in-process,
  :mod:`~liveflow_graph.diagrams.wasm`, or the system ``dot``);
- :mod:`~liveflow_graph.diagrams.legend_svg`: the legend's table drawn into the SVG where
  Graphviz cannot draw it, and moved to the drawing's corner;
- :mod:`~liveflow_graph.diagrams.display`: Jupyter MIME bundles for flows, versions,
  sessions and graphs (registered on the model classes' display hook).
"""
