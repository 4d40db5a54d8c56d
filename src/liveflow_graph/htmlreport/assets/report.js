/* liveflow-graph report: reads the JSON document embedded in the page and draws it.
 *
 * Rule of this file: user text (names, prompts, messages, ids) is only ever written with
 * textContent, attribute values set with setAttribute, or parsed as XML (the Graphviz SVG,
 * which is then cleaned); never innerHTML. The page's Content-Security-Policy allows no
 * other script and no network access. */
(function () {
  "use strict";

  const DATA = JSON.parse(document.getElementById("report-data").textContent);
  const SVG_NS = "http://www.w3.org/2000/svg";
  const LIST_LIMIT = 300;
  const SEVERITIES = ["error", "warning", "info"];
  const STYLES = DATA.styles;

  // -- small DOM helpers (text only) ------------------------------------------------------

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else if (key === "title") node.title = value;
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    if (props && props.onclick && (tag === "li" || tag === "div")) {
      // clickable rows work from the keyboard too
      node.tabIndex = 0;
      node.setAttribute("role", "button");
      node.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          props.onclick(event);
        }
      });
    }
    return node;
  }

  function svgEl(tag, attrs) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
    return node;
  }

  const $ = (id) => document.getElementById(id);
  const plural = (n, word) => `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;
  const short = (text, limit) => (text.length > limit ? text.slice(0, limit - 1) + "…" : text);

  // -- state ------------------------------------------------------------------------------

  const versionsByKey = new Map(DATA.versions.map((v) => [v.key, v]));
  const diffsByPair = new Map(DATA.diffs.map((d) => [`${d.from}>${d.to}`, d]));
  const state = {
    tab: DATA.kind === "diff" ? "changes" : "flow",
    flow: DATA.flows.length ? DATA.flows[0].key : null,
    version: null,
    from: null,
    to: null,
    severities: new Set(SEVERITIES),
    rule: "",
    search: "",
    selected: null, // {kind: "step"|"finding"|"session"|"change", ...}
  };
  const indexCache = new Map();

  /** Per version: steps by id, transitions in and out, findings per step. */
  function indexOf(version) {
    let index = indexCache.get(version.key);
    if (index) return index;
    const steps = new Map(version.steps.map((s) => [s.id, s]));
    const incoming = new Map();
    const outgoing = new Map();
    for (const t of version.transitions) {
      if (!outgoing.has(t.from)) outgoing.set(t.from, []);
      outgoing.get(t.from).push(t);
      if (!incoming.has(t.to)) incoming.set(t.to, []);
      incoming.get(t.to).push(t);
    }
    const findingsOf = new Map();
    version.findings.forEach((f, i) => {
      f.index = i;
      for (const sid of f.steps) {
        if (!findingsOf.has(sid)) findingsOf.set(sid, []);
        findingsOf.get(sid).push(f);
      }
    });
    index = { steps, incoming, outgoing, findingsOf };
    indexCache.set(version.key, index);
    return index;
  }

  const currentVersion = () => versionsByKey.get(state.version) || null;
  const visibleFinding = (f) => state.severities.has(f.severity) && (!state.rule || f.rule === state.rule);
  const worstOf = (findings) => SEVERITIES.find((s) => findings.some((f) => f.severity === s)) || null;
  const typeStyle = (type) => STYLES.types[type] || STYLES.types[""];
  const stepName = (version, sid) => {
    const step = version && indexOf(version).steps.get(sid);
    return step ? step.name : null;
  };

  // -- the diagram viewer: one SVG at a time, pan and zoom by viewBox -------------------------

  const viewer = {
    canvas: $("canvas"),
    svg: null,
    key: null,
    drawn: null, // the view the SVG was last drawn at (a live gesture moves it by CSS)
    timer: 0,
    base: null, // the whole drawing {x, y, w, h}
    view: null, // what is shown now
    nodes: new Map(), // node id -> element
    edges: new Map(), // edge id -> element
    doc: null, // the diagram document
    overlay: null, // <g> for badges
    cache: new Map(),

    show(key, diagram, emptyText) {
      if (this.key === key && this.svg) return;
      this.canvas.replaceChildren();
      this.key = key;
      this.doc = diagram;
      this.svg = null;
      if (!diagram) {
        this.canvas.append(el("div", { class: "empty", text: emptyText || "Nothing to draw." }));
        return;
      }
      let built = this.cache.get(key);
      if (!built) {
        built = diagram.kind === "svg" ? graphvizSvg(diagram.svg) : layoutSvg(diagram);
        if (!built) {
          this.canvas.append(el("div", { class: "empty", text: "The diagram could not be read." }));
          return;
        }
        this.cache.set(key, built);
      }
      this.svg = built.svg;
      this.nodes = built.nodes;
      this.edges = built.edges;
      this.overlay = built.overlay;
      this.base = built.base;
      this.canvas.append(this.svg);
      if (!built.hits && diagram.kind === "svg") {
        addHitAreas(built);
        built.hits = true;
      }
      this.drawn = null;
      if (!built.view) this.fit();
      else this.apply(built.view);
    },

    /** Show ``view``.  ``live`` (dragging, wheeling): move the drawing drawn last with a CSS
     * transform, which costs nothing however big it is, and draw it anew once the
     * gesture pauses. */
    apply(view, live) {
      this.view = view;
      const cached = this.cache.get(this.key);
      if (cached) cached.view = view;
      clearTimeout(this.timer);
      if (live && this.drawn) {
        const s0 = this.scaleOf(this.drawn), s1 = this.scaleOf(view);
        const k = s1.s / s0.s;
        const tx = s1.ox + (this.drawn.x - view.x) * s1.s - s0.ox * k;
        const ty = s1.oy + (this.drawn.y - view.y) * s1.s - s0.oy * k;
        this.svg.style.transform = `translate(${tx}px, ${ty}px) scale(${k})`;
        this.timer = setTimeout(() => this.apply(this.view), 140);
        return;
      }
      this.drawn = view;
      this.svg.style.transform = "";
      this.svg.setAttribute("viewBox", `${view.x} ${view.y} ${view.w} ${view.h}`);
      const scale = this.scaleOf(view).s;
      this.svg.classList.toggle("far", scale < 0.45 && this.doc.kind === "layout");
    },

    /** Screen pixels per drawing unit for ``view``, and where the drawing starts. */
    scaleOf(view) {
      const cw = this.canvas.clientWidth || 800, ch = this.canvas.clientHeight || 600;
      const s = Math.min(cw / view.w, ch / view.h);
      return { s, ox: (cw - view.w * s) / 2, oy: (ch - view.h * s) / 2 };
    },

    fit() {
      if (!this.svg) return;
      const b = this.base;
      const pad = Math.max(b.w, b.h) * 0.03;
      this.apply(this.framed({ x: b.x - pad, y: b.y - pad, w: b.w + 2 * pad, h: b.h + 2 * pad }));
    },

    /** The view showing ``box`` whole, with the canvas's aspect ratio. */
    framed(box) {
      const cw = this.canvas.clientWidth || 800;
      const ch = this.canvas.clientHeight || 600;
      const ratio = cw / ch;
      let { x, y, w, h } = box;
      if (w / h > ratio) {
        const nh = w / ratio;
        y -= (nh - h) / 2;
        h = nh;
      } else {
        const nw = h * ratio;
        x -= (nw - w) / 2;
        w = nw;
      }
      return { x, y, w, h };
    },

    zoom(factor, cx, cy, live) {
      if (!this.svg) return;
      const v = this.view;
      const minW = (this.canvas.clientWidth || 800) / 4; // at most 4 screen pixels per unit
      const maxW = Math.max(this.base.w, this.base.h * (v.w / v.h)) * 4;
      const w = Math.min(Math.max(v.w / factor, minW), maxW);
      const k = w / v.w;
      const px = cx === undefined ? v.x + v.w / 2 : cx;
      const py = cy === undefined ? v.y + v.h / 2 : cy;
      this.apply({ x: px - (px - v.x) * k, y: py - (py - v.y) * k, w, h: v.h * k }, live);
    },

    /** The drawing point under a client (screen) position. */
    point(clientX, clientY) {
      const r = this.canvas.getBoundingClientRect();
      const v = this.view;
      const scale = Math.min(r.width / v.w, r.height / v.h);
      const ox = (r.width - v.w * scale) / 2;
      const oy = (r.height - v.h * scale) / 2;
      return { x: v.x + (clientX - r.left - ox) / scale, y: v.y + (clientY - r.top - oy) / scale };
    },

    /** The box of an element of the drawing, in drawing units. */
    boxOf(element) {
      const r = element.getBoundingClientRect();
      const a = this.point(r.left, r.top);
      const b = this.point(r.right, r.bottom);
      return { x: a.x, y: a.y, w: b.x - a.x, h: b.y - a.y };
    },

    /** Bring ``elements`` into view: nothing moves when they are in view and readable;
     * else the view centres on them, zoomed out to hold them all, or in to readable. */
    reveal(elements) {
      if (!this.svg || !elements.length) return;
      let x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity;
      for (const element of elements) {
        const b = this.boxOf(element);
        x1 = Math.min(x1, b.x); y1 = Math.min(y1, b.y);
        x2 = Math.max(x2, b.x + b.w); y2 = Math.max(y2, b.y + b.h);
      }
      const v = this.view;
      const scale = this.scaleOf(v).s;
      const inside = x1 >= v.x && y1 >= v.y && x2 <= v.x + v.w && y2 <= v.y + v.h;
      if (inside && scale >= 0.5) return;
      const pad = 60 / Math.max(scale, 0.5);
      let w = v.w, h = v.h;
      if (scale < 0.5) { // too small to read: zoom in to 1:1
        w = v.w * scale;
        h = v.h * scale;
      }
      const k = Math.max((x2 - x1 + 2 * pad) / w, (y2 - y1 + 2 * pad) / h, 1);
      w *= k;
      h *= k;
      const cx = (x1 + x2) / 2, cy = (y1 + y2) / 2;
      this.apply({ x: cx - w / 2, y: cy - h / 2, w, h });
    },

    nodeOfStep(sid) {
      const map = this.doc ? this.doc.nodes : {};
      for (const [nodeId, stepId] of Object.entries(map)) {
        if (stepId === sid && this.nodes.has(nodeId)) return this.nodes.get(nodeId);
      }
      return null;
    },
  };

  /** Parse Graphviz's SVG as XML and keep only drawing: no script, no event handler, no
   * link, no external reference (defence in depth: the CSP forbids them anyway). */
  function graphvizSvg(text) {
    const parsed = new DOMParser().parseFromString(text, "image/svg+xml");
    const root = parsed.documentElement;
    if (!root || root.nodeName !== "svg" || parsed.getElementsByTagName("parsererror").length) return null;
    for (const bad of root.querySelectorAll("script, foreignObject, iframe, image, use, style, set, animate")) bad.remove();
    for (const node of root.querySelectorAll("*")) {
      for (const attr of Array.from(node.attributes)) {
        const name = attr.name.toLowerCase();
        if (name.startsWith("on") || ((name === "href" || name.endsWith(":href")) && !attr.value.startsWith("#"))) {
          node.removeAttribute(attr.name);
        }
      }
    }
    const svg = document.importNode(root, true);
    const box = (svg.getAttribute("viewBox") || "0 0 100 100").split(/[\s,]+/).map(Number);
    svg.removeAttribute("width");
    svg.removeAttribute("height");
    svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
    const nodes = new Map();
    const edges = new Map();
    for (const g of svg.querySelectorAll("g.node, g.edge")) {
      const id = g.getAttribute("id");
      g.removeAttribute("id");
      g.dataset.id = id;
      const title = g.querySelector(":scope > title");
      if (title) title.remove(); // "s0": the inner tooltip says more
      (g.classList.contains("node") ? nodes : edges).set(id, g);
    }
    for (const title of svg.querySelectorAll("g.graph > title")) title.remove();
    for (const g of svg.querySelectorAll("[id]")) g.removeAttribute("id");
    const overlay = svgEl("g", { class: "overlay" });
    svg.append(overlay);
    return { svg, nodes, edges, overlay, base: { x: box[0], y: box[1], w: box[2] || 100, h: box[3] || 100 } };
  }

  /** Give each node one clickable box over all it draws (its shape and the finding codes
   * beside it), under its own shapes: a click anywhere in it means the node. */
  function addHitAreas(built) {
    for (const g of built.nodes.values()) {
      let box;
      try {
        box = g.getBBox();
      } catch (error) {
        continue;
      }
      if (!box.width || !box.height) continue;
      g.prepend(svgEl("rect", { class: "hit", x: box.x, y: box.y, width: box.width, height: box.height, fill: "transparent" }));
    }
  }

  /** Draw a diagram the report laid out itself (big flows): boxes, labels and lines. */
  function layoutSvg(diagram) {
    const svg = svgEl("svg", { preserveAspectRatio: "xMidYMid meet" });
    const [bw, bh] = diagram.box;
    const defs = svgEl("defs");
    const marker = svgEl("marker", {
      id: `arrow-${Math.random().toString(36).slice(2)}`, viewBox: "0 0 10 10", refX: 9, refY: 5,
      markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse",
    });
    marker.append(svgEl("path", { d: "M0,0 L10,5 L0,10 z", fill: "#607d8b" }));
    defs.append(marker);
    svg.append(defs);
    const lines = svgEl("g", { class: "lines" });
    const boxes = svgEl("g", { class: "boxes" });
    const at = new Map(diagram.shapes.map((s) => [s[0], s]));
    const edges = new Map();
    const nodes = new Map();
    for (const [edgeId, source, target, color, dashed] of diagram.lines) {
      const a = at.get(source), b = at.get(target);
      if (!a || !b) continue;
      const g = svgEl("g", { class: "edge" });
      g.dataset.id = edgeId;
      let d;
      if (b[2] > a[2]) {
        const y1 = a[2] + bh / 2, y2 = b[2] - bh / 2, my = (y1 + y2) / 2;
        d = `M${a[1]},${y1} C${a[1]},${my} ${b[1]},${my} ${b[1]},${y2}`;
      } else if (source === target) {
        const x = a[1] + bw / 2, y = a[2];
        d = `M${x},${y - 8} C${x + 40},${y - 30} ${x + 40},${y + 30} ${x},${y + 8}`;
      } else {
        // back or sideways: bow out to the right
        const x1 = a[1] + bw / 2, x2 = b[1] + bw / 2, bow = Math.max(x1, x2) + 40 + Math.abs(a[2] - b[2]) * 0.08;
        d = `M${x1},${a[2]} C${bow},${a[2]} ${bow},${b[2]} ${x2},${b[2]}`;
      }
      g.append(svgEl("path", {
        d, fill: "none", stroke: color, "stroke-width": 1.2, "stroke-dasharray": dashed ? "5,3" : "none",
        "marker-end": `url(#${marker.id})`, opacity: 0.75,
      }));
      lines.append(g);
      edges.set(edgeId, g);
    }
    for (const [nodeId, x, y, label, fill, border, textColor, dashed, round, classes] of diagram.shapes) {
      const g = svgEl("g", { class: `node ${classes}` });
      g.dataset.id = nodeId;
      const title = svgEl("title");
      title.textContent = label;
      g.append(title);
      g.append(svgEl("rect", {
        x: x - bw / 2, y: y - bh / 2, width: bw, height: bh, rx: round ? 14 : 4, fill, stroke: border,
        "stroke-width": 1.4, "stroke-dasharray": dashed ? "5,3" : "none",
      }));
      const text = svgEl("text", {
        x, y: y + 4, "text-anchor": "middle", fill: textColor, "font-size": 12, class: "lbl",
        "font-family": "Helvetica, Arial, sans-serif",
      });
      text.textContent = label;
      g.append(text);
      boxes.append(g);
      nodes.set(nodeId, g);
    }
    svg.append(lines, boxes);
    const overlay = svgEl("g", { class: "overlay" });
    svg.append(overlay);
    return { svg, nodes, edges, overlay, base: { x: 0, y: 0, w: diagram.width, h: diagram.height } };
  }

  // pan and zoom: drag, wheel, buttons, keys
  (function wireViewer() {
    const canvas = viewer.canvas;
    let drag = null;
    canvas.addEventListener("pointerdown", (event) => {
      if (!viewer.svg || event.button !== 0) return;
      drag = { x: event.clientX, y: event.clientY, view: viewer.view, moved: false };
    });
    window.addEventListener("pointermove", (event) => {
      if (!drag) return;
      const dx = event.clientX - drag.x, dy = event.clientY - drag.y;
      if (!drag.moved && Math.hypot(dx, dy) < 4) return;
      if (!drag.moved) canvas.classList.add("dragging");
      drag.moved = true;
      const r = canvas.getBoundingClientRect();
      const scale = Math.min(r.width / drag.view.w, r.height / drag.view.h);
      viewer.apply({ ...drag.view, x: drag.view.x - dx / scale, y: drag.view.y - dy / scale }, true);
    });
    window.addEventListener("pointerup", () => {
      if (drag && drag.moved) {
        viewer.apply(viewer.view);
        // swallow the click that ends a drag
        window.addEventListener("click", (e) => e.stopPropagation(), { capture: true, once: true });
        setTimeout(() => canvas.classList.remove("dragging"), 0);
      }
      drag = null;
    });
    canvas.addEventListener("wheel", (event) => {
      if (!viewer.svg) return;
      event.preventDefault();
      const p = viewer.point(event.clientX, event.clientY);
      viewer.zoom(Math.exp(-event.deltaY * 0.0015), p.x, p.y, true);
    }, { passive: false });
    canvas.addEventListener("dblclick", (event) => {
      if (!event.target.closest(".node")) viewer.fit();
    });
    canvas.addEventListener("keydown", (event) => {
      if (event.key === "+" || event.key === "=") viewer.zoom(1.25);
      else if (event.key === "-") viewer.zoom(0.8);
      else if (event.key === "0") viewer.fit();
    });
    canvas.addEventListener("click", (event) => {
      if (!viewer.svg || !viewer.doc) return;
      const own = event.target.closest(".node");
      const g = own && !event.target.classList.contains("hit") ? own : nodeNear(event.clientX, event.clientY);
      const sid = g ? viewer.doc.nodes[g.dataset.id] : undefined;
      if (sid === undefined) {
        clearHighlight();
        return;
      }
      if (state.tab === "changes") selectChange(sid, false);
      else selectStep(sid, false);
    });
    $("zoom-in").addEventListener("click", () => viewer.zoom(1.25));
    $("zoom-out").addEventListener("click", () => viewer.zoom(0.8));
    $("zoom-fit").addEventListener("click", () => viewer.fit());
    window.addEventListener("resize", () => viewer.svg && viewer.apply(viewer.framed(viewer.view)));
  })();

  /** The node whose drawing (shape and the labels beside it) holds a screen point, the
   * one whose shape is nearest when several do: a click between a node and its finding
   * codes still means the node. */
  function nodeNear(clientX, clientY) {
    let best = null;
    let bestDistance = Infinity;
    for (const g of viewer.nodes.values()) {
      const r = g.getBoundingClientRect();
      if (clientX < r.left || clientX > r.right || clientY < r.top || clientY > r.bottom) continue;
      const shape = (shapeOf(g) || g).getBoundingClientRect();
      const d = Math.hypot(clientX - (shape.left + shape.right) / 2, clientY - (shape.top + shape.bottom) / 2);
      if (d < bestDistance) {
        best = g;
        bestDistance = d;
      }
    }
    return best;
  }

  // -- highlighting -----------------------------------------------------------------------

  function clearHighlight() {
    if (!viewer.svg) return;
    viewer.svg.classList.remove("dimming");
    for (const g of viewer.svg.querySelectorAll(".hl, .sel, .stop-failed")) g.classList.remove("hl", "sel", "stop-failed");
  }

  /** Mark the nodes of ``stepIds`` (and the edges of ``transitionIds``), dim the rest. */
  function highlight(stepIds, transitionIds, selected) {
    clearHighlight();
    if (!viewer.svg) return [];
    const wanted = new Set(stepIds);
    const found = [];
    for (const [nodeId, sid] of Object.entries(viewer.doc.nodes)) {
      const g = viewer.nodes.get(nodeId);
      if (g && wanted.has(sid)) {
        g.classList.add(sid === selected ? "sel" : "hl");
        found.push(g);
      }
    }
    const edgeSet = new Set(transitionIds || []);
    for (const [edgeId, tid] of Object.entries(viewer.doc.edges)) {
      const g = viewer.edges.get(edgeId);
      if (g && edgeSet.has(tid)) g.classList.add("hl");
    }
    if (found.length || edgeSet.size) viewer.svg.classList.add("dimming");
    return found;
  }

  /** Outline the steps whose name matches the search, in the diagram. */
  function markMatches(ids) {
    if (!viewer.svg) return;
    for (const g of viewer.svg.querySelectorAll(".node.match")) g.classList.remove("match");
    if (!ids) return;
    for (const [nodeId, sid] of Object.entries(viewer.doc.nodes)) {
      if (ids.has(sid)) {
        const g = viewer.nodes.get(nodeId);
        if (g) g.classList.add("match");
      }
    }
  }

  /** Steps whose findings are all filtered out lose their finding colours. */
  function applyFindingFilter(version) {
    if (!viewer.svg || !version) return;
    const { findingsOf } = indexOf(version);
    for (const [nodeId, sid] of Object.entries(viewer.doc.nodes)) {
      const g = viewer.nodes.get(nodeId);
      if (!g) continue;
      const own = findingsOf.get(sid) || [];
      g.classList.toggle("fmute", own.length > 0 && !own.some(visibleFinding));
    }
  }

  // -- sessions heat overlay ----------------------------------------------------------------

  function heatColor(t) {
    // pale lilac -> deep purple (the session colour), apart from the severity colours
    const stops = [[243, 229, 245], [171, 71, 188], [74, 20, 140]];
    const [a, b, u] = t < 0.5 ? [stops[0], stops[1], t * 2] : [stops[1], stops[2], (t - 0.5) * 2];
    const mix = a.map((c, i) => Math.round(c + (b[i] - c) * u));
    return { fill: `rgb(${mix.join(",")})`, text: t > 0.55 ? "#ffffff" : "#3e2723" };
  }

  function shapeOf(g) {
    // Graphviz: g.node > g > a > shape (the first shape is the node's outline); ours: g.node > rect
    return g.querySelector("a > polygon, a > ellipse, a > path, :scope > rect:not(.hit), :scope > polygon, :scope > ellipse, :scope > path");
  }

  function clearHeat() {
    if (!viewer.svg) return;
    viewer.overlay.replaceChildren();
    for (const g of viewer.svg.querySelectorAll("[data-heat]")) {
      const shape = shapeOf(g);
      if (shape && g.dataset.fill !== undefined) shape.setAttribute("fill", g.dataset.fill);
      for (const t of g.querySelectorAll("text")) if (t.dataset.fill !== undefined) t.setAttribute("fill", t.dataset.fill);
      g.classList.remove("heat-off");
      delete g.dataset.heat;
      for (const p of g.querySelectorAll("path")) p.style.strokeWidth = "";
    }
  }

  function applyHeat(version) {
    clearHeat();
    if (!viewer.svg || !version) return;
    const sessions = version.sessions;
    const counts = sessions.steps;
    const most = Math.max(1, ...Object.values(counts).map((c) => c[0] + c[1]));
    for (const [nodeId, sid] of Object.entries(viewer.doc.nodes)) {
      const g = viewer.nodes.get(nodeId);
      const shape = g && shapeOf(g);
      if (!shape) continue;
      g.dataset.heat = "1";
      if (g.dataset.fill === undefined) g.dataset.fill = shape.getAttribute("fill") || "";
      const c = counts[sid];
      if (!c) {
        g.classList.add("heat-off");
        continue;
      }
      const { fill, text } = heatColor(Math.max(c[0], c[1]) / most);
      shape.setAttribute("fill", fill);
      for (const t of g.querySelectorAll("a > text, :scope > text.lbl")) {
        if (t.dataset.fill === undefined) t.dataset.fill = t.getAttribute("fill") || "";
        t.setAttribute("fill", text);
      }
      const marks = [];
      if (c[2]) marks.push([`${c[2]} failed`, STYLES.session.failed]);
      if (c[3]) marks.push([`${c[3]} waiting`, STYLES.session.current]);
      else if (c[1] && !c[2]) marks.push([`${c[1]} here now`, STYLES.session.current]);
      if (marks.length) badge(g, marks);
    }
    const busiest = Math.max(1, ...Object.values(sessions.edges));
    for (const [edgeId, tid] of Object.entries(viewer.doc.edges)) {
      const g = viewer.edges.get(edgeId);
      if (!g) continue;
      g.dataset.heat = "1";
      const n = sessions.edges[tid] || 0;
      if (!n) g.classList.add("heat-off");
      else for (const p of g.querySelectorAll("path")) p.style.strokeWidth = `${1.2 + (3.3 * n) / busiest}px`;
    }
  }

  /** Labels on a pill above the right end of a node, drawn over everything. */
  function badge(g, marks) {
    const box = viewer.boxOf(shapeOf(g) || g);
    let y = box.y - 4;
    for (const [text, color] of marks) {
      const group = svgEl("g", { class: "badge" });
      const label = svgEl("text", { x: box.x + box.w - 4, y, "text-anchor": "end", fill: "#ffffff" });
      label.textContent = text;
      const width = text.length * 5.8 + 10;
      group.append(svgEl("rect", { x: box.x + box.w - width, y: y - 12, width: width + 2, height: 16, rx: 8, fill: color }), label);
      viewer.overlay.append(group);
      y -= 18;
    }
  }

  function numberPath(steps) {
    viewer.overlay.replaceChildren();
    const seen = new Set();
    let n = 0;
    for (const sid of steps) {
      n += 1;
      if (seen.has(sid) || seen.size >= 200) continue;
      seen.add(sid);
      const g = viewer.nodeOfStep(sid);
      if (!g) continue;
      const box = viewer.boxOf(shapeOf(g) || g);
      const group = svgEl("g", { class: "badge" });
      group.append(svgEl("circle", { cx: box.x, cy: box.y, r: 10, fill: "#6a1b9a" }));
      const label = svgEl("text", { x: box.x, y: box.y + 4, "text-anchor": "middle", fill: "#ffffff" });
      label.textContent = String(n);
      group.append(label);
      viewer.overlay.append(group);
    }
  }

  // -- header and pickers -------------------------------------------------------------------

  function renderHeader() {
    $("title").textContent = DATA.title;
    document.title = DATA.title;
    const bits = [];
    if (DATA.sources.length) bits.push(DATA.sources.join(", "));
    bits.push(`made by ${DATA.generator}`);
    $("subtitle").textContent = bits.join(" · ");
    const flowPick = $("flow-pick");
    flowPick.replaceChildren(...DATA.flows.map((f) => el("option", { value: f.key, text: f.name || (f.id ? `flow ${f.id}` : "versions outside any flow") })));
    flowPick.closest("label").hidden = DATA.flows.length < 2;
    flowPick.addEventListener("change", () => {
      state.flow = flowPick.value;
      chooseVersion(defaultVersion());
    });
    $("version-pick").addEventListener("change", (event) => chooseVersion(event.target.value));
    $("version-pick").closest("label").hidden = DATA.kind === "diff";
    for (const button of document.querySelectorAll(".tabs button")) {
      button.addEventListener("click", () => chooseTab(button.dataset.tab));
    }
  }

  function flowOf(key) {
    return DATA.flows.find((f) => f.key === key) || null;
  }

  function versionLabel(v, number) {
    const parts = [`#${number}`];
    if (v.created) parts.push(v.created);
    parts.push(short(v.id, 24));
    if (v.sessions.total) parts.push(plural(v.sessions.total, "session"));
    if (v.current) parts.push("current");
    return parts.join(" · ");
  }

  function defaultVersion() {
    const flow = flowOf(state.flow);
    if (!flow || !flow.versions.length) return null;
    const current = flow.versions.find((k) => versionsByKey.get(k).current);
    return current || flow.versions[flow.versions.length - 1];
  }

  function chooseVersion(key) {
    state.version = key;
    state.selected = null;
    const flow = flowOf(state.flow);
    const pick = $("version-pick");
    pick.replaceChildren(...(flow ? flow.versions : []).map((k, i) => el("option", { value: k, text: versionLabel(versionsByKey.get(k), i + 1), selected: k === key })));
    pick.disabled = !flow || flow.versions.length < 2;
    // compare the chosen version with the one before it, or the next when it is the first
    const keys = flow ? flow.versions : [];
    const at = keys.indexOf(key);
    if (keys.length > 1) {
      state.from = at > 0 ? keys[at - 1] : keys[0];
      state.to = at > 0 ? key : keys[1];
    } else {
      state.from = state.to = null;
    }
    renderCounts();
    render();
  }

  function chooseTab(tab) {
    state.tab = tab;
    state.selected = null;
    for (const button of document.querySelectorAll(".tabs button")) button.classList.toggle("active", button.dataset.tab === tab);
    render();
  }

  function renderCounts() {
    const box = $("counts");
    box.replaceChildren();
    const v = currentVersion();
    if (DATA.kind === "diff") {
      const d = DATA.diffs[0];
      box.append(el("span", { class: "chip", text: d.summary }));
      return;
    }
    if (!v) return;
    if (!v.checked) box.append(el("span", { class: "chip", text: "not validated" }));
    else if (!v.findings.length) box.append(el("span", { class: "chip ok", text: "no findings" }));
    for (const s of SEVERITIES) {
      const n = v.findings.filter((f) => f.severity === s).length;
      if (n) box.append(el("span", { class: `chip ${s}`, text: plural(n, s) }));
    }
    box.append(el("span", { class: "chip", text: `${plural(v.steps.length, "step")}` }));
    const s = v.sessions;
    const failed = s.list.filter((x) => x.status === "FAILED").length;
    box.append(el("span", { class: "chip", text: plural(s.total, "session") + (failed ? `, ${failed} failed` : "") }));
  }

  // -- the three tabs -----------------------------------------------------------------------

  function render() {
    const v = currentVersion();
    const flow = flowOf(state.flow);
    const tabs = { flow: $("tab-flow"), sessions: $("tab-sessions"), changes: $("tab-changes") };
    tabs.flow.disabled = !v;
    tabs.sessions.disabled = !v || !v.sessions.total;
    tabs.changes.disabled = DATA.kind !== "diff" && !(flow && flow.versions.length > 1);
    if (tabs[state.tab].disabled) {
      state.tab = "flow";
      for (const button of document.querySelectorAll(".tabs button")) button.classList.toggle("active", button.dataset.tab === "flow");
    }
    $("tabs").hidden = DATA.kind === "diff";
    if (state.tab === "changes") renderChanges();
    else renderFlow(v);
  }

  function showNotice(text) {
    const notice = $("notice");
    notice.hidden = !text;
    notice.textContent = text || "";
  }

  function drawingNotice(diagram) {
    return diagram && diagram.kind === "layout"
      ? `Drawn by the report's own layered layout, not Graphviz: ${diagram.reason}. Pan and zoom, search a step and click it for its details.`
      : null;
  }

  // the flow (and sessions) tab

  function renderFlow(v) {
    const sessionsTab = state.tab === "sessions";
    if (!v) {
      viewer.show("none", null, "The report holds no flow version.");
      $("side").replaceChildren(el("p", { class: "muted", text: "Nothing to show." }));
      return;
    }
    const empty = v.diagram ? null : "No diagram: this report was made from validation results alone (pass the flows to Report.to_html to draw them).";
    viewer.show(`version:${v.key}`, v.diagram, empty);
    showNotice(drawingNotice(v.diagram));
    if (sessionsTab) {
      applyHeat(v);
      renderSessionsSide(v);
      renderLegend(v, "heat");
    } else {
      clearHeat();
      renderFlowSide(v);
      applyFindingFilter(v);
      renderLegend(v, "flow");
    }
    if (!state.selected) renderDetailsIntro(v);
  }

  function renderFlowSide(v) {
    const side = $("side");
    const search = el("input", { type: "search", id: "search", placeholder: "Search steps by name or id", value: state.search, "aria-label": "Search steps" });
    const filters = el("div", { class: "filters" });
    for (const s of SEVERITIES) {
      const n = v.findings.filter((f) => f.severity === s).length;
      const box = el("input", { type: "checkbox", checked: state.severities.has(s), "data-severity": s });
      box.addEventListener("change", () => {
        if (box.checked) state.severities.add(s); else state.severities.delete(s);
        refreshLists(v);
      });
      filters.append(el("label", { class: "toggle" }, box, el("span", { class: `chip ${s}`, text: `${n} ${s}` })));
    }
    const rules = new Map();
    for (const f of v.findings) rules.set(f.rule, { code: f.code, n: (rules.get(f.rule)?.n || 0) + 1 });
    const ruleSelect = el("select", { id: "rule-pick", "aria-label": "Filter by rule" },
      el("option", { value: "", text: `All rules (${rules.size})` }),
      [...rules.entries()].sort((a, b) => a[1].code.localeCompare(b[1].code)).map(([rule, info]) =>
        el("option", { value: rule, text: `${info.code} ${rule} (${info.n})`, selected: rule === state.rule })));
    if (state.rule && !rules.has(state.rule)) state.rule = "";
    ruleSelect.addEventListener("change", () => { state.rule = ruleSelect.value; refreshLists(v); });
    filters.append(ruleSelect);
    search.addEventListener("input", () => { state.search = search.value; refreshLists(v); });
    side.replaceChildren(
      search,
      filters,
      el("h2", {}, "Findings ", el("span", { id: "findings-count", class: "muted" })),
      el("ul", { class: "list", id: "findings-list" }),
      el("h2", {}, "Steps ", el("span", { id: "steps-count", class: "muted" })),
      el("ul", { class: "list", id: "steps-list" }),
    );
    refreshLists(v);
  }

  function refreshLists(v) {
    const { findingsOf } = indexOf(v);
    const shown = v.findings.filter(visibleFinding);
    $("findings-count").textContent = shown.length === v.findings.length ? `(${v.findings.length})` : `(${shown.length} of ${v.findings.length})`;
    const findingsList = $("findings-list");
    findingsList.replaceChildren(...shown.slice(0, LIST_LIMIT).map((f) => el("li", {
      class: state.selected && state.selected.kind === "finding" && state.selected.index === f.index ? "selected" : "",
      onclick: () => selectFinding(f.index),
      title: f.message,
    }, el("span", { class: `sev ${f.severity}`, text: f.code }), el("span", { class: "grow clamp", text: f.message }))));
    if (shown.length > LIST_LIMIT) findingsList.append(el("li", { class: "more", text: `… and ${shown.length - LIST_LIMIT} more: filter by rule or severity` }));
    if (!v.checked) findingsList.append(el("li", { class: "more", text: "This version was not validated." }));
    else if (!v.findings.length) findingsList.append(el("li", { class: "more", text: "No findings." }));

    const query = state.search.trim().toLowerCase();
    const matches = query ? v.steps.filter((s) => s.name.toLowerCase().includes(query) || s.id.toLowerCase().includes(query)) : v.steps;
    $("steps-count").textContent = query ? `(${matches.length} of ${v.steps.length})` : `(${v.steps.length})`;
    const stepsList = $("steps-list");
    stepsList.replaceChildren(...matches.slice(0, LIST_LIMIT).map((s) => {
      const worst = worstOf((findingsOf.get(s.id) || []).filter(visibleFinding));
      return el("li", {
        class: state.selected && state.selected.kind === "step" && state.selected.id === s.id ? "selected" : "",
        onclick: () => selectStep(s.id, true),
      },
      el("span", { class: "dot", "data-fill": typeStyle(s.type).border }),
      el("span", { class: "grow clamp", text: s.name }),
      worst ? el("span", { class: `sev ${worst}`, text: String((findingsOf.get(s.id) || []).filter(visibleFinding).length) }) : null);
    }));
    for (const dot of stepsList.querySelectorAll(".dot")) dot.style.background = dot.dataset.fill;
    if (matches.length > LIST_LIMIT) stepsList.append(el("li", { class: "more", text: `… and ${matches.length - LIST_LIMIT} more: refine the search` }));
    if (!matches.length) stepsList.append(el("li", { class: "more", text: query ? "No step matches." : "No steps." }));
    markMatches(query ? new Set(matches.map((s) => s.id)) : null);
    applyFindingFilter(v);
  }

  function renderLegend(v, mode) {
    const legend = $("legend");
    legend.replaceChildren();
    const add = (swatch, text) => legend.append(el("span", { class: "entry" }, swatch, el("span", { text })));
    if (mode === "heat") {
      const most = Math.max(0, ...Object.values(v.sessions.steps).map((c) => Math.max(c[0], c[1])));
      add(el("span", { class: "ramp" }), most ? `reached by 1 … ${plural(most, "session")}` : "no session has reached a step yet");
      const pill = (color, text) => {
        const chip = el("span", { class: "chip", text });
        chip.style.background = color;
        chip.style.color = "#fff";
        return chip;
      };
      add(pill(STYLES.session.failed, "N failed"), "sessions failed at the step");
      add(pill(STYLES.session.current, "N waiting"), "sessions stopped there (waiting, or here now)");
      legend.hidden = !viewer.svg;
      return;

    }
    const types = new Set(v.steps.map((s) => (STYLES.types[s.type] ? s.type : "")));
    for (const type of [...types].sort()) {
      const style = typeStyle(type);
      const swatch = el("span", { class: "swatch" });
      swatch.style.background = style.fill;
      swatch.style.borderColor = style.border;
      add(swatch, style.label);
    }
    if (v.steps.some((s) => !s.reachable)) {  // drawn greyed with a dashed border
      const style = STYLES.unreachable;
      const swatch = el("span", { class: "swatch" });
      swatch.style.background = style.fill;
      swatch.style.borderColor = style.border;
      swatch.style.borderStyle = "dashed";
      add(swatch, style.label);
    }
    for (const s of SEVERITIES) {
      if (!v.findings.some((f) => f.severity === s)) continue;
      const swatch = el("span", { class: "swatch" });
      swatch.style.borderColor = STYLES.severity[s];
      swatch.style.borderWidth = "3px";
      add(swatch, `${s} finding`);
    }
    legend.hidden = !viewer.svg || !legend.childElementCount;
  }

  // selection: steps, findings, sessions

  function selectStep(sid, reveal) {
    const v = currentVersion();
    if (!v) return;
    if (state.tab === "changes") chooseTab("flow");
    state.selected = { kind: "step", id: sid };
    const { steps, incoming, outgoing, findingsOf } = indexOf(v);
    const step = steps.get(sid);
    const ins = incoming.get(sid) || [];
    const outs = outgoing.get(sid) || [];
    const found = highlight([sid, ...ins.map((t) => t.from), ...outs.map((t) => t.to)], [...ins, ...outs].map((t) => t.id), sid);
    if (reveal) viewer.reveal(found.filter((g) => g.classList.contains("sel")));
    const details = $("details");
    const findings = findingsOf.get(sid) || [];
    const link = (id) => {
      const name = stepName(v, id);
      return name === null
        ? el("span", { class: "muted", text: `missing step ${short(id, 60)}` })
        : el("button", { class: "link", text: name, onclick: () => selectStep(id, true) });
    };
    const transitionItem = (t, other) => el("li", {}, link(other), t.label ? el("span", { class: "muted", text: ` — ${t.label}` }) : null,
      t.dangling ? el("span", { class: "muted", text: " (dangling)" }) : null);
    const body = [];
    if (!step) {
      body.push(el("h3", { text: "Missing step" }), el("p", { class: "muted", text: `No step of this version has the id ${sid}; a transition points at it.` }));
    } else {
      body.push(el("h3", { text: step.name }));
      const chips = el("div", { class: "counts" }, el("span", { class: "chip", text: step.type }));
      if (step.start) chips.append(el("span", { class: "chip ok", text: "START" }));
      if (!step.reachable) chips.append(el("span", { class: "chip", text: "unreachable" }));
      body.push(chips, el("dl", { class: "kv" }, el("dt", { text: "id" }), el("dd", { class: "mono", text: step.id }),
        step.promptType ? [el("dt", { text: "prompt type" }), el("dd", { text: step.promptType })] : null));
    }
    body.push(el("h4", { text: `Findings (${findings.length})` }));
    if (!findings.length) body.push(el("p", { class: "muted", text: v.checked ? "None." : "Not validated." }));
    for (const f of findings) body.push(findingCard(f, () => selectFinding(f.index)));
    if (step) {
      body.push(el("h4", { text: "Prompt" }));
      if (!step.prompt.length) body.push(el("p", { class: "muted", text: "No prompt text." }));
      for (const [where, text] of step.prompt) {
        if (step.prompt.length > 1) body.push(el("div", { class: "code mono", text: where || "(template)" }));
        body.push(el("pre", { class: "prompt", text }));
      }
      if (step.promptCut) body.push(el("p", { class: "muted", text: `… ${step.promptCut.toLocaleString("en")} more characters not shown.` }));
    }
    body.push(el("h4", { text: `Comes from (${ins.length})` }), ins.length ? el("ul", {}, ins.map((t) => transitionItem(t, t.from))) : el("p", { class: "muted", text: step && step.start ? "Nothing: a START step." : "Nothing." }));
    body.push(el("h4", { text: `Leads to (${outs.length})` }), outs.length ? el("ul", {}, outs.map((t) => transitionItem(t, t.to))) : el("p", { class: "muted", text: "Nothing: the flow ends here." }));
    const c = v.sessions.steps[sid];
    if (v.sessions.total) {
      body.push(el("h4", { text: "Sessions" }), el("div", {},
        ["reached", "at now", "failed", "waiting"].map((label, i) => el("span", { class: "stat" }, el("b", { text: String(c ? c[i] : 0) }), ` ${label}`))));
    }
    details.replaceChildren(...body);
    if (state.tab === "flow") refreshLists(v);
  }

  function findingCard(f, onclick) {
    return el("div", { class: `finding ${f.severity}`, onclick },
      el("div", {}, el("span", { class: `sev ${f.severity}`, text: f.severity }), " ", el("b", { text: f.code }), " ", el("span", { class: "muted", text: f.rule })),
      el("p", { text: f.message }));
  }

  function selectFinding(index) {
    const v = currentVersion();
    const f = v.findings[index];
    state.selected = { kind: "finding", index };
    const found = highlight(f.steps, f.transitions, null);
    viewer.reveal(found);
    const body = [el("h3", { text: `${f.code} ${f.rule}` }), el("div", { class: "counts" }, el("span", { class: `chip ${f.severity}`, text: f.severity })),
      el("p", { text: f.message }), el("dl", { class: "kv" }, el("dt", { text: "where" }), el("dd", { class: "mono", text: f.path }))];
    body.push(el("h4", { text: `Steps (${f.steps.length})` }));
    body.push(f.steps.length ? el("ul", {}, f.steps.map((sid) => el("li", {}, stepName(v, sid) === null
      ? el("span", { class: "muted", text: `missing step ${short(sid, 60)}` })
      : el("button", { class: "link", text: stepName(v, sid), onclick: () => selectStep(sid, true) })))) : el("p", { class: "muted", text: "Not tied to a step." }));
    if (f.transitions.length) body.push(el("h4", { text: `Transitions (${f.transitions.length})` }), el("ul", {}, f.transitions.map((t) => el("li", { class: "mono", text: t }))));
    $("details").replaceChildren(...body);
    refreshLists(v);
  }

  function renderDetailsIntro(v) {
    const body = [el("h3", { text: "Details" })];
    if (state.tab === "sessions") body.push(el("p", { class: "muted", text: "Colours show how many sessions reached each step; badges show where they failed or wait. Click a session to follow its path, or a step for its numbers." }));
    else body.push(el("p", { class: "muted", text: "Click a step in the diagram or the list to see its findings, type, prompt and transitions. Click a finding to highlight its steps. Drag to pan, scroll to zoom, double-click to fit." }));
    if (v.missing.length) body.push(el("p", { class: "muted", text: `${plural(v.missing.length, "transition end")} point at steps that do not exist (drawn as "missing step").` }));
    if (v.duplicates.length) body.push(el("p", { class: "muted", text: `${plural(v.duplicates.length, "step")} reuse an id taken by an earlier step; only the first of each is drawn.` }));
    body.push(el("dl", { class: "kv" }, el("dt", { text: "version" }), el("dd", { class: "mono", text: v.id }),
      v.created ? [el("dt", { text: "created" }), el("dd", { text: v.created })] : null,
      v.source ? [el("dt", { text: "file" }), el("dd", { text: v.source })] : null,
      el("dt", { text: "path" }), el("dd", { class: "mono", text: v.path })));
    $("details").replaceChildren(...body);
  }

  // the sessions tab

  function renderSessionsSide(v) {
    const s = v.sessions;
    const side = $("side");
    const parts = [el("h2", { text: `Sessions (${s.total})` })];
    const bar = el("div", { class: "bar" });
    const colors = { FINISHED: "#2e7d32", COMPLETED: "#2e7d32", FAILED: "#d32f2f", WAITING_FOR_USER_INPUT: "#00838f", RUNNING: "#1565c0", NEW: "#90a4ae", CANCELLED: "#6d4c41" };
    const statuses = el("div", { class: "counts" });
    for (const [status, n] of Object.entries(s.statuses)) {
      const span = el("span");
      span.style.width = `${(100 * n) / Math.max(s.total, 1)}%`;
      span.style.background = colors[status] || "#b0bec5";
      span.title = `${status}: ${n}`;
      bar.append(span);
      const dot = el("span", { class: "dot" });
      dot.style.background = colors[status] || "#b0bec5";
      statuses.append(el("span", { class: "chip" }, dot, `${n} ${status}`));
    }
    parts.push(bar, statuses);
    if (s.failures.length) {
      parts.push(el("h2", { text: "Failures" }));
      for (const g of s.failures) parts.push(el("div", { class: "finding error" }, el("b", { text: plural(g.count, "session") }), el("p", { text: g.message })));
    }
    parts.push(el("h2", { text: "Runs" }));
    const list = el("ul", { class: "list", id: "sessions-list" });
    for (const run of s.list) {
      list.append(el("li", { onclick: () => selectSession(run), class: state.selected && state.selected.kind === "session" && state.selected.id === run.id ? "selected" : "" },
        el("span", { class: "dot", "data-fill": colors[run.status] || "#b0bec5" }),
        el("span", { class: "grow" }, el("span", { class: "mono", text: short(run.id, 40) }), el("br"),
          el("span", { class: "muted", text: [run.status || "no status", run.created, plural(run.path.length + run.pathCut, "step")].filter(Boolean).join(" · ") }))));
    }
    if (s.unlisted) list.append(el("li", { class: "more", text: `… and ${s.unlisted} more sessions (counted above and in the colours)` }));
    parts.push(list);
    side.replaceChildren(...parts);
    for (const dot of side.querySelectorAll(".dot")) dot.style.background = dot.dataset.fill;
  }

  function selectSession(run) {
    const v = currentVersion();
    state.selected = { kind: "session", id: run.id };
    const { outgoing } = indexOf(v);
    const taken = [];
    for (let i = 1; i < run.path.length; i += 1) {
      for (const t of outgoing.get(run.path[i - 1]) || []) if (t.to === run.path[i]) taken.push(t.id);
    }
    clearHeat();
    const found = highlight(run.path.concat(run.at ? [run.at] : []), taken, run.at);
    numberPath(run.path);
    if (run.at && run.status === "FAILED") {
      const stop = viewer.nodeOfStep(run.at);
      if (stop) stop.classList.add("stop-failed");
    }
    viewer.reveal(found);
    const body = [el("h3", { class: "mono", text: run.id }), el("div", { class: "counts" }, el("span", { class: `chip ${run.status === "FAILED" ? "error" : ""}`, text: run.status || "no status" }))];
    body.push(el("dl", { class: "kv" }, run.created ? [el("dt", { text: "started" }), el("dd", { text: run.created })] : null,
      el("dt", { text: "stopped at" }), el("dd", { text: run.at ? (stepName(v, run.at) || run.at) : "—" })));
    if (run.error) body.push(el("h4", { text: "Error" }), el("pre", { class: "prompt", text: run.error }));
    body.push(el("h4", { text: `Path (${run.path.length + run.pathCut} steps)` }));
    body.push(el("ol", {}, run.path.map((sid) => el("li", {}, el("button", { class: "link", text: stepName(v, sid) || sid, onclick: () => selectStep(sid, true) }),
      run.failed.includes(sid) ? el("span", { class: "sev error spaced", text: "failed" }) : null))));
    if (run.pathCut) body.push(el("p", { class: "muted", text: `… ${run.pathCut} more steps not shown.` }));
    body.push(el("p", {}, el("button", { class: "link", text: "Back to the heat map", onclick: () => { state.selected = null; render(); } })));
    $("details").replaceChildren(...body);
    for (const li of $("sessions-list").children) li.classList.remove("selected");
  }

  // the changes tab

  function renderChanges() {
    const flow = flowOf(state.flow);
    const side = $("side");
    const parts = [];
    let d = null;
    let note = null;
    if (DATA.kind === "diff") {
      d = DATA.diffs[0];
    } else if (flow) {
      const pick = (label, value, onchange) => {
        const select = el("select", { "aria-label": label }, flow.versions.map((k, i) => el("option", { value: k, text: versionLabel(versionsByKey.get(k), i + 1), selected: k === value })));
        select.addEventListener("change", () => onchange(select.value));
        return el("label", { class: "muted" }, label, select);
      };
      parts.push(el("div", { class: "filters" }, pick("From", state.from, (k) => { state.from = k; render(); }), pick("To", state.to, (k) => { state.to = k; render(); })));
      d = diffsByPair.get(`${state.from}>${state.to}`) || null;
      if (!d && diffsByPair.has(`${state.to}>${state.from}`)) {
        d = diffsByPair.get(`${state.to}>${state.from}`);
        note = "Shown from the older version to the newer one.";
      }
      if (state.from === state.to) note = "Choose two different versions.";
      else if (!d) note = "The report does not hold this pair: with many versions it keeps each version against the next one and against the newest.";
    }
    if (!d || state.from === state.to && DATA.kind !== "diff") {
      viewer.show("nodiff", null, note || "No diff.");
      showNotice(null);
      $("legend").hidden = true;
      side.replaceChildren(...parts, el("p", { class: "muted", text: note || "" }));
      return;
    }
    viewer.show(`diff:${d.key}`, d.diagram, "No diagram.");
    showNotice([note, drawingNotice(d.diagram)].filter(Boolean).join(" ") || null);
    renderDiffLegend();
    parts.push(el("h2", { text: "Summary" }), el("p", { text: d.summary }));
    if (!d.validity) parts.push(el("p", { class: "muted", text: "Findings were not compared." }));
    const section = (title, items, describe) => {
      if (!items.length) return;
      parts.push(el("h2", { text: `${title} (${items.length})` }));
      parts.push(el("ul", { class: "list" }, items.slice(0, LIST_LIMIT).map(describe)));
      if (items.length > LIST_LIMIT) parts.push(el("p", { class: "muted", text: `… and ${items.length - LIST_LIMIT} more` }));
    };
    section("Steps", d.steps, (s) => el("li", { onclick: () => selectChange(s.id, true) },
      el("span", { class: `chip ${s.status}`, text: s.status }), el("span", { class: "grow", text: s.was ? `${s.name} (was ${s.was})` : s.name })));
    section("Transitions", d.transitions, (t) => el("li", { onclick: () => showTransitionChange(d, t) },
      el("span", { class: `chip ${t.status}`, text: t.status }), el("span", { class: "grow", text: `${t.from} → ${t.to}${t.label ? ` (${t.label})` : ""}` })));
    section("Findings", d.findings, (f) => el("li", { onclick: () => { highlight(f.steps, f.transitions, null); $("details").replaceChildren(findingCard(f, null)); } },
      el("span", { class: `chip ${f.status}`, text: f.status }), el("span", { class: `sev ${f.severity}`, text: f.code }), el("span", { class: "grow clamp", text: f.message })));
    if (d.empty) parts.push(el("p", { class: "muted", text: "The two versions are the same." }));
    side.replaceChildren(...parts);
    if (!state.selected) {
      $("details").replaceChildren(el("h3", { text: "Changes" }), el("p", { class: "muted", text: "Green: added; red, dashed: removed; orange: changed. Click a step in the diagram or the list to see what changed in it." }),
        el("dl", { class: "kv" }, el("dt", { text: "from" }), el("dd", { class: "mono", text: d.old.id }), el("dt", { text: "to" }), el("dd", { class: "mono", text: d.new.id })));
    }
  }

  function currentDiff() {
    if (DATA.kind === "diff") return DATA.diffs[0];
    return diffsByPair.get(`${state.from}>${state.to}`) || diffsByPair.get(`${state.to}>${state.from}`) || null;
  }

  function selectChange(sid, reveal) {
    const d = currentDiff();
    if (!d) return;
    state.selected = { kind: "change", id: sid };
    const found = highlight([sid], [], sid);
    if (reveal) viewer.reveal(found);
    const change = d.steps.find((s) => s.id === sid);
    const body = [];
    if (!change) {
      body.push(el("h3", { text: "Unchanged step" }), el("p", { class: "mono", text: sid }));
    } else {
      body.push(el("h3", { text: change.name }), el("div", { class: "counts" }, el("span", { class: `chip ${change.status}`, text: change.status }), el("span", { class: "chip", text: change.type })));
      if (change.was) body.push(el("p", { class: "muted", text: `was called ${change.was}` }));
      body.push(el("dl", { class: "kv" }, el("dt", { text: "id" }), el("dd", { class: "mono", text: change.id })));
      for (const field of change.fields || []) body.push(fieldChange(field));
    }
    $("details").replaceChildren(...body);
  }

  function showTransitionChange(d, t) {
    highlight([], [t.id], null);
    const body = [el("h3", { text: `${t.from} → ${t.to}` }), el("div", { class: "counts" }, el("span", { class: `chip ${t.status}`, text: t.status }))];
    if (t.label) body.push(el("p", { text: `label: ${t.label}` }));
    if (t.was) body.push(el("p", { class: "muted", text: `was ${t.was.from} → ${t.was.to}${t.was.label ? ` (${t.was.label})` : ""}` }));
    body.push(el("dl", { class: "kv" }, el("dt", { text: "id" }), el("dd", { class: "mono", text: t.id })));
    for (const field of t.fields || []) body.push(fieldChange(field));
    $("details").replaceChildren(...body);
  }

  function fieldChange(field) {
    const box = el("div", {}, el("h4", { text: field.field }));
    if (field.lines) {
      const pre = el("pre", { class: "diff" });
      for (const line of field.lines) {
        const kind = line.startsWith("@@") ? "hunk" : line.startsWith("+") ? "add" : line.startsWith("-") ? "del" : "";
        pre.append(el("span", { class: kind, text: line || " " }));
      }
      box.append(pre);
      if (field.cut) box.append(el("p", { class: "muted", text: `… ${field.cut} more lines` }));
    } else {
      box.append(el("pre", { class: "diff" }, el("span", { class: "del", text: `- ${field.old}` }), el("span", { class: "add", text: `+ ${field.new}` })));
    }
    return box;
  }

  function renderDiffLegend() {
    const legend = $("legend");
    legend.replaceChildren();
    for (const [status, color] of Object.entries(STYLES.change)) {
      const swatch = el("span", { class: "swatch" });
      swatch.style.borderColor = color;
      swatch.style.borderWidth = "2px";
      if (status === "removed") swatch.style.borderStyle = "dashed";
      legend.append(el("span", { class: "entry" }, swatch, el("span", { text: status })));
    }
    legend.hidden = !viewer.svg;
  }

  // -- start ----------------------------------------------------------------------------------

  renderHeader();
  if (DATA.kind === "diff") {
    chooseTab("changes");
    renderCounts();
  } else {
    chooseVersion(defaultVersion());
  }
  document.body.dataset.ready = "1";
})();
