/* The network view's workspace: the diagram as a focusable region, the details panel of the
 * selected node, the key, and the live region that announces each keyboard move.
 * Everything is built with createElement and textContent.
 */
(function () {
  "use strict";
  var K = window.kbGraph = window.kbGraph || {};
  var el = function (t, a, x) { return K.el(t, a, x); };
  var LIST_LIMIT = 40;

  var HELP = "Keyboard: Tab to the diagram, then the arrow keys move between nodes (along " +
    "the selected node's ties first; with Shift, to any node), Home goes to the most central, " +
    "Enter opens the node's page, Escape clears, + and \u2212 zoom, 0 fits.";

  /* The region, panel, key and live region around the canvas. */
  function build(view) {
    var box = view.box, canvas = view.canvas, uid = view.uid;
    var work = el("div", { "class": "kb-graph__work" });
    var stage = el("div", { "class": "kb-graph__stage" });
    canvas.parentNode.insertBefore(work, canvas);
    var help = el("p", { "class": "kb-graph__help", id: uid + "-help" }, HELP);
    canvas.setAttribute("role", "application");
    canvas.setAttribute("tabindex", "0");
    canvas.setAttribute("aria-label", canvas.getAttribute("data-label") || "Network diagram");
    canvas.setAttribute("aria-describedby", uid + "-help");
    view.keyBox = el("div", { "class": "kb-graph__key" });
    stage.append(canvas, help);
    view.details = el("section", { "class": "kb-graph__details", "aria-label": "Selected node" });
    var side = el("div", { "class": "kb-graph__side" });
    side.append(view.keyBox, view.details);
    work.append(stage, side);
    view.live = el("p", { "class": "kb-graph__live", "aria-live": "polite", "aria-atomic": "true" });
    box.insertBefore(view.live, view.status.nextSibling);
    hint(view);
  }

  function hint(view) {
    view.details.textContent = "";
    view.details.append(el("p", { "class": "kb-graph__hint" },
      "Select a node to see its type, sectors, ties with their sources, and measures here."));
  }

  function plural(view, typeIndex, count) {
    var t = view.data.types[typeIndex];
    return count === 1 ? t[1] : (t[4] || t[1] + "s");
  }

  function ordinal(n) {
    var s = n % 100 >= 11 && n % 100 <= 13 ? "th" : ({ 1: "st", 2: "nd", 3: "rd" })[n % 10] || "th";
    return n + s;
  }

  /* Rank by ties within each type (main view: the whole network), computed once. */
  function rank(view, i) {
    if (!view.ranks) {
      var N = K.NODE, nodes = view.data.nodes, byType = {}, ranks = new Int32Array(view.n);
      for (var j = 0; j < view.n; j++) (byType[nodes[j][N.type]] = byType[nodes[j][N.type]] || []).push(j);
      view.typeCounts = {};
      Object.keys(byType).forEach(function (t) {
        byType[t].sort(function (a, b) { return nodes[b][N.ties] - nodes[a][N.ties] || a - b; });
        byType[t].forEach(function (j, r) { ranks[j] = r + 1; });
        view.typeCounts[t] = byType[t].length;
      });
      view.ranks = ranks;
    }
    return view.ranks[i];
  }

  function communitySize(view, c) {
    if (!view.communities) {
      view.communities = {};
      view.data.nodes.forEach(function (row) {
        var k = row[K.NODE.community];
        view.communities[k] = (view.communities[k] || 0) + 1;
      });
    }
    return view.communities[c] || 0;
  }

  /* Key measures in plain words. */
  function measures(view, i) {
    var N = K.NODE, row = view.data.nodes[i], lines = [], ties = row[N.ties];
    var tieWord = ties + (ties === 1 ? " tie" : " ties");
    if (view.mode === "main") {
      var r = rank(view, i), total = view.typeCounts[row[N.type]];
      lines.push(tieWord + ": the " + (r === 1 ? "" : ordinal(r) + " ") + "most connected of " +
                 total + " " + plural(view, row[N.type], total) + ".");
    } else {
      lines.push(tieWord + " in the whole network.");
    }
    var sector = view.data.types[row[N.type]][0] === "sectors";
    if (!sector) {
      var b = row[N.betweenness];
      lines.push(b > 0 ? "Betweenness " + b.toFixed(3) + ": on about " + (100 * b).toFixed(1) +
                         "% of the shortest routes between other nodes."
                       : "Betweenness 0: not on the shortest route between any other two.");
    }
    if (row[N.community] > 0) {
      var others = view.mode === "main" ? communitySize(view, row[N.community]) - 1 : -1;
      lines.push("Community " + row[N.community] + (others >= 0 ? ", with " + others +
                 " other nodes more tied to each other than to the rest." : "."));
    }
    if (row[N.brokerage] >= 0) {
      lines.push("Brokerage: links two people or organisations who are not tied to each other " +
                 row[N.brokerage] + (row[N.brokerage] === 1 ? " time." : " times."));
    }
    return lines;
  }

  function facts(view, i) {
    var N = K.NODE, data = view.data, row = data.nodes[i], dl = el("dl", { "class": "kb-graph__facts" });
    var add = function (term, value) { dl.append(el("dt", {}, term), el("dd", {}, value)); };
    var kind = data.types[row[N.type]][0];
    if (kind === "organisations" || kind === "people") {
      add("Own sector", row[N.own] >= 0 ? data.sectors[row[N.own]][1] : "not recorded");
    }
    var reached = row[N.sectors].map(function (s) { return data.sectors[s][1]; });
    if (kind !== "sectors") add("Sectors its records reach", reached.join(", ") || "none recorded");
    var years = row[N.years];
    add("Years", years.length ? years[0] + (years.length > 1 ? "\u2013" + years[years.length - 1] : "")
                              : "not recorded");
    return dl;
  }

  /* The node's ties, grouped by relation as read from this node, with evidence and sources. */
  function ties(view, i) {
    var data = view.data, groups = {}, names = [], recorded = false;
    var E = view.E;
    view.tiesOf(i).forEach(function (k) {
      var out = E[4 * k] === i, rel = data.relations[E[4 * k + 2]];
      var name = out ? rel[1] : rel[2];
      if (!groups[name]) { groups[name] = []; names.push(name); }
      groups[name].push({ other: view.other(k, i), provenance: E[4 * k + 3], k: k });
      if (E[4 * k + 3] >= 0) recorded = true;
    });
    var wrap = el("div", { "class": "kb-graph__ties" });
    wrap.append(el("p", { "class": "kb-graph__subhead" }, view.mode === "main" ? "Ties" : "Ties in this diagram"));
    if (!names.length) { wrap.append(el("p", {}, "None shown.")); return wrap; }
    if (!recorded) wrap.append(el("p", { "class": "kb-graph__note" }, "Evidence and sources: not recorded for these ties."));
    names.sort().forEach(function (name) {
      groups[name].forEach(function (t) { t.key = String(data.nodes[t.other][1]).toLowerCase(); });
      var list = groups[name].sort(function (a, b) {
        return a.key < b.key ? -1 : a.key > b.key ? 1 : a.other - b.other;
      });
      wrap.append(el("p", { "class": "kb-graph__rel" }, name.charAt(0).toUpperCase() + name.slice(1) + " (" + list.length + ")"));
      var ul = el("ul", {});
      list.slice(0, LIST_LIMIT).forEach(function (t) { ul.append(tie(view, t, recorded)); });
      if (list.length > LIST_LIMIT) ul.append(el("li", {}, "and " + (list.length - LIST_LIMIT) + " more, on its page"));
      wrap.append(ul);
    });
    return wrap;
  }

  function tie(view, t, recorded) {
    var data = view.data, row = data.nodes[t.other], li = el("li", {});
    var button = el("button", { type: "button", "class": "kb-graph__tie" }, row[1]);
    button.addEventListener("click", function () { view.select(t.other, "panel"); });
    var off = view.hidden[t.other] ? ", hidden by the filters"
      : view.tieShown(t.k) ? "" : ", hidden: inferred ties are off";
    li.append(button, el("span", { "class": "kb-graph__kind" }, " " + data.types[row[2]][1] + off));
    if (recorded) li.append(provenance(view, t.provenance));
    return li;
  }

  /* Inferred and disputed ties say so in words, in bold, beside the line they are drawn with. */
  var EVIDENCE_WORDS = { inferred: "inferred by the knowledge base", disputed: "disputed between sources" };

  function provenance(view, index) {
    var data = view.data, span = el("span", { "class": "kb-graph__evidence" });
    if (index < 0) { span.textContent = "evidence and sources not recorded"; return span; }
    var p = data.provenance[index], e = K.EVIDENCE[p[0]];
    if (e) span.append(K.tieIcon(K.TIE_DASHES[e]), " ", el("strong", {}, EVIDENCE_WORDS[p[0]]));
    else span.append(document.createTextNode(p[0] || "evidence not recorded"));
    span.append(document.createTextNode((p[2] ? " (" + p[2] + ")" : "") +
                                        "; " + (p[1].length ? "sources: " : "sources not recorded")));
    p[1].forEach(function (s, k) {
      var source = data.sources[s];
      if (k) span.append(document.createTextNode(", "));
      span.append(source[2] ? el("a", { href: view.root + source[2] }, source[1]) : el("span", {}, source[1]));
    });
    return span;
  }

  /* What the panel shows for node i (or the hint for -1), and what is announced. */
  function show(view, i, how, previous) {
    if (i < 0) {
      hint(view);
      if (how === "key" || how === "pointer") announce(view, "Selection cleared.");
      return;
    }
    var N = K.NODE, data = view.data, row = data.nodes[i], type = data.types[row[N.type]];
    var panel = view.details;
    panel.textContent = "";
    var name = el("p", { "class": "kb-graph__name", tabindex: "-1" });
    name.append(el("strong", {}, row[N.label]));
    var kind = el("p", { "class": "kb-graph__type" });
    kind.append(K.icon(type[2], type[3]), document.createTextNode(" " + type[1].charAt(0).toUpperCase() + type[1].slice(1)));
    var actions = el("p", { "class": "kb-graph__actions" });
    var clear = el("button", { type: "button", "class": "md-button" }, "Clear selection");
    clear.addEventListener("click", function () { view.select(-1, "pointer"); view.canvas.focus(); });
    actions.append(el("a", { href: view.root + row[N.url], "class": "md-button md-button--primary" }, "Open its page"), clear);
    var ul = el("ul", { "class": "kb-graph__measures" });
    measures(view, i).forEach(function (line) { ul.append(el("li", {}, line)); });
    panel.append(name, kind, facts(view, i), ul, actions, ties(view, i));
    if (view.hidden[i]) kind.after(el("p", { "class": "kb-graph__note" }, "Hidden by the filters."));
    if (how === "key" || how === "find") announce(view, spoken(view, i, previous));
    if (how === "panel") name.focus({ preventScroll: true });
    if (how === "pointer" || how === "panel") inView(panel);
  }

  /* On a phone the panel is below the diagram: bring its top into view, without jumping. */
  function inView(panel) {
    var box = panel.getBoundingClientRect(), h = window.innerHeight;
    if (box.top > h - 80 || box.bottom < 0) panel.scrollIntoView({ block: "nearest" });
  }

  /* "Bradford families seminar, seminar or event, 12 ties. Kate Cook spoke at it." */
  function spoken(view, i, previous) {
    var N = K.NODE, data = view.data, row = data.nodes[i], ties = row[N.ties];
    var text = row[N.label] + ", " + data.types[row[N.type]][1] + ", " + ties +
      (ties === 1 ? " tie" : " ties") + (view.mode === "main" ? "." : " in the whole network.");
    if (previous >= 0 && previous !== i) {
      var E = view.E, before = data.nodes[previous][N.label], said = [];
      view.tiesOf(i).forEach(function (k) {
        var rel = data.relations[E[4 * k + 2]][1], how = SPOKEN_EVIDENCE[view.evidence[k]];
        if (E[4 * k] === i && E[4 * k + 1] === previous) said.push(rel.charAt(0).toUpperCase() + rel.slice(1) + " " + before + how + ".");
        else if (E[4 * k] === previous && E[4 * k + 1] === i) said.push(before + " " + rel + " it" + how + ".");
      });
      text += " " + (said.length ? said.join(" ") : "Not tied to " + before + ".");
    }
    if (view.hidden[i]) text += " It is hidden by the filters.";
    return text;
  }

  var SPOKEN_EVIDENCE = ["", " (inferred)", " (disputed)"];

  function announce(view, text) {
    /* cleared first, so the same words twice are announced twice */
    view.live.textContent = "";
    window.setTimeout(function () { view.live.textContent = text; }, 30);
    view.lastAnnounced = text;
  }

  /* The key follows the colour and size chosen, and marks undated nodes when they are kept. */
  function key(view) {
    var box = view.keyBox, scheme = view.scheme, data = view.data;
    if (!box || !scheme) return;
    box.textContent = "";
    box.append(el("p", { "class": "kb-graph__subhead" }, "Key: colour shows " + K.COLOUR_BY[view.state.colour]));
    var ul = el("ul", {});
    scheme.colours.key.forEach(function (item) {
      var li = el("li", {});
      li.append(K.icon(item.colour, item.shape || "dot"), document.createTextNode(" " + item.label + " (" + item.count + ")"));
      ul.append(li);
    });
    box.append(ul);
    if (!scheme.colours.byType) {
      var shapes = el("ul", { "class": "kb-graph__shapes" });
      shapes.append(el("li", {}, "Shape shows the type:"));
      data.types.forEach(function (t) {
        var li = el("li", {});
        li.append(K.icon("#dddddd", t[3]), document.createTextNode(" " + t[1]));
        shapes.append(li);
      });
      box.append(shapes);
    }
    var notes = el("ul", { "class": "kb-graph__notes" });
    notes.append(el("li", {}, scheme.sizes.text));
    K.tieKey(view).forEach(function (entry) {
      var li = el("li", {});
      li.append(K.tieIcon(entry.dash), document.createTextNode(" " + entry.text));
      notes.append(li);
    });
    if (view.markUndated) {
      var li = el("li", {});
      li.append(K.icon("#ffffff", "dot", true), document.createTextNode(" No year recorded: kept by \u201cinclude undated\u201d."));
      notes.append(li);
    }
    box.append(notes);
  }

  /* The key's entries for the kinds of tie the view has: [{dash, text}], dashed inferred and
   * dotted disputed (the PNG and SVG keys use them too). */
  K.tieKey = function (view) {
    var counts = view.evidenceCounts, out = [];
    if (!counts) {
      counts = view.evidenceCounts = [0, 0, 0];
      for (var k = 0; k < view.m; k++) counts[view.evidence[k]]++;
    }
    if (counts[1]) {
      out.push({ dash: K.TIE_DASHES[1], text: "dashed: inferred by the knowledge base (" + counts[1] +
                 (view.state.inferred ? ")" : ", hidden by \u201cshow inferred ties\u201d)") });
    }
    if (counts[2]) out.push({ dash: K.TIE_DASHES[2], text: "dotted: disputed between sources (" + counts[2] + ")" });
    return out;
  };

  K.panel = { build: build, show: show, key: key, announce: announce };
})();
