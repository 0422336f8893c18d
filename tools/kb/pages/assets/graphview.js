/* The knowledge base's network view.
 *
 * Safe: every value from the data reaches the page through textContent, value or
 * setAttribute, never innerHTML, and vis-network's own HTML tooltips are not used.
 * Fast: positions come from the build (physics off), edges are straight, and on large graphs
 * only the most central edges, or those in view once zoomed in, are drawn.
 * Shareable: the main view keeps its state in the URL (?focus=&types=&sector=&theme=&year=).
 */
(function () {
  "use strict";

  var NODE = { id: 0, label: 1, type: 2, x: 3, y: 4, size: 5, url: 6, sectors: 7, themes: 8, years: 9 };

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* Canvas labels are cut short; the details panel and the pages give the full name. */
  function short(label) {
    label = String(label);
    return label.length > 42 ? label.slice(0, 40) + "\u2026" : label;
  }

  function shapeIcon(colour, shape) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("width", "16");
    svg.setAttribute("height", "16");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var paths = {
      dot: "M8 2a6 6 0 1 0 0 12A6 6 0 0 0 8 2z", square: "M2 2h12v12H2z",
      diamond: "M8 1l7 7-7 7-7-7z", triangle: "M8 2l7 12H1z", triangleDown: "M1 2h14L8 14z",
      star: "M8 1l2 5h5l-4 3.5 1.5 5.5L8 12l-4.5 3 1.5-5.5L1 6h5z",
      hexagon: "M4 2h8l4 6-4 6H4L0 8z",
      ring: "M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1zm0 4a3 3 0 1 1 0 6a3 3 0 0 1 0-6z",
      pentagon: "M8 1l7 5-2.7 8.5H3.7L1 6z"
    };
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", paths[shape] || paths.dot);
    path.setAttribute("fill", colour);
    path.setAttribute("fill-rule", "evenodd");
    path.setAttribute("stroke", "#333");
    svg.appendChild(path);
    return svg;
  }

  function View(box, data) {
    this.box = box;
    this.data = data;
    this.root = box.getAttribute("data-root") || "./";
    this.mode = box.getAttribute("data-kb-graph");
    this.status = box.querySelector(".kb-graph__status");
    this.hidden = new Uint8Array(data.nodes.length);
    this.quiet = new Uint8Array(data.nodes.length);
    (data.quiet || []).forEach(function (i) { this.quiet[i] = 1; }, this);
    this.byId = {};
    for (var i = 0; i < data.nodes.length; i++) this.byId[data.nodes[i][NODE.id]] = i;
    this.state = { types: {}, sector: "", theme: "", from: data.years[0], to: data.years[1] };
    data.types.forEach(function (t) { this.state.types[t[0]] = true; }, this);
  }

  /* Two shapes vis-network lacks, so that each of the nine types has its own. */
  var CUSTOM = {
    ring: function (ctx, x, y, r) {
      ctx.arc(x, y, r, 0, 2 * Math.PI);
      ctx.moveTo(x + r * 0.45, y);
      ctx.arc(x, y, r * 0.45, 0, 2 * Math.PI, true);
    },
    pentagon: function (ctx, x, y, r) {
      for (var i = 0; i < 5; i++) {
        var a = -Math.PI / 2 + i * 2 * Math.PI / 5;
        ctx[i ? "lineTo" : "moveTo"](x + r * Math.cos(a), y + r * Math.sin(a));
      }
      ctx.closePath();
    }
  };

  View.prototype.customShape = function (shape, colour) {
    var view = this;
    return function (p) {
      var r = p.style.size, ctx = p.ctx;
      return {
        drawNode: function () {
          ctx.beginPath();
          CUSTOM[shape](ctx, p.x, p.y, r);
          ctx.fillStyle = colour;
          ctx.fill("evenodd");
          ctx.lineWidth = p.state.selected || p.state.hover ? 2 : 1;
          ctx.strokeStyle = p.state.selected || p.state.hover ? "#000000" : "#333333";
          ctx.stroke();
        },
        drawExternalLabel: function () {
          var threshold = view.data.options.nodes.scaling.label.drawThreshold;
          if (!p.label || 14 * view.network.getScale() < threshold) return;
          ctx.font = "14px sans-serif";
          ctx.fillStyle = "#343434";
          ctx.textAlign = "center";
          ctx.textBaseline = "top";
          ctx.fillText(p.label, p.x, p.y + r + 4);
        },
        nodeDimensions: { width: 2 * r, height: 2 * r }
      };
    };
  };

  View.prototype.nodeStyle = function (row) {
    var type = this.data.types[row[NODE.type]];
    var colour = type[2], shape = type[3], index = this.byId[row[NODE.id]];
    var style = {
      id: index, label: short(row[NODE.label]), x: row[NODE.x], y: row[NODE.y],
      size: row[NODE.size], shape: shape, physics: false, hidden: !!this.hidden[index],
      color: { background: colour, border: "#333333",
               highlight: { background: colour, border: "#000000" },
               hover: { background: colour, border: "#000000" } }
    };
    if (this.quiet[index]) style.label = undefined;
    if (CUSTOM[shape]) {
      style.shape = "custom";
      style.ctxRenderer = this.customShape(shape, colour);
    }
    return style;
  };

  View.prototype.draw = function () {
    var self = this;
    var nodes = this.data.nodes.map(function (row) { return self.nodeStyle(row); });
    this.nodes = new vis.DataSet(nodes);
    this.edges = new vis.DataSet([]);
    var canvas = this.box.querySelector(".kb-graph__canvas");
    this.network = new vis.Network(canvas, { nodes: this.nodes, edges: this.edges },
                                   this.data.options);
    this.network.fit({ animation: false });
    this.network.once("afterDrawing", function () {
      if (window.kbGraphDrawn === undefined) window.kbGraphDrawn = performance.now();
      self.box.setAttribute("data-drawn", "true");
    });
    this.network.on("hoverNode", function (p) { self.showDetails(p.node); });
    this.network.on("click", function (p) {
      if (p.nodes.length) window.location.href = self.root + self.data.nodes[p.nodes[0]][NODE.url];
    });
    var timer = null;
    var later = function () { clearTimeout(timer); timer = setTimeout(function () { self.showEdges(); }, 120); };
    this.network.on("zoom", later);
    this.network.on("dragEnd", later);
    this.showEdges();
  };

  /* Which edges to draw: all when few; else the most central ones among those touching the
   * part of the graph in view, up to the budget (so zooming in shows every local edge). */
  View.prototype.showEdges = function () {
    var data = this.data, hidden = this.hidden, budget = data.edgeBudget;
    var view = null;
    if (data.edges.length > budget && this.network) {
      var a = this.network.DOMtoCanvas({ x: 0, y: 0 });
      var canvas = this.box.querySelector(".kb-graph__canvas");
      var b = this.network.DOMtoCanvas({ x: canvas.clientWidth, y: canvas.clientHeight });
      view = [a.x, a.y, b.x, b.y];
    }
    var inView = function (i) {
      var row = data.nodes[i];
      return !view || (row[NODE.x] >= view[0] && row[NODE.x] <= view[2] &&
                       row[NODE.y] >= view[1] && row[NODE.y] <= view[3]);
    };
    var chosen = [];
    for (var k = 0; k < data.edges.length && chosen.length < budget; k++) {
      var e = data.edges[k];
      if (hidden[e[0]] || hidden[e[1]] || !(inView(e[0]) || inView(e[1]))) continue;
      chosen.push({ id: k, from: e[0], to: e[1] });
    }
    this.edges.clear();
    this.edges.add(chosen);
  };

  View.prototype.showDetails = function (index) {
    var row = this.data.nodes[index], data = this.data;
    var panel = this.details;
    if (!panel) return;
    panel.textContent = "";
    panel.appendChild(el("strong", {}, row[NODE.label]));
    var lines = [data.types[row[NODE.type]][1]];
    var sectors = row[NODE.sectors].map(function (s) { return data.sectors[s][1]; });
    if (sectors.length) lines.push("Sectors: " + sectors.join(", "));
    var years = row[NODE.years];
    if (years.length) lines.push("Years: " + years[0] + (years.length > 1 ? "\u2013" + years[years.length - 1] : ""));
    lines.push("Select to open its page");
    lines.forEach(function (line) { panel.appendChild(el("span", {}, line)); });
  };

  View.prototype.visible = function (i) {
    var row = this.data.nodes[i], s = this.state;
    if (!s.types[this.data.types[row[NODE.type]][0]]) return false;
    if (s.sector !== "" && row[NODE.sectors].indexOf(Number(s.sector)) < 0) return false;
    if (s.theme !== "" && row[NODE.themes].indexOf(Number(s.theme)) < 0) return false;
    var full = s.from === this.data.years[0] && s.to === this.data.years[1];
    if (full) return true;
    return row[NODE.years].some(function (y) { return y >= s.from && y <= s.to; });
  };

  View.prototype.applyFilters = function () {
    var updates = [];
    for (var i = 0; i < this.data.nodes.length; i++) {
      var hide = this.visible(i) ? 0 : 1;
      if (hide !== this.hidden[i]) { this.hidden[i] = hide; updates.push({ id: i, hidden: !!hide }); }
    }
    if (updates.length) this.nodes.update(updates);
    this.showEdges();
    this.summarise();
  };

  View.prototype.summarise = function () {
    var shown = 0;
    for (var i = 0; i < this.hidden.length; i++) shown += 1 - this.hidden[i];
    this.say(shown + " of " + this.data.nodes.length + " nodes shown.");
    this.writeUrl();
  };

  View.prototype.say = function (text) { if (this.status) this.status.textContent = text; };

  View.prototype.focus = function (index, quiet) {
    var row = this.data.nodes[index];
    this.focused = row[NODE.id];
    this.network.selectNodes([index]);
    this.network.focus(index, { scale: 1.2, animation: false });
    this.showEdges();
    this.showDetails(index);
    var note = this.hidden[index] ? " It is hidden by the filters." : "";
    if (!quiet) this.say("Showing " + row[NODE.label] + "." + note);
    this.writeUrl();
  };

  View.prototype.find = function (query) {
    var q = query.trim().toLowerCase(), best = -1;
    if (!q) return -1;
    for (var i = 0; i < this.data.nodes.length; i++) {
      var label = String(this.data.nodes[i][NODE.label]).toLowerCase();
      if (label === q) return i;
      if (best < 0 && label.indexOf(q) >= 0) best = i;
    }
    return best;
  };

  /* --- controls (main view only) --- */

  View.prototype.controls = function () {
    var self = this, data = this.data, uid = "kb-graph-" + Math.random().toString(36).slice(2, 8);
    var form = el("form", { "class": "kb-graph__controls", "aria-label": "Filter and search the network" });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); });

    var search = el("div", { "class": "kb-graph__search" });
    var input = el("input", { type: "search", id: uid + "-q", list: uid + "-names", autocomplete: "off" });
    var list = el("datalist", { id: uid + "-names" });
    var go = el("button", { type: "button", "class": "md-button" }, "Find");
    search.append(el("label", { "for": uid + "-q" }, "Find a node"), input, list, go);
    input.addEventListener("input", function () {
      list.textContent = "";
      var q = input.value.trim().toLowerCase();
      if (q.length < 2) return;
      for (var i = 0, n = 0; i < data.nodes.length && n < 20; i++) {
        if (String(data.nodes[i][NODE.label]).toLowerCase().indexOf(q) >= 0) {
          list.appendChild(el("option", { value: data.nodes[i][NODE.label] })); n++;
        }
      }
    });
    var find = function () {
      var i = self.find(input.value);
      if (i < 0) self.say("No node is called \u201c" + input.value + "\u201d.");
      else self.focus(i);
    };
    go.addEventListener("click", find);
    input.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { ev.preventDefault(); find(); } });

    var types = el("fieldset", { "class": "kb-graph__types" });
    types.appendChild(el("legend", {}, "Show"));
    data.types.forEach(function (t) {
      var id = uid + "-t-" + t[0];
      var box = el("input", { type: "checkbox", id: id, value: t[0] });
      box.checked = !!self.state.types[t[0]];
      box.addEventListener("change", function () { self.state.types[t[0]] = box.checked; self.applyFilters(); });
      var label = el("label", { "for": id });
      label.append(shapeIcon(t[2], t[3]), document.createTextNode(" " + t[1]));
      var item = el("span", { "class": "kb-graph__type" });
      item.append(box, label);
      types.appendChild(item);
    });

    var pick = function (name, text, values, key) {
      var wrap = el("div", { "class": "kb-graph__pick" });
      var select = el("select", { id: uid + "-" + name });
      select.appendChild(el("option", { value: "" }, "All"));
      values.forEach(function (v, i) { select.appendChild(el("option", { value: String(i) }, v[1])); });
      select.value = self.state[key];
      select.addEventListener("change", function () { self.state[key] = select.value; self.applyFilters(); });
      wrap.append(el("label", { "for": select.id }, text), select);
      return wrap;
    };
    var years = el("div", { "class": "kb-graph__years" });
    if (data.years.length) {
      ["from", "to"].forEach(function (end) {
        var input = el("input", { type: "number", id: uid + "-" + end, min: data.years[0],
                                  max: data.years[1], step: "1", inputmode: "numeric" });
        input.value = self.state[end];
        input.addEventListener("change", function () {
          var v = parseInt(input.value, 10);
          if (!isNaN(v)) { self.state[end] = v; self.applyFilters(); }
        });
        years.append(el("label", { "for": input.id }, end === "from" ? "From year" : "To year"), input);
      });
    }
    form.append(search, types, pick("sector", "Sector", data.sectors, "sector"),
                pick("theme", "Theme", data.themes, "theme"), years);
    this.box.insertBefore(form, this.box.firstChild);
  };

  View.prototype.readUrl = function () {
    var p = new URLSearchParams(window.location.search), s = this.state, data = this.data;
    if (p.get("types")) {
      var wanted = p.get("types").split(",");
      data.types.forEach(function (t) { s.types[t[0]] = wanted.indexOf(t[0]) >= 0; });
    }
    var index = function (list, id) {
      for (var i = 0; i < list.length; i++) if (list[i][0] === id) return String(i);
      return "";
    };
    if (p.get("sector")) s.sector = index(data.sectors, p.get("sector"));
    if (p.get("theme")) s.theme = index(data.themes, p.get("theme"));
    var year = /^(\d{4})(?:-(\d{4}))?$/.exec(p.get("year") || "");
    if (year) { s.from = Number(year[1]); s.to = Number(year[2] || year[1]); }
    return p.get("focus");
  };

  View.prototype.writeUrl = function () {
    if (this.mode !== "main" || !window.history.replaceState) return;
    var s = this.state, data = this.data, p = new URLSearchParams();
    if (this.focused) p.set("focus", this.focused);
    var on = data.types.filter(function (t) { return s.types[t[0]]; }).map(function (t) { return t[0]; });
    if (on.length !== data.types.length) p.set("types", on.join(","));
    if (s.sector !== "") p.set("sector", data.sectors[Number(s.sector)][0]);
    if (s.theme !== "") p.set("theme", data.themes[Number(s.theme)][0]);
    if (data.years.length && (s.from !== data.years[0] || s.to !== data.years[1])) p.set("year", s.from + "-" + s.to);
    var query = p.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
  };

  function start(box, data) {
    var view = new View(box, data), main = view.mode === "main";
    var focus = main ? view.readUrl() : null;
    if (main) view.controls();
    view.details = box.querySelector(".kb-graph__details");
    if (view.details) view.details.textContent = "Point at a node for details; select it to open its page.";
    for (var i = 0; i < data.nodes.length; i++) view.hidden[i] = view.visible(i) ? 0 : 1;
    view.draw();
    if (main) view.summarise();
    if (focus && view.byId[focus] !== undefined) view.focus(view.byId[focus], false);
    if (!main && view.byId[data.centre] !== undefined) view.network.selectNodes([view.byId[data.centre]]);
    box.kbView = view;
  }

  function load(box) {
    if (box.getAttribute("data-kb-ready")) return;
    box.setAttribute("data-kb-ready", "true");
    if (typeof vis === "undefined") { box.querySelector(".kb-graph__status").textContent = "The network view could not load."; return; }
    var inline = box.querySelector("script.kb-graph__data");
    if (inline) { start(box, JSON.parse(inline.textContent)); return; }
    var src = box.getAttribute("data-root") + box.getAttribute("data-src");
    fetch(src, { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) { start(box, data); })
      .catch(function () { box.querySelector(".kb-graph__status").textContent = "The network data could not load."; });
  }

  function init() { document.querySelectorAll("[data-kb-graph]").forEach(load); }

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
