/* The network view's drawing: shapes, colours, sizes, labels and hit testing.
 *
 * vis-network gives the view its canvas, pan, zoom and pinch; the nodes, ties and labels are
 * drawn here (labels: graphview-labels.js), through a small "surface" interface that the
 * canvas and the SVG export both implement, so that an exported image is what the screen
 * shows. Drawing them here rather
 * than as vis-network nodes is what lets a large network draw at once (its per-node objects
 * cost more than the whole draw), labels avoid each other, and a selection dim the rest
 * without updating every node.
 */
(function () {
  "use strict";
  var K = window.kbGraph = window.kbGraph || {};

  /* Okabe-Ito, for colouring by community or sector; grey for the rest, white for none. */
  var PALETTE = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
                 "#000000"];
  var OTHER = "#999999", NONE = "#FFFFFF";
  var LABEL_SIZE = 13, MIN_RADIUS = 2.5;
  /* Paths are painted every 500 markers: very long canvas paths get slow. */
  var CHUNK = 4 * 500;

  /* Each shape as outlines around a unit radius: a circle, or the points of a polygon. No point
   * lies further than 1.25 from the centre on either axis, so every shape fits the key's icons. */
  function regular(sides, start, radius) {
    var points = [];
    for (var i = 0; i < sides; i++) {
      var a = (start + i * 360 / sides) * Math.PI / 180;
      points.push([radius * Math.cos(a), radius * Math.sin(a)]);
    }
    return { points: points };
  }
  function star(tips, outer, inner) {
    var points = [];
    for (var i = 0; i < 2 * tips; i++) {
      var a = (-90 + i * 180 / tips) * Math.PI / 180, r = i % 2 ? inner : outer;
      points.push([r * Math.cos(a), r * Math.sin(a)]);
    }
    return { points: points };
  }
  /* A half disc, flat side down, its arc in straight steps (a polygon, like the others). */
  function halfDisc(radius, steps) {
    var points = [];
    for (var i = 0; i <= steps; i++) {
      var a = (180 + 180 * i / steps) * Math.PI / 180;
      points.push([radius * Math.cos(a), 0.45 + radius * Math.sin(a)]);
    }
    return { points: points };
  }
  /* One shape per type of node (graphview.py STYLES names them), so that colour is never the
   * only cue. The last six were chosen to stay apart from the first nine and from each other
   * at 6 to 12 pixels: no octagon or speech bubble (they read as a dot), no second triangle,
   * bar or bow tie turned another way. */
  var SHAPES = {
    dot: { circle: 1 }, ring: { circle: 1, hole: 0.45 },
    square: { points: [[-0.85, -0.85], [0.85, -0.85], [0.85, 0.85], [-0.85, 0.85]] },
    diamond: regular(4, -90, 1.15), triangle: regular(3, -90, 1.25),
    triangleDown: regular(3, 90, 1.25), hexagon: regular(6, 0, 1.05),
    pentagon: regular(5, -90, 1.1), star: star(5, 1.25, 0.55),
    bar: { points: [[-1.25, -0.55], [1.25, -0.55], [1.25, 0.55], [-1.25, 0.55]] },
    chevron: { points: [[-1.1, -1], [-0.1, -1], [1.1, 0], [-0.1, 1], [-1.1, 1], [0.1, 0]] },
    sparkle: star(4, 1.25, 0.45),
    cross: { points: [[-0.38, -1.1], [0.38, -1.1], [0.38, -0.38], [1.1, -0.38], [1.1, 0.38],
                      [0.38, 0.38], [0.38, 1.1], [-0.38, 1.1], [-0.38, 0.38], [-1.1, 0.38],
                      [-1.1, -0.38], [-0.38, -0.38]] },
    bowtie: { points: [[-1.2, -0.95], [0, -0.2], [1.2, -0.95], [1.2, 0.95], [0, 0.2], [-1.2, 0.95]] },
    halfDisc: halfDisc(1.25, 12)
  };
  K.SHAPES = SHAPES;

  /* Adds one marker's outline to the surface's current path (holes wind the other way). */
  function shapePath(surface, shape, x, y, r) {
    var s = SHAPES[shape] || SHAPES.dot;
    if (s.circle) {
      surface.circle(x, y, r, false);
      if (s.hole) surface.circle(x, y, r * s.hole, true);
      return;
    }
    for (var i = 0; i < s.points.length; i++) {
      var p = s.points[i];
      surface[i ? "lineTo" : "moveTo"](x + p[0] * r, y + p[1] * r);
    }
    /* back to the start rather than closePath(), which grows slow in Chromium as the path
     * grows (the nodes of one colour share a path) */
    surface.lineTo(x + s.points[0][0] * r, y + s.points[0][1] * r);
  }

  /* --- surfaces: what the scene is drawn on --- */

  function CanvasSurface(ctx) { this.ctx = ctx; }
  CanvasSurface.prototype.beginPath = function () { this.ctx.beginPath(); };
  CanvasSurface.prototype.moveTo = function (x, y) { this.ctx.moveTo(x, y); };
  CanvasSurface.prototype.lineTo = function (x, y) { this.ctx.lineTo(x, y); };
  CanvasSurface.prototype.closePath = function () { this.ctx.closePath(); };
  CanvasSurface.prototype.circle = function (x, y, r, hole) {
    this.ctx.moveTo(x + r, y);
    this.ctx.arc(x, y, r, 0, 2 * Math.PI, hole);
  };
  /* Fills and/or strokes the current path: {fill, stroke, width, alpha, dash}. */
  CanvasSurface.prototype.paint = function (style) {
    var ctx = this.ctx;
    ctx.globalAlpha = style.alpha === undefined ? 1 : style.alpha;
    if (style.fill) { ctx.fillStyle = style.fill; ctx.fill(); }
    if (style.stroke) {
      ctx.setLineDash(style.dash || []);
      ctx.lineWidth = style.width || 1;
      ctx.strokeStyle = style.stroke;
      ctx.stroke();
      ctx.setLineDash([]);
    }
    ctx.globalAlpha = 1;
  };
  CanvasSurface.prototype.text = function (text, x, y, bold) {
    var ctx = this.ctx;
    ctx.font = (bold ? "bold " : "") + LABEL_SIZE + "px sans-serif";
    ctx.textAlign = "left";
    ctx.textBaseline = "middle";
    ctx.lineJoin = "round";
    ctx.lineWidth = 3;
    ctx.strokeStyle = "#ffffff";
    ctx.strokeText(text, x, y);
    ctx.fillStyle = "#1a1a1a";
    ctx.fillText(text, x, y);
  };

  /* --- colour and size, by the attribute the reader chose --- */

  /* Groups nodes by a value, the largest groups first; the first eight get a colour. */
  function grouped(view, valueOf, name, noneLabel) {
    var counts = {}, n = view.n, fill = new Array(n), key = [];
    for (var i = 0; i < n; i++) {
      var v = valueOf(i);
      if (v !== null) counts[v] = (counts[v] || 0) + 1;
    }
    var values = Object.keys(counts).sort(function (a, b) {
      return counts[b] - counts[a] || Number(a) - Number(b);
    });
    var colour = {}, others = 0, none = 0;
    values.forEach(function (v, rank) {
      if (rank < PALETTE.length) {
        colour[v] = PALETTE[rank];
        key.push({ colour: PALETTE[rank], label: name(v), count: counts[v] });
      } else { colour[v] = OTHER; others += counts[v]; }
    });
    for (var j = 0; j < n; j++) {
      var w = valueOf(j);
      if (w === null) none++;
      fill[j] = w === null ? NONE : colour[w];
    }
    if (others) key.push({ colour: OTHER, label: "the other " + (values.length - PALETTE.length), count: others });
    if (none) key.push({ colour: NONE, label: noneLabel, count: none });
    return { fill: fill, key: key };
  }

  K.COLOUR_BY = { type: "type of node", community: "community", sector: "own sector" };
  K.SIZE_BY = { ties: "number of ties", betweenness: "betweenness", brokerage: "brokerage" };

  /* Fill colour per node and the key's entries, for "type", "community" or "sector". */
  K.colours = function (view, mode) {
    var data = view.data, N = K.NODE;
    if (mode === "community") {
      return grouped(view, function (i) { return data.nodes[i][N.community] || null; },
                     function (v) { return "community " + v; }, "in no community (sectors)");
    }
    if (mode === "sector") {
      return grouped(view, function (i) { var s = data.nodes[i][N.own]; return s < 0 ? null : s; },
                     function (v) { return data.sectors[v][1]; }, "no sector of its own");
    }
    var counts = data.types.map(function () { return 0; });
    var fill = data.nodes.map(function (row) { counts[row[N.type]]++; return data.types[row[N.type]][2]; });
    var key = [];
    data.types.forEach(function (t, k) {
      if (counts[k]) key.push({ colour: t[2], shape: t[3], label: t[1], count: counts[k] });
    });
    return { fill: fill, key: key, byType: true };
  };

  /* Marker size per node and a sentence for the key, for "ties", "betweenness" or "brokerage". */
  K.sizes = function (view, mode) {
    var data = view.data, N = K.NODE, n = view.n, size = new Float32Array(n), max = 0, i;
    if (mode === "ties") {
      var most = 0;
      for (i = 0; i < n; i++) { size[i] = data.nodes[i][N.size]; most = Math.max(most, data.nodes[i][N.ties]); }
      return { size: size, text: "Size: number of ties (up to " + most + ")." };
    }
    var column = mode === "betweenness" ? N.betweenness : N.brokerage;
    for (i = 0; i < n; i++) max = Math.max(max, data.nodes[i][column]);
    for (i = 0; i < n; i++) {
      var v = data.nodes[i][column];
      size[i] = v < 0 ? 5 : 7 + 31 * Math.sqrt(max ? v / max : 0);
    }
    var text = mode === "betweenness"
      ? "Size: betweenness (up to " + max.toFixed(3) + ")."
      : "Size: brokerage, times a person or organisation links two others who are not tied (up to " +
        max + "); the smallest markers are neither.";
    return { size: size, text: text };
  };

  /* --- the scene --- */

  /* Where the camera looks: screen = canvas * s + (tx, ty), in CSS pixels. */
  K.camera = function (network, width, height) {
    var origin = network.canvasToDOM({ x: 0, y: 0 });
    return { s: network.getScale(), tx: origin.x, ty: origin.y, w: width, h: height };
  };

  /* A marker's radius on screen: never too small to see or to hit. */
  function radius(view, cam, i) { return Math.max(view.size[i] * cam.s, MIN_RADIUS); }
  K.radius = radius;

  /* How a tie is stroked, by its evidence (K.EVIDENCE): stated or not recorded solid, inferred
   * dashed, disputed dotted, so that the difference never rests on colour. */
  var DASHES = K.TIE_DASHES = [null, [6, 4], [1.5, 3]];

  function drawEdges(surface, view, cam) {
    var E = view.E, sel = view.selected, x = view.x, y = view.y, s = cam.s;
    var plain = [[], [], []], spot = [[], [], []];
    view.drawn.forEach(function (k) {
      if (sel >= 0 && (E[4 * k] === sel || E[4 * k + 1] === sel)) return;
      plain[view.evidence[k]].push(k);
    });
    if (sel >= 0) view.tiesOf(sel).forEach(function (k) {
      if (view.tieShown(k)) spot[view.evidence[k]].push(k);
    });
    var line = function (list, style) {
      if (!list.length) return;
      surface.beginPath();
      list.forEach(function (k) {
        var a = E[4 * k], b = E[4 * k + 1];
        surface.moveTo(x[a] * s + cam.tx, y[a] * s + cam.ty);
        surface.lineTo(x[b] * s + cam.tx, y[b] * s + cam.ty);
      });
      surface.paint(style);
      if (view.directed) arrows(surface, view, cam, list, style.stroke, style.alpha);
    };
    DASHES.forEach(function (dash, e) {
      line(plain[e], { stroke: "#707070", width: 1, alpha: sel >= 0 ? 0.12 : 0.55, dash: dash });
    });
    DASHES.forEach(function (dash, e) {
      line(spot[e], { stroke: "#1a1a1a", width: 2, alpha: 1, dash: dash });
    });
  }

  function arrows(surface, view, cam, list, colour, alpha) {
    var E = view.E, s = cam.s;
    surface.beginPath();
    list.forEach(function (k) {
      var a = E[4 * k], b = E[4 * k + 1];
      var x0 = view.x[a] * s + cam.tx, y0 = view.y[a] * s + cam.ty;
      var x1 = view.x[b] * s + cam.tx, y1 = view.y[b] * s + cam.ty;
      var len = Math.hypot(x1 - x0, y1 - y0), r = radius(view, cam, b) + 1;
      if (len <= r + 8) return;
      var ux = (x1 - x0) / len, uy = (y1 - y0) / len, tipX = x1 - ux * r, tipY = y1 - uy * r;
      surface.moveTo(tipX, tipY);
      surface.lineTo(tipX - ux * 8 - uy * 4, tipY - uy * 8 + ux * 4);
      surface.lineTo(tipX - ux * 8 + uy * 4, tipY - uy * 8 - ux * 4);
      surface.closePath();
    });
    surface.paint({ fill: colour, alpha: alpha });
  }

  /* Nodes in view, batched by how they are painted (one path per colour and state). */
  function drawNodes(surface, view, cam) {
    var data = view.data, types = data.types, N = K.NODE, batches = {}, order = [];
    var dimming = view.selected >= 0;
    for (var i = 0; i < view.n; i++) {
      if (view.hidden[i]) continue;
      var sx = view.x[i] * cam.s + cam.tx, sy = view.y[i] * cam.s + cam.ty, r = radius(view, cam, i);
      if (sx < -r || sy < -r || sx > cam.w + r || sy > cam.h + r) continue;
      var state = dimming ? (view.spot[i] ? "s" : "d") : "n";
      var undated = view.markUndated && !data.nodes[i][N.years].length ? "u" : "";
      var id = state + undated + view.fill[i];
      if (!batches[id]) { batches[id] = { state: state, undated: undated, fill: view.fill[i], items: [] }; order.push(id); }
      batches[id].items.push(i, sx, sy, r);
    }
    /* dimmed first, the selection's neighbourhood last, so it is on top */
    order.sort(function (a, b) { return "dns".indexOf(a[0]) - "dns".indexOf(b[0]); });
    order.forEach(function (id) {
      var b = batches[id], items = b.items;
      var style = { fill: b.fill, stroke: b.undated ? "#000000" : "#333333",
                    width: b.undated ? 1.5 : 1, dash: b.undated ? [3, 2] : null,
                    alpha: b.state === "d" ? 0.18 : 1 };
      for (var start = 0; start < items.length; start += CHUNK) {
        surface.beginPath();
        for (var j = start; j < Math.min(items.length, start + CHUNK); j += 4) {
          shapePath(surface, types[data.nodes[items[j]][N.type]][3], items[j + 1], items[j + 2], items[j + 3]);
        }
        surface.paint(style);
      }
    });
    [view.hover, view.selected].forEach(function (i, k) {
      if (i < 0 || view.hidden[i]) return;
      var sx = view.x[i] * cam.s + cam.tx, sy = view.y[i] * cam.s + cam.ty, r = radius(view, cam, i);
      surface.beginPath();
      surface.circle(sx, sy, r + 5, false);
      surface.paint({ stroke: "#ffffff", width: 5 });
      surface.paint({ stroke: k ? "#000000" : "#0072B2", width: k ? 2.5 : 2 });
    });
  }

  /* The whole scene on a surface: ties, markers, then labels. Returns the labels placed. */
  K.drawScene = function (surface, view, cam) {
    drawEdges(surface, view, cam);
    drawNodes(surface, view, cam);
    var labels = K.placeLabels(view, cam);
    K.drawLabels(surface, labels);
    return labels;
  };

  /* The node under a point of the canvas (CSS pixels), or -1; touch gets more slack. */
  K.hit = function (view, cam, px, py, slack) {
    var best = -1, bestScore = Infinity;
    for (var i = 0; i < view.n; i++) {
      if (view.hidden[i]) continue;
      var dx = view.x[i] * cam.s + cam.tx - px, dy = view.y[i] * cam.s + cam.ty - py;
      var d = Math.sqrt(dx * dx + dy * dy), r = radius(view, cam, i);
      if (d > r + slack) continue;
      var score = d <= r ? d / r - 1 : (d - r) / slack;  /* inside a marker beats near one */
      if (score < bestScore) { bestScore = score; best = i; }
    }
    return best;
  };

  function iconSvg() {
    var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", "0 0 20 20");
    svg.setAttribute("width", "18");
    svg.setAttribute("height", "18");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    return svg;
  }

  /* An SVG icon of a tie stroked with a dash pattern (null: solid), for the key. */
  K.tieIcon = function (dash) {
    var svg = iconSvg();
    var path = document.createElementNS("http://www.w3.org/2000/svg", "path");
    path.setAttribute("d", "M1 10L19 10");
    path.setAttribute("stroke", "currentColor");  /* the key's text colour, light or dark */
    path.setAttribute("stroke-width", "2");
    if (dash) path.setAttribute("stroke-dasharray", dash.join(" "));
    svg.appendChild(path);
    return svg;
  };

  /* An SVG icon of a marker, for the key and the type filters. */
  K.icon = function (colour, shape, dashed) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = iconSvg();
    var path = document.createElementNS(ns, "path");
    var d = new K.PathBuilder();
    shapePath(d, shape || "dot", 10, 10, shape === "star" ? 7 : 7.5);
    path.setAttribute("d", d.d);
    path.setAttribute("fill", colour);
    path.setAttribute("stroke", dashed ? "#000000" : "#333333");
    if (dashed) path.setAttribute("stroke-dasharray", "3 2");
    svg.appendChild(path);
    return svg;
  };

  /* Collects a path as SVG path data (used by the icons and the SVG export). */
  K.PathBuilder = function () { this.d = ""; };
  K.PathBuilder.prototype.beginPath = function () { this.d = ""; };
  K.PathBuilder.prototype.moveTo = function (x, y) { this.d += "M" + r1(x) + " " + r1(y); };
  K.PathBuilder.prototype.lineTo = function (x, y) { this.d += "L" + r1(x) + " " + r1(y); };
  K.PathBuilder.prototype.closePath = function () { this.d += "Z"; };
  K.PathBuilder.prototype.circle = function (x, y, r, hole) {
    var sweep = hole ? 0 : 1;
    this.d += "M" + r1(x + r) + " " + r1(y) + "A" + r1(r) + " " + r1(r) + " 0 1 " + sweep + " " +
      r1(x - r) + " " + r1(y) + "A" + r1(r) + " " + r1(r) + " 0 1 " + sweep + " " + r1(x + r) +
      " " + r1(y) + "Z";
  };
  function r1(v) { return Math.round(v * 10) / 10; }

  K.CanvasSurface = CanvasSurface;
  K.shapePath = shapePath;
  K.LABEL_SIZE = LABEL_SIZE;
})();
