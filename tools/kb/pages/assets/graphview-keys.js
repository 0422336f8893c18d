/* The network view from the keyboard. The diagram is a focusable region (role
 * "application", so screen readers pass the keys on); each move selects a node, shows it in
 * the details panel and is announced in the live region (label, type, number of ties, and
 * how it is tied to the node before). The page never scrolls under the reader.
 */
(function () {
  "use strict";
  var K = window.kbGraph = window.kbGraph || {};

  var DIRECTIONS = { ArrowLeft: [-1, 0, "left"], ArrowRight: [1, 0, "right"],
                     ArrowUp: [0, -1, "up"], ArrowDown: [0, 1, "down"] };

  /* How far node j lies from node i in direction d: Infinity when it is not that way (outside
   * a cone of about 63 degrees either side); off-axis distance costs double. */
  function cost(view, i, j, d) {
    var dx = view.x[j] - view.x[i], dy = view.y[j] - view.y[i];
    var along = dx * d[0] + dy * d[1], across = Math.abs(dx * d[1] - dy * d[0]);
    if (along <= 0 || across > 2 * along) return Infinity;
    return along + 2 * across;
  }

  function nearest(view, i, d, among) {
    var best = -1, bestCost = Infinity;
    among.forEach(function (j) {
      if (j === i || view.hidden[j]) return;
      var c = cost(view, i, j, d);
      if (c < bestCost) { bestCost = c; best = j; }
    });
    return best;
  }

  /* The most central node shown: where a walk starts. */
  function first(view) {
    for (var k = 0; k < view.order.length; k++) if (!view.hidden[view.order[k]]) return view.order[k];
    return -1;
  }

  /* Arrow keys: the nearest tie that way; if none, the nearest node that way (Shift: any). */
  function move(view, d, anyNode) {
    var i = view.selected;
    if (i < 0 || view.hidden[i]) { start(view); return; }
    var next = -1;
    if (!anyNode) {
      /* the ties drawn: not those the filters hide (inferred ties turned off) */
      var shown = view.tiesOf(i).filter(function (k) { return view.tieShown(k); });
      next = nearest(view, i, d, shown.map(function (k) { return view.other(k, i); }));
    }
    if (next < 0) {
      var all = [];
      for (var j = 0; j < view.n; j++) all.push(j);
      next = nearest(view, i, d, all);
    }
    if (next < 0) { K.panel.announce(view, "No node further " + d[2] + "."); return; }
    view.select(next, "key");
  }

  function start(view) {
    var i = first(view);
    if (i < 0) { K.panel.announce(view, "No nodes are shown; change the filters."); return; }
    view.select(i, "key");
  }

  function zoom(view, factor) {
    view.network.moveTo({ scale: view.network.getScale() * factor, animation: false });
    view.showEdges();
    view.redraw();
  }

  function onKey(view, ev) {
    if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
    var d = DIRECTIONS[ev.key];
    if (d) { ev.preventDefault(); move(view, d, ev.shiftKey); return; }
    var handled = true;
    switch (ev.key) {
      case "Enter": if (view.selected >= 0) view.open(view.selected); else start(view); break;
      case "Escape":
        if (view.selected >= 0) view.select(-1, "key");
        else handled = K.exitFull(view);
        break;
      case "Home": start(view); break;
      case "+": case "=": zoom(view, 1.25); break;
      case "-": case "_": zoom(view, 0.8); break;
      case "0": view.fit(); view.showEdges(); view.redraw(); break;
      default: handled = false;
    }
    if (handled) ev.preventDefault();
  }

  function attach(view) {
    view.canvas.addEventListener("keydown", function (ev) { onKey(view, ev); });
    /* Escape in the panel returns to the diagram, where the walk goes on. */
    view.details.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") { ev.preventDefault(); view.canvas.focus({ preventScroll: true }); }
    });
  }

  K.keys = { attach: attach, move: move };
})();
