/* The knowledge base's network view: state, filters, selection, and start-up.
 *
 * Safe: every value from the data reaches the page through textContent, value or
 * setAttribute, never innerHTML. Self-hosted: vis-network is served by the site, and exports
 * are made in the browser (no request anywhere).
 * Fast: positions come from the build; vis-network supplies the canvas, pan, zoom and
 * pinch, and graphview-draw.js draws the nodes, ties and labels in one pass per frame.
 * Shareable: the main view keeps its state in the URL
 * (?focus=&types=&own=&sector=&theme=&year=&undated=&inferred=&colour=&size=).
 * The other files: graphview-draw.js (drawing), graphview-labels.js (where labels go),
 * graphview-panel.js (details, key, what is announced), graphview-controls.js (filters,
 * tools, the address bar), graphview-keys.js (the keyboard), graphview-export.js (PNG, SVG).
 */
(function () {
  "use strict";
  var K = window.kbGraph = window.kbGraph || {};

  var NODE = K.NODE = { id: 0, label: 1, type: 2, x: 3, y: 4, size: 5, url: 6, sectors: 7,
                        themes: 8, years: 9, own: 10, community: 11, betweenness: 12,
                        brokerage: 13, ties: 14 };

  K.el = function (tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  };

  function View(box, data) {
    var n = data.nodes.length;
    this.box = box;
    this.data = data;
    this.n = n;
    this.root = box.getAttribute("data-root") || "./";
    this.mode = box.getAttribute("data-kb-graph");
    this.directed = !!(data.options.edges.arrows && data.options.edges.arrows.to.enabled);
    this.E = data.edges;  /* four numbers a tie: source, target, relation, provenance */
    this.m = data.edges.length / 4;
    this.evidence = tieEvidence(data, this.E, this.m);
    this.uid = "kb-graph-" + this.mode + "-" + Math.random().toString(36).slice(2, 7);
    this.x = new Float64Array(n);
    this.y = new Float64Array(n);
    this.hidden = new Uint8Array(n);
    this.spot = new Uint8Array(n);
    this.labelWidth = new Float32Array(n);
    this.byId = {};
    for (var i = 0; i < n; i++) {
      var row = data.nodes[i];
      this.x[i] = row[NODE.x];
      this.y[i] = row[NODE.y];
      this.byId[row[NODE.id]] = i;
    }
    this.selected = -1;
    this.hover = -1;
    this.drawn = [];
    this.order = this.centralFirst();
    this.state = { types: {}, own: "", sector: "", theme: "", from: data.years[0],
                   to: data.years[1], undated: true, inferred: true, colour: "type",
                   size: "ties" };
    data.types.forEach(function (t) { this.state.types[t[0]] = true; }, this);
  }

  /* Each tie's evidence as a number (EVIDENCE): only a tie whose evidence is exactly
   * "inferred" counts as inferred (one that a source also states is stated). */
  var EVIDENCE = K.EVIDENCE = { other: 0, inferred: 1, disputed: 2 };
  function tieEvidence(data, E, m) {
    var rows = (data.provenance || []).map(function (p) { return EVIDENCE[p[0]] || 0; });
    var out = new Uint8Array(m);
    for (var k = 0; k < m; k++) if (E[4 * k + 3] >= 0) out[k] = rows[E[4 * k + 3]] || 0;
    return out;
  }

  /* Label priority: the centre of an ego view, then by betweenness and ties; quiet nodes last. */
  View.prototype.centralFirst = function () {
    var nodes = this.data.nodes, quiet = {}, centre = this.byId[this.data.centre];
    (this.data.quiet || []).forEach(function (i) { quiet[i] = 1; });
    var order = [];
    for (var i = 0; i < this.n; i++) order.push(i);
    return order.sort(function (a, b) {
      return (b === centre) - (a === centre) || (quiet[a] || 0) - (quiet[b] || 0) ||
        nodes[b][NODE.betweenness] - nodes[a][NODE.betweenness] ||
        nodes[b][NODE.ties] - nodes[a][NODE.ties] || a - b;
    });
  };

  /* Whether tie k is drawn and walked: both ends shown, and not an inferred tie while the
   * reader has turned inferred ties off. */
  View.prototype.tieShown = function (k) {
    return !this.hidden[this.E[4 * k]] && !this.hidden[this.E[4 * k + 1]] &&
      (this.state.inferred || this.evidence[k] !== EVIDENCE.inferred);
  };

  /* The node at the other end of tie k from node i. */
  View.prototype.other = function (k, i) {
    return this.E[4 * k] === i ? this.E[4 * k + 1] : this.E[4 * k];
  };

  /* Each node's place in the label order (0: labelled first). */
  View.prototype.rank = function () {
    if (!this.orderRank) {
      this.orderRank = new Int32Array(this.n);
      for (var k = 0; k < this.n; k++) this.orderRank[this.order[k]] = k;
    }
    return this.orderRank;
  };

  /* Edge indexes by node (built on first use: a compressed adjacency list). */
  View.prototype.tiesOf = function (i) {
    if (!this.adjacency) {
      var E = this.E, m = this.m, start = new Int32Array(this.n + 1), k;
      for (k = 0; k < m; k++) { start[E[4 * k] + 1]++; start[E[4 * k + 1] + 1]++; }
      for (k = 0; k < this.n; k++) start[k + 1] += start[k];
      var fill = start.slice(0, this.n), list = new Int32Array(2 * m);
      for (k = 0; k < m; k++) { list[fill[E[4 * k]]++] = k; list[fill[E[4 * k + 1]]++] = k; }
      this.adjacency = { start: start, list: list };
    }
    var a = this.adjacency;
    return Array.prototype.slice.call(a.list, a.start[i], a.start[i + 1]);
  };

  /* The box holding all but the outermost 0.5% of the given nodes on each side: a few
   * isolated nodes far out should not shrink the rest to a dot. */
  View.prototype.extent = function (nodes) {
    var xs = new Float64Array(nodes.length), ys = new Float64Array(nodes.length);
    for (var k = 0; k < nodes.length; k++) { xs[k] = this.x[nodes[k]]; ys[k] = this.y[nodes[k]]; }
    xs.sort(); ys.sort();
    var cut = nodes.length >= 500 ? Math.floor(nodes.length * 0.005) : 0, last = nodes.length - 1 - cut;
    return [xs[cut], ys[cut], xs[last], ys[last]];
  };

  /* Markers scaled down where the layout is denser than they are large (a large network),
   * so that they do not bury each other; the shipped network keeps its sizes. */
  View.prototype.density = function () {
    var all = [];
    for (var i = 0; i < this.n; i++) all.push(i);
    if (this.n < 2) return 1;
    var b = this.extent(all), spacing = Math.sqrt(Math.max(1, (b[2] - b[0]) * (b[3] - b[1])) / this.n);
    var sizes = Array.prototype.slice.call(this.size).sort(function (p, q) { return p - q; });
    return Math.min(1, 0.6 * spacing / (sizes[sizes.length >> 1] || 1));
  };

  View.prototype.restyle = function () {
    var colours = K.colours(this, this.state.colour), sizes = K.sizes(this, this.state.size);
    this.fill = colours.fill;
    this.size = sizes.size;
    var factor = this.density();
    if (factor < 1) for (var i = 0; i < this.n; i++) this.size[i] *= factor;
    this.scheme = { colours: colours, sizes: sizes };
    if (K.panel) K.panel.key(this);
  };

  View.prototype.visible = function (i) {
    var row = this.data.nodes[i], s = this.state, years = row[NODE.years];
    if (!s.types[this.data.types[row[NODE.type]][0]]) return false;
    if (s.own !== "" && !this.ownSectorKeeps(i)) return false;
    if (s.sector !== "" && row[NODE.sectors].indexOf(Number(s.sector)) < 0) return false;
    if (s.theme !== "" && row[NODE.themes].indexOf(Number(s.theme)) < 0) return false;
    if (!years.length) return s.undated;
    if (!this.yearsNarrowed()) return true;
    return years.some(function (y) { return y >= s.from && y <= s.to; });
  };

  /* The own-sector filter keeps people and organisations of that sector, the sector itself,
   * and the nodes of other types (events, themes...) tied to one of them. */
  View.prototype.ownSectorKeeps = function (i) {
    if (!this.ownKept || this.ownKept.sector !== this.state.own ||
        this.ownKept.inferred !== this.state.inferred) {
      var want = Number(this.state.own), keep = new Uint8Array(this.n), nodes = this.data.nodes;
      var types = this.data.types, other = new Uint8Array(this.n);
      for (var j = 0; j < this.n; j++) {
        var kind = types[nodes[j][NODE.type]][0];
        if (nodes[j][NODE.own] === want) keep[j] = 1;
        else other[j] = kind !== "people" && kind !== "organisations" && kind !== "sectors";
      }
      for (var k = 0, E = this.E; k < this.m; k++) {
        if (!this.state.inferred && this.evidence[k] === EVIDENCE.inferred) continue;
        var a = E[4 * k], b = E[4 * k + 1];
        if (keep[a] === 1 && other[b]) keep[b] = 2;
        if (keep[b] === 1 && other[a]) keep[a] = 2;
      }
      this.ownKept = { sector: this.state.own, inferred: this.state.inferred, keep: keep };
    }
    return this.ownKept.keep[i] > 0;
  };

  View.prototype.yearsNarrowed = function () {
    var y = this.data.years;
    return y.length > 0 && (this.state.from !== y[0] || this.state.to !== y[1]);
  };

  View.prototype.applyFilters = function (keepCamera) {
    for (var i = 0; i < this.n; i++) this.hidden[i] = this.visible(i) ? 0 : 1;
    this.markUndated = this.yearsNarrowed() && this.state.undated;
    if (this.selected >= 0 && this.hidden[this.selected]) this.select(-1, "filter");
    this.spotlight();
    /* the panel's ties say which the filters hide */
    if (K.panel && this.selected >= 0) K.panel.show(this, this.selected, "filter", this.selected);
    if (!keepCamera) this.fit();
    this.showEdges();
    if (K.panel) K.panel.key(this);
    this.summarise();
    this.redraw();
  };

  /* Zoom to fit the nodes shown (after every filter and on "Fit"). */
  View.prototype.fit = function () {
    var shown = [], big = 0;
    for (var i = 0; i < this.n; i++) if (!this.hidden[i]) { shown.push(i); big = Math.max(big, this.size[i]); }
    if (!shown.length) return;
    var box = this.extent(shown);
    var minX = box[0] - big, minY = box[1] - big, maxX = box[2] + big, maxY = box[3] + big;
    var w = this.canvas.clientWidth || 1, h = this.canvas.clientHeight || 1;
    var scale = Math.min(2, 0.92 * Math.min(w / (maxX - minX + 40), h / (maxY - minY + 40)));
    this.network.moveTo({ position: { x: (minX + maxX) / 2, y: (minY + maxY) / 2 },
                          scale: scale, animation: false });
  };

  /* What lies over the canvas (the tools, on wide screens), in canvas pixels: no label there. */
  View.prototype.covered = function () {
    var tools = this.box.querySelector(".kb-graph__tools");
    if (!tools) return [];
    var a = this.canvas.getBoundingClientRect(), b = tools.getBoundingClientRect();
    if (b.bottom <= a.top || b.top >= a.bottom) return [];
    return [[b.left - a.left - 4, b.top - a.top - 4, b.right - a.left + 4, b.bottom - a.top + 4]];
  };

  View.prototype.camera = function () {
    return K.camera(this.network, this.canvas.clientWidth, this.canvas.clientHeight);
  };

  /* Which ties to draw: all when few; else the most central ones touching the part of the
   * graph in view, up to the budget (so zooming in shows every local tie). */
  View.prototype.showEdges = function () {
    var data = this.data, budget = data.edgeBudget, box = null;
    if (this.m > budget && this.network) {
      var cam = this.camera();
      box = [-cam.tx / cam.s, -cam.ty / cam.s, (cam.w - cam.tx) / cam.s, (cam.h - cam.ty) / cam.s];
    }
    var x = this.x, y = this.y;
    var inView = function (i) {
      return !box || (x[i] >= box[0] && x[i] <= box[2] && y[i] >= box[1] && y[i] <= box[3]);
    };
    var chosen = [];
    for (var k = 0, E = this.E; k < this.m && chosen.length < budget; k++) {
      if (!this.tieShown(k) || !(inView(E[4 * k]) || inView(E[4 * k + 1]))) continue;
      chosen.push(k);
    }
    this.drawn = chosen;
  };

  View.prototype.redraw = function () { if (this.network) this.network.redraw(); };

  View.prototype.paint = function (ctx) {
    var ratio = this.canvasElement.width / (this.canvas.clientWidth || 1);
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    var cam = this.camera();
    cam.covered = this.covered();
    this.labels = K.drawScene(new K.CanvasSurface(ctx), this, cam);
    ctx.restore();
  };

  /* Select a node (-1 clears): details, neighbours highlighted, the rest dimmed.
   * how: "pointer", "key", "find", "url", "panel" or "filter". */
  View.prototype.select = function (i, how) {
    var previous = this.selected;
    this.selected = i;
    this.spotlight();
    this.focused = i >= 0 ? this.data.nodes[i][NODE.id] : null;
    if (how === "find" || how === "url") this.centreOn(i);
    else if (how === "key" || how === "panel") this.keepInView(i);
    if (K.panel) K.panel.show(this, i, how, previous);
    this.writeUrl();
    this.redraw();
  };

  /* The selection (2) and the neighbours it is shown tied to (1), which stay bright. */
  View.prototype.spotlight = function () {
    var i = this.selected, spot = this.spot, self = this;
    spot.fill(0);
    if (i < 0) return;
    spot[i] = 2;
    this.tiesOf(i).forEach(function (k) {
      var other = self.other(k, i);
      if (!spot[other] && self.tieShown(k)) spot[other] = 1;
    });
  };

  View.prototype.centreOn = function (i) {
    if (i < 0) return;
    this.network.moveTo({ position: { x: this.x[i], y: this.y[i] },
                          scale: Math.max(this.network.getScale(), 1), animation: false });
    this.showEdges();
  };

  /* Pan (never zoom) just enough to bring a node into view, so the reader keeps their place. */
  View.prototype.keepInView = function (i) {
    if (i < 0) return;
    var cam = this.camera(), sx = this.x[i] * cam.s + cam.tx, sy = this.y[i] * cam.s + cam.ty;
    var m = 40;
    if (sx >= m && sy >= m && sx <= cam.w - m && sy <= cam.h - m) return;
    var dx = sx < m ? m - sx : sx > cam.w - m ? cam.w - m - sx : 0;
    var dy = sy < m ? m - sy : sy > cam.h - m ? cam.h - m - sy : 0;
    var centre = this.network.getViewPosition();
    this.network.moveTo({ position: { x: centre.x - dx / cam.s, y: centre.y - dy / cam.s },
                          animation: false });
    this.showEdges();
  };

  View.prototype.summarise = function () {
    if (this.mode !== "main") return;
    var shown = 0;
    for (var i = 0; i < this.n; i++) shown += 1 - this.hidden[i];
    var text = shown + " of " + this.n + " nodes shown.";
    if (this.markUndated) text += " Nodes with no recorded year are kept, with a dashed outline.";
    if (!this.state.inferred) text += " Ties the knowledge base inferred are hidden.";
    this.say(text);
    this.writeUrl();
  };

  View.prototype.say = function (text) { if (this.status) this.status.textContent = text; };

  View.prototype.find = function (query) {
    var q = query.trim().toLowerCase(), best = -1;
    if (!q) return -1;
    for (var i = 0; i < this.n; i++) {
      var label = String(this.data.nodes[i][NODE.label]).toLowerCase();
      if (label === q) return i;
      if (best < 0 && label.indexOf(q) >= 0) best = i;
    }
    return best;
  };

  View.prototype.open = function (i) {
    if (i >= 0) window.location.href = this.root + this.data.nodes[i][NODE.url];
  };

  /* The address bar (main view): graphview-controls.js reads and writes it. */
  View.prototype.readUrl = function () { return K.url.read(this); };
  View.prototype.writeUrl = function () { if (this.mode === "main") K.url.write(this); };

  /* --- start-up --- */

  View.prototype.draw = function () {
    var self = this, options = this.data.options;
    this.network = new vis.Network(this.canvas, { nodes: [], edges: [] }, options);
    /* vis-network makes its frame a tab stop; the region around it is the one to focus */
    var frame = this.canvas.querySelector(".vis-network");
    if (frame) frame.removeAttribute("tabindex");
    this.canvasElement = this.canvas.querySelector("canvas");
    this.fit();
    this.showEdges();
    this.network.on("afterDrawing", function (ctx) {
      self.paint(ctx);
      if (window.kbGraphDrawn === undefined) window.kbGraphDrawn = performance.now();
      self.box.setAttribute("data-drawn", "true");
    });
    this.network.on("click", function (p) {
      var i = K.hit(self, self.camera(), p.pointer.DOM.x, p.pointer.DOM.y, pointerSlack(p));
      self.select(i, "pointer");
    });
    this.network.on("doubleClick", function (p) {
      self.open(K.hit(self, self.camera(), p.pointer.DOM.x, p.pointer.DOM.y, pointerSlack(p)));
    });
    var timer = null;
    var later = function () {
      clearTimeout(timer);
      timer = setTimeout(function () { self.showEdges(); self.redraw(); }, 120);
    };
    this.network.on("zoom", later);
    this.network.on("dragEnd", later);
    this.hoverTracking();
    this.network.redraw();
  };

  function pointerSlack(p) {
    var e = p.event && p.event.srcEvent;
    return e && e.pointerType === "touch" ? 14 : 4;
  }

  View.prototype.hoverTracking = function () {
    var self = this, pending = null;
    this.canvas.addEventListener("pointermove", function (ev) {
      if (ev.pointerType === "touch") return;
      pending = ev;
      window.requestAnimationFrame(function () {
        if (!pending) return;
        var box = self.canvas.getBoundingClientRect();
        var i = K.hit(self, self.camera(), pending.clientX - box.left, pending.clientY - box.top, 4);
        pending = null;
        if (i !== self.hover) {
          self.hover = i;
          self.canvas.style.cursor = i >= 0 ? "pointer" : "";
          self.redraw();
        }
      });
    });
    this.canvas.addEventListener("pointerleave", function () {
      if (self.hover >= 0) { self.hover = -1; self.redraw(); }
    });
  };

  function start(box, data) {
    var view = new View(box, data), main = view.mode === "main";
    var focus = main ? view.readUrl() : null;
    view.status = box.querySelector(".kb-graph__status");
    view.canvas = box.querySelector(".kb-graph__canvas");
    box.kbView = view;
    K.panel.build(view);
    if (main) K.controls.build(view);
    K.controls.toolbar(view);
    K.keys.attach(view);
    view.restyle();
    for (var i = 0; i < view.n; i++) view.hidden[i] = view.visible(i) ? 0 : 1;
    view.markUndated = view.yearsNarrowed() && view.state.undated;
    K.panel.key(view);
    view.draw();
    view.summarise();
    if (focus && view.byId[focus] !== undefined) view.select(view.byId[focus], "url");
  }

  function load(box) {
    if (box.getAttribute("data-kb-ready")) return;
    box.setAttribute("data-kb-ready", "true");
    var status = box.querySelector(".kb-graph__status");
    if (typeof vis === "undefined" || !K.drawScene || !K.placeLabels || !K.panel || !K.url) { status.textContent = "The network view could not load."; return; }
    var inline = box.querySelector("script.kb-graph__data");
    if (inline) { start(box, JSON.parse(inline.textContent)); return; }
    var src = box.getAttribute("data-root") + box.getAttribute("data-src");
    /* the same mode and credentials as the block's preload link, so the preload is used */
    fetch(src, { mode: "cors", credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) { start(box, data); })
      .catch(function (err) {
        status.textContent = "The network data could not load.";
        if (window.console) window.console.error(err);
      });
  }

  function init() { document.querySelectorAll("[data-kb-graph]").forEach(load); }

  K.View = View;
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
