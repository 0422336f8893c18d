/* Export the current view as PNG or SVG, made in the browser (no request anywhere): the same
 * scene as the screen (what is shown, where it is, as coloured and sized), drawn at twice the
 * resolution for PNG, with the key and a caption under it.
 */
(function () {
  "use strict";
  var K = window.kbGraph = window.kbGraph || {};
  var NS = "http://www.w3.org/2000/svg";
  var SCALE = 2, LINE = 22, PAD = 12;

  /* An SVG surface: each painted path becomes a <path>, each label a <text>. */
  function SvgSurface(root) { K.PathBuilder.call(this); this.root = root; }
  SvgSurface.prototype = Object.create(K.PathBuilder.prototype);
  SvgSurface.prototype.paint = function (style) {
    if (!this.d) return;
    var path = document.createElementNS(NS, "path");
    path.setAttribute("d", this.d);
    path.setAttribute("fill", style.fill || "none");
    if (style.stroke) {
      path.setAttribute("stroke", style.stroke);
      path.setAttribute("stroke-width", String(style.width || 1));
      if (style.dash) path.setAttribute("stroke-dasharray", style.dash.join(" "));
    }
    if (style.alpha !== undefined && style.alpha < 1) path.setAttribute("opacity", String(style.alpha));
    this.root.appendChild(path);
  };
  SvgSurface.prototype.text = function (text, x, y, bold) {
    var t = document.createElementNS(NS, "text");
    var attrs = { x: x.toFixed(1), y: y.toFixed(1), "font-family": "sans-serif",
                  "font-size": String(K.LABEL_SIZE), "dominant-baseline": "central",
                  fill: "#1a1a1a", stroke: "#ffffff", "stroke-width": "3",
                  "stroke-linejoin": "round", "paint-order": "stroke" };
    if (bold) attrs["font-weight"] = "bold";
    Object.keys(attrs).forEach(function (k) { t.setAttribute(k, attrs[k]); });
    t.textContent = text;
    this.root.appendChild(t);
  };

  var measure = null;
  function width(text) {
    measure = measure || document.createElement("canvas").getContext("2d");
    measure.font = K.LABEL_SIZE + "px sans-serif";
    return measure.measureText(text).width;
  }

  /* The key's entries as [colour, shape, text, dashed outline], as the panel's key shows them;
   * a tie's entry has the shape "tie" and its dash pattern in place of the outline. */
  function entries(view) {
    var scheme = view.scheme, out = [];
    scheme.colours.key.forEach(function (item) {
      out.push([item.colour, item.shape || "dot", item.label + " (" + item.count + ")"]);
    });
    if (!scheme.colours.byType) {
      view.data.types.forEach(function (t) { out.push(["#dddddd", t[3], t[1]]); });
    }
    if (view.markUndated) out.push(["#ffffff", "dot", "no year recorded", true]);
    K.tieKey(view).forEach(function (e) { out.push(["#1a1a1a", "tie", e.text, e.dash]); });
    return out;
  }

  /* Words wrapped to lines no wider than w. */
  function wrap(text, w) {
    var lines = [], line = "";
    text.split(" ").forEach(function (word) {
      var next = line ? line + " " + word : word;
      if (line && width(next) > w) { lines.push(line); line = word; } else line = next;
    });
    if (line) lines.push(line);
    return lines;
  }

  /* Lines of text and markers under the diagram: a caption saying what and where from, then
   * the key; returns them with the height they need. */
  function layoutKey(view, w) {
    var items = [], x = PAD, y = PAD + LINE / 2;
    var caption = document.title + ", " + new Date().toISOString().slice(0, 10) + ": " +
      window.location.href.split("#")[0] + " . Colour: " + K.COLOUR_BY[view.state.colour] + ". " +
      view.scheme.sizes.text;
    wrap(caption, w - 2 * PAD).forEach(function (line) { items.push(["text", line, x, y]); y += LINE; });
    entries(view).forEach(function (e) {
      var need = 22 + width(e[2]) + 16;
      if (x + need > w - PAD && x > PAD) { x = PAD; y += LINE; }
      items.push(["marker", e, x + 8, y]);
      items.push(["text", e[2], x + 20, y]);
      x += need;
    });
    return { items: items, height: y + LINE / 2 + PAD };
  }

  /* The key's band, white, over whatever of the scene lies below the diagram. */
  function drawKey(surface, key, top, w) {
    surface.beginPath();
    surface.moveTo(0, top); surface.lineTo(w, top); surface.lineTo(w, top + key.height);
    surface.lineTo(0, top + key.height); surface.lineTo(0, top);
    surface.paint({ fill: "#ffffff" });
    surface.beginPath();
    surface.moveTo(0, top); surface.lineTo(w, top);
    surface.paint({ stroke: "#8a8a8a", width: 1 });
    key.items.forEach(function (item) {
      if (item[0] === "text") { surface.text(item[1], item[2], top + item[3], false); return; }
      var e = item[1];
      surface.beginPath();
      if (e[1] === "tie") {
        surface.moveTo(item[2] - 9, top + item[3]);
        surface.lineTo(item[2] + 9, top + item[3]);
        surface.paint({ stroke: e[0], width: 2, dash: e[3] });
        return;
      }
      K.shapePath(surface, e[1], item[2], top + item[3], 6);
      surface.paint({ fill: e[0], stroke: e[3] ? "#000000" : "#333333", width: 1, dash: e[3] ? [3, 2] : null });
    });
  }

  function save(blob, name) {
    var url = URL.createObjectURL(blob), a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 5000);
  }

  function fileName(view, ext) {
    var base = view.mode === "main" ? "network-view" : String(view.data.centre || "ego").replace(/[^a-z0-9-]+/gi, "-") + "-ties";
    return base + "." + ext;
  }

  function png(view) {
    var cam = view.camera(), key = layoutKey(view, cam.w);
    var canvas = document.createElement("canvas");
    canvas.width = Math.round(cam.w * SCALE);
    canvas.height = Math.round((cam.h + key.height) * SCALE);
    var ctx = canvas.getContext("2d"), surface = new K.CanvasSurface(ctx);
    ctx.setTransform(SCALE, 0, 0, SCALE, 0, 0);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, cam.w, cam.h + key.height);
    K.drawScene(surface, view, cam);
    drawKey(surface, key, cam.h, cam.w);
    canvas.toBlob(function (blob) { save(blob, fileName(view, "png")); K.panel.announce(view, "Saved the view as PNG."); }, "image/png");
  }

  function svg(view) {
    var cam = view.camera(), key = layoutKey(view, cam.w), h = cam.h + key.height;
    var root = document.createElementNS(NS, "svg");
    root.setAttribute("width", String(Math.round(cam.w)));
    root.setAttribute("height", String(Math.round(h)));
    root.setAttribute("viewBox", "0 0 " + Math.round(cam.w) + " " + Math.round(h));
    var title = document.createElementNS(NS, "title");
    title.textContent = view.canvas.getAttribute("aria-label");
    var back = document.createElementNS(NS, "rect");
    [["width", "100%"], ["height", "100%"], ["fill", "#ffffff"]].forEach(function (a) { back.setAttribute(a[0], a[1]); });
    root.append(title, back);
    var surface = new SvgSurface(root);
    K.drawScene(surface, view, cam);
    drawKey(surface, key, cam.h, cam.w);
    var text = '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(root) + "\n";
    save(new Blob([text], { type: "image/svg+xml" }), fileName(view, "svg"));
    K.panel.announce(view, "Saved the view as SVG.");
  }

  K.exporter = { png: png, svg: svg };
})();
