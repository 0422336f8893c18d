/* The network view's labels: the selection and its neighbours always, then the most central
 * nodes, as many as fit without overlapping each other or hiding markers. Placed in screen
 * coordinates, so that they read the same at every zoom, through a grid of occupied boxes.
 */
(function () {
  "use strict";
  var K = window.kbGraph = window.kbGraph || {};
  var LABEL_HEIGHT = 17;
  var radius = function (view, cam, i) { return K.radius(view, cam, i); };

  function Grid(cell) { this.cell = cell; this.cells = {}; }
  Grid.prototype.keys = function (b) {
    var out = [], c = this.cell;
    for (var gx = Math.floor(b[0] / c); gx <= Math.floor(b[2] / c); gx++) {
      for (var gy = Math.floor(b[1] / c); gy <= Math.floor(b[3] / c); gy++) out.push(gx + "," + gy);
    }
    return out;
  };
  Grid.prototype.free = function (b) {
    var keys = this.keys(b);
    for (var k = 0; k < keys.length; k++) {
      var list = this.cells[keys[k]] || [];
      for (var j = 0; j < list.length; j++) {
        var o = list[j];
        if (b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3]) return false;
      }
    }
    return true;
  };
  Grid.prototype.add = function (b) {
    var self = this;
    this.keys(b).forEach(function (k) { (self.cells[k] = self.cells[k] || []).push(b); });
  };

  /* Canvas labels are cut short; the details panel and the pages give the full name. */
  K.short = function (label) {
    label = String(label);
    return label.length > 42 ? label.slice(0, 40) + "\u2026" : label;
  };

  var measurer = null;
  function textWidth(view, i, bold) {
    if (!view.labelWidth[i]) {
      if (!measurer) {
        measurer = document.createElement("canvas").getContext("2d");
        measurer.font = K.LABEL_SIZE + "px sans-serif";
      }
      view.labelWidth[i] = measurer.measureText(K.short(view.data.nodes[i][K.NODE.label])).width;
    }
    return view.labelWidth[i] * (bold ? 1.1 : 1);
  }

  /* The labels that must show: the selection, the node pointed at, and the selection's
   * neighbours (on a hub, the most central FORCED of them; the rest where they fit, since
   * hundreds of labels on top of each other say nothing). */
  var FORCED = 30;
  function candidates(view) {
    var first = [], seen = {}, rest = [];
    var push = function (i) { if (i >= 0 && !seen[i]) { seen[i] = 1; first.push(i); } };
    push(view.selected);
    push(view.hover);
    if (view.selected >= 0) {
      var sel = view.selected, others = {};
      /* the neighbours it is shown tied to (an inferred tie turned off labels nothing) */
      view.tiesOf(sel).forEach(function (k) { if (view.tieShown(k)) others[view.other(k, sel)] = 1; });
      var list = Object.keys(others).map(Number);
      if (list.length > FORCED) {
        var rank = view.rank();
        list.sort(function (a, b) { return rank[a] - rank[b]; });
        rest = list.slice(FORCED);
        list = list.slice(0, FORCED);
      }
      list.forEach(push);
    }
    return { forced: first, seen: seen, rest: rest };
  }

  /* Markers in view are obstacles too, so labels do not hide nodes (the most central
   * thousands only: enough to keep a crowded view legible, cheap enough for every frame). */
  function markers(view, cam, grid) {
    for (var k = 0, n = 0; k < view.order.length && n < 3000; k++) {
      var i = view.order[k];
      if (view.hidden[i] || (view.selected >= 0 && !view.spot[i])) continue;
      var sx = view.x[i] * cam.s + cam.tx, sy = view.y[i] * cam.s + cam.ty, r = radius(view, cam, i);
      if (sx < -r || sy < -r || sx > cam.w + r || sy > cam.h + r) continue;
      grid.add([sx - r, sy - r, sx + r, sy + r]);
      n++;
    }
  }

  /* Where each label goes, in screen coordinates: [[node, text, x, y, bold], ...].
   * Labels never overlap each other (except, when nothing else fits, the selection's own);
   * they keep off markers too, except the most central ones and the selection's, which
   * would otherwise go unlabelled in a crowded centre. */
  var SOFT = 25;
  K.placeLabels = function (view, cam) {
    var labels = new Grid(64), marks = new Grid(64), placed = [], c = candidates(view), tried = 0;
    markers(view, cam, marks);
    (cam.covered || []).forEach(function (b) { labels.add(b); });
    var inside = function (b) { return b[0] >= 0 && b[1] >= 0 && b[2] <= cam.w && b[3] <= cam.h; };
    var place = function (i, level) {  /* level 0: keep off markers; 1: may cover them; 2: must show */
      if (view.hidden[i]) return;
      var sx = view.x[i] * cam.s + cam.tx, sy = view.y[i] * cam.s + cam.ty, r = radius(view, cam, i);
      if (sx < 0 || sy < 0 || sx > cam.w || sy > cam.h) return;
      var bold = i === view.selected, h = LABEL_HEIGHT, w;
      if (!level && !view.labelWidth[i]) {
        /* a cheap look first (a lower bound of the width): measure only labels that may fit */
        w = 5.5 * Math.min(41, String(view.data.nodes[i][K.NODE.label]).length);
        var below = [sx - w / 2, sy + r + 2, sx + w / 2, sy + r + 2 + h];
        var right = [sx + r + 4, sy - h / 2, sx + r + 4 + w, sy + h / 2];
        if (!(labels.free(below) && marks.free(below)) && !(labels.free(right) && marks.free(right))) return;
      }
      w = textWidth(view, i, bold);
      var spots = [[sx - w / 2, sy + r + 2], [sx + r + 4, sy - h / 2], [sx - w / 2, sy - r - 2 - h],
                   [sx - r - 4 - w, sy - h / 2]].map(function (p) { return [p[0] - 2, p[1], p[0] + w + 2, p[1] + h]; });
      var chosen = null;
      for (var pass = 0; pass <= Math.min(level, 1) && !chosen; pass++) {
        for (var k = 0; k < spots.length && !chosen; k++) {
          var b = spots[k];
          if (inside(b) && labels.free(b) && (pass || marks.free(b))) chosen = b;
        }
      }
      if (!chosen && level === 2) chosen = spots[0];
      if (!chosen) return;
      labels.add(chosen);
      placed.push([i, K.short(view.data.nodes[i][K.NODE.label]), chosen[0] + 2, chosen[1] + h / 2, bold]);
    };
    c.forced.forEach(function (i) { place(i, 2); });
    c.rest.forEach(function (i) { place(i, 1); });
    if (view.selected < 0) {
      for (var j = 0; j < view.order.length && tried < 2500 && placed.length < 300; j++) {
        var i = view.order[j];
        if (c.seen[i] || view.hidden[i]) continue;
        tried++;
        place(i, j < SOFT ? 1 : 0);
      }
    }
    return placed;
  };

  /* Last placed first, so that the selection's label is on top where labels must overlap. */
  K.drawLabels = function (surface, placed) {
    for (var k = placed.length - 1; k >= 0; k--) surface.text(placed[k][1], placed[k][2], placed[k][3], placed[k][4]);
  };
})();
