/* The network view's controls: find, filters (type, own sector, sectors reached, theme,
 * years with undated nodes kept, inferred ties), colour and size, and the address bar that keeps them (main
 * view); the tools both views have (fit, full screen, PNG and SVG). Built with createElement;
 * values set as properties.
 */
(function () {
  "use strict";
  var K = window.kbGraph = window.kbGraph || {};
  var el = function (t, a, x) { return K.el(t, a, x); };

  function labelled(id, text, control, cls) {
    var wrap = el("div", { "class": cls || "kb-graph__pick" });
    wrap.append(el("label", { "for": id }, text), control);
    return wrap;
  }

  function findBox(view) {
    var data = view.data, uid = view.uid, N = K.NODE;
    var input = el("input", { type: "search", id: uid + "-q", list: uid + "-names", autocomplete: "off" });
    var list = el("datalist", { id: uid + "-names" });
    var go = el("button", { type: "button", "class": "md-button" }, "Find");
    var wrap = labelled(uid + "-q", "Find a node", input, "kb-graph__search");
    wrap.append(list, go);
    input.addEventListener("input", function () {
      list.textContent = "";
      var q = input.value.trim().toLowerCase();
      if (q.length < 2) return;
      for (var i = 0, n = 0; i < view.n && n < 20; i++) {
        if (String(data.nodes[i][N.label]).toLowerCase().indexOf(q) >= 0) {
          list.appendChild(el("option", { value: data.nodes[i][N.label] })); n++;
        }
      }
    });
    var find = function () {
      var i = view.find(input.value);
      if (i < 0) { view.say("No node is called \u201c" + input.value + "\u201d."); return; }
      view.select(i, "find");
      view.say("Showing " + data.nodes[i][N.label] + "." + (view.hidden[i] ? " It is hidden by the filters." : ""));
    };
    go.addEventListener("click", find);
    input.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { ev.preventDefault(); find(); } });
    return wrap;
  }

  function typeBoxes(view) {
    var fieldset = el("fieldset", { "class": "kb-graph__types" });
    fieldset.append(el("legend", {}, "Show"));
    view.data.types.forEach(function (t) {
      var id = view.uid + "-t-" + t[0];
      var box = el("input", { type: "checkbox", id: id, value: t[0] });
      box.checked = !!view.state.types[t[0]];
      box.addEventListener("change", function () { view.state.types[t[0]] = box.checked; view.applyFilters(); });
      var label = el("label", { "for": id });
      label.append(K.icon(t[2], t[3]), document.createTextNode(" " + t[1]));
      var item = el("span", { "class": "kb-graph__type" });
      item.append(box, label);
      fieldset.append(item);
    });
    return fieldset;
  }

  function pick(view, name, text, values, key, all) {
    var select = el("select", { id: view.uid + "-" + name });
    select.append(el("option", { value: "" }, all || "All"));
    values.forEach(function (v, i) { select.append(el("option", { value: String(i) }, v[1])); });
    select.value = view.state[key];
    select.addEventListener("change", function () { view.state[key] = select.value; view.applyFilters(); });
    return labelled(select.id, text, select);
  }

  function choice(view, name, text, options, key, apply) {
    var select = el("select", { id: view.uid + "-" + name });
    Object.keys(options).forEach(function (k) { select.append(el("option", { value: k }, options[k])); });
    select.value = view.state[key];
    select.addEventListener("change", function () { view.state[key] = select.value; apply(); });
    return labelled(select.id, text, select);
  }

  /* A slider per end of the year range; nodes with no year are kept (and marked) unless the
   * reader unticks "include undated". */
  function years(view) {
    var data = view.data, s = view.state, wrap = el("fieldset", { "class": "kb-graph__years" });
    wrap.append(el("legend", {}, "Years"));
    if (!data.years.length) return wrap;
    var ends = {};
    ["from", "to"].forEach(function (end) {
      var id = view.uid + "-" + end;
      var input = el("input", { type: "range", id: id, min: data.years[0], max: data.years[1], step: "1" });
      input.value = String(s[end]);
      var out = el("output", { "for": id }, String(s[end]));
      input.addEventListener("input", function () {
        s[end] = parseInt(input.value, 10);
        if (s.from > s.to) { var other = end === "from" ? "to" : "from"; s[other] = s[end]; ends[other][0].value = String(s[end]); ends[other][1].textContent = String(s[end]); }
        out.textContent = input.value;
        view.applyFilters();
      });
      ends[end] = [input, out];
      var row = el("span", { "class": "kb-graph__year" });
      row.append(el("label", { "for": id }, end === "from" ? "From year" : "To year"), input, out);
      wrap.append(row);
    });
    var undated = el("input", { type: "checkbox", id: view.uid + "-undated" });
    undated.checked = s.undated;
    undated.addEventListener("change", function () { s.undated = undated.checked; view.applyFilters(); });
    var item = el("span", { "class": "kb-graph__type" });
    item.append(undated, el("label", { "for": undated.id }, "Include undated"));
    wrap.append(item);
    return wrap;
  }

  /* Ties the knowledge base inferred (evidence "inferred") are shown unless the reader unticks
   * this; stated, disputed and unrecorded ties always are. */
  function inferredBox(view) {
    var wrap = el("fieldset", { "class": "kb-graph__years" });
    wrap.append(el("legend", {}, "Ties"));
    var box = el("input", { type: "checkbox", id: view.uid + "-inferred" });
    box.checked = view.state.inferred;
    box.addEventListener("change", function () { view.state.inferred = box.checked; view.applyFilters(); });
    var item = el("span", { "class": "kb-graph__type" });
    item.append(box, el("label", { "for": box.id }, "Show inferred ties"));
    wrap.append(item);
    return wrap;
  }

  function build(view) {
    var data = view.data;
    var form = el("form", { "class": "kb-graph__controls", "aria-label": "Filter and style the network" });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); });
    var row = el("div", { "class": "kb-graph__row" });
    row.append(
      pick(view, "own", "Own sector", data.sectors, "own"),
      pick(view, "sector", "Sectors its records reach", data.sectors, "sector"),
      pick(view, "theme", "Theme", data.themes, "theme"),
      years(view),
      inferredBox(view),
      choice(view, "colour", "Colour by", K.COLOUR_BY, "colour", function () {
        view.restyle(); view.redraw(); view.writeUrl();
      }),
      choice(view, "size", "Size by", K.SIZE_BY, "size", function () {
        view.restyle(); view.applyFilters();
      }));
    /* folded away on a phone, so that the diagram comes first, unless the address sets them */
    var more = el("details", { "class": "kb-graph__more" });
    more.append(el("summary", {}, "Filters, colour and size"), row, typeBoxes(view));
    more.open = view.box.clientWidth >= 600 || window.location.search.length > 1;
    form.append(findBox(view), more);
    view.box.insertBefore(form, view.box.firstChild);
  }

  /* --- the tools: fit, full screen, export --- */

  function setFull(view, on) {
    view.box.classList.toggle("kb-graph--full", on);
    document.documentElement.classList.toggle("kb-graph-full-page", on);
    fullChanged(view);
  }

  function isFull(view) {
    return document.fullscreenElement === view.box || view.box.classList.contains("kb-graph--full");
  }

  function fullChanged(view) {
    var on = isFull(view);
    view.fullButton.setAttribute("aria-pressed", on ? "true" : "false");
    view.fullButton.textContent = on ? "Exit full screen" : "Full screen";
    window.requestAnimationFrame(function () {
      view.network.redraw();
      view.fit();
      view.showEdges();
      view.redraw();
    });
  }

  function toggleFull(view) {
    var box = view.box;
    if (document.fullscreenElement === box) { document.exitFullscreen(); return; }
    if (box.classList.contains("kb-graph--full")) { setFull(view, false); return; }
    /* the Fullscreen API where there is one; else (e.g. iPhone) the block covers the page */
    if (box.requestFullscreen) box.requestFullscreen().catch(function () { setFull(view, true); });
    else setFull(view, true);
  }

  K.exitFull = function (view) {
    if (!view.box.classList.contains("kb-graph--full")) return false;
    setFull(view, false);
    return true;
  };

  function toolbar(view) {
    var bar = el("div", { "class": "kb-graph__tools", role: "group", "aria-label": "Diagram tools" });
    var button = function (text, action) {
      var b = el("button", { type: "button", "class": "md-button" }, text);
      b.addEventListener("click", action);
      bar.append(b);
      return b;
    };
    button("Fit", function () { view.fit(); view.showEdges(); view.redraw(); });
    view.fullButton = button("Full screen", function () { toggleFull(view); });
    view.fullButton.setAttribute("aria-pressed", "false");
    button("Save PNG", function () { K.exporter.png(view); });
    button("Save SVG", function () { K.exporter.svg(view); });
    document.addEventListener("fullscreenchange", function () { fullChanged(view); });
    var stage = view.canvas.parentNode;
    stage.insertBefore(bar, view.canvas);
  }

  /* --- the address bar: the view's state, so that a link shares it --- */

  var PARAMS = ["focus", "types", "own", "sector", "theme", "year", "undated", "inferred", "colour",
                "size"];

  function readUrl(view) {
    var p = new URLSearchParams(window.location.search), s = view.state, data = view.data;
    if (p.get("types")) {
      var wanted = p.get("types").split(",");
      data.types.forEach(function (t) { s.types[t[0]] = wanted.indexOf(t[0]) >= 0; });
    }
    var index = function (list, id) {
      for (var i = 0; i < list.length; i++) if (list[i][0] === id) return String(i);
      return "";
    };
    if (p.get("own")) s.own = index(data.sectors, p.get("own"));
    if (p.get("sector")) s.sector = index(data.sectors, p.get("sector"));
    if (p.get("theme")) s.theme = index(data.themes, p.get("theme"));
    var year = /^(\d{4})(?:-(\d{4}))?$/.exec(p.get("year") || "");
    if (year && data.years.length) {
      s.from = Math.max(data.years[0], Math.min(data.years[1], Number(year[1])));
      s.to = Math.max(s.from, Math.min(data.years[1], Number(year[2] || year[1])));
    }
    if (p.get("undated") === "0") s.undated = false;
    if (p.get("inferred") === "0") s.inferred = false;
    if (K.COLOUR_BY[p.get("colour")]) s.colour = p.get("colour");
    if (K.SIZE_BY[p.get("size")]) s.size = p.get("size");
    return p.get("focus");
  }

  function writeUrl(view) {
    if (!window.history.replaceState) return;
    var s = view.state, data = view.data, p = new URLSearchParams(window.location.search);
    PARAMS.forEach(function (k) { p.delete(k); });
    if (view.focused) p.set("focus", view.focused);
    var on = data.types.filter(function (t) { return s.types[t[0]]; }).map(function (t) { return t[0]; });
    if (on.length !== data.types.length) p.set("types", on.join(","));
    if (s.own !== "") p.set("own", data.sectors[Number(s.own)][0]);
    if (s.sector !== "") p.set("sector", data.sectors[Number(s.sector)][0]);
    if (s.theme !== "") p.set("theme", data.themes[Number(s.theme)][0]);
    if (view.yearsNarrowed()) p.set("year", s.from + "-" + s.to);
    if (!s.undated) p.set("undated", "0");
    if (!s.inferred) p.set("inferred", "0");
    if (s.colour !== "type") p.set("colour", s.colour);
    if (s.size !== "ties") p.set("size", s.size);
    var query = p.toString(), address = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    /* replaceState is slow enough to notice on every key press; skip it when nothing changed */
    if (address !== window.location.pathname + window.location.search + window.location.hash) {
      window.history.replaceState(null, "", address);
    }
  }

  K.url = { read: readUrl, write: writeUrl };

  K.controls = { build: build, toolbar: toolbar };
})();
