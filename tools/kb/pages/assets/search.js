// Site search over the Pagefind index (built after the site into pagefind/). The library and
// the index load on first use, so a page view costs nothing; a search fetches only the chunks
// of the index its words need. Facets (kind, theme, sector, place, year) show counts, and the
// query and chosen facets are kept in the address (?q=...&f.kind=Seminar), so a search can be
// shared or bookmarked. Text from the index is placed as text; only Pagefind's <mark> survives.
(function () {
  "use strict";
  var FACETS = [["kind", "Kind"], ["theme", "Theme"], ["sector", "Sector"], ["place", "Place"],
                ["year", "Year"]];
  var PAGE = 10, FACET_ROWS = 8;
  // A record's page is long (its report) and an entity's short: Pagefind's default length
  // penalty and title weight put a theme called "Consent" above the seminar that names
  // Bradford's hosts and consent in its summary. Tried on the shipped corpus (issue 16).
  var RANKING = { pageLength: 0.3, metaWeights: { title: 1 } };
  var root = document.querySelector("[data-kb-search]");
  if (!root) return;
  root.hidden = false;
  var input = root.querySelector("input[type=search]");
  var panel = root.querySelector(".kb-search__panel");
  var status = root.querySelector(".kb-search__status");
  var list = root.querySelector(".kb-search__results");
  var facetBox = root.querySelector(".kb-search__facets");
  var more = root.querySelector(".kb-search__more");
  // On a phone the facets start folded, so the results come first.
  root.querySelector(".kb-search__filters").open = window.matchMedia("(min-width: 60em)").matches;
  var indexUrl = new URL(root.getAttribute("data-kb-index"), window.location.href);
  var chosen = {};  // facet -> array of chosen values
  var loading = null, filtersLoading = null, shown = [], pending = 0, timer = 0, lastResults = [];

  function pagefind() {
    if (!loading) {
      loading = import(indexUrl.href + "pagefind.js").then(function (pf) {
        // Result URLs are made from the site's own path (the site may live in a subfolder).
        return pf.options({ baseUrl: new URL("..", indexUrl).pathname, ranking: RANKING }).then(function () {
          pf.init();
          return pf;
        });
      });
    }
    return loading;
  }

  function filters() {
    var out = {};
    Object.keys(chosen).forEach(function (k) { if (chosen[k].length) out[k] = { any: chosen[k] }; });
    return out;
  }

  function hasFilters() { return Object.keys(filters()).length > 0; }

  function keepInAddress() {
    var params = new URLSearchParams(window.location.search);
    params.delete("q");
    FACETS.forEach(function (f) { params.delete("f." + f[0]); });
    if (input.value.trim()) params.set("q", input.value.trim());
    Object.keys(chosen).forEach(function (k) {
      chosen[k].forEach(function (v) { params.append("f." + k, v); });
    });
    var query = params.toString();
    history.replaceState(history.state, "", window.location.pathname + (query ? "?" + query : "") +
                         window.location.hash);
  }

  function run() {
    var term = input.value.trim();
    keepInAddress();
    if (!term && !hasFilters()) { close(); return; }
    open();
    var ticket = ++pending, pf;
    // The facet counts need every filter chunk (they grow with the site); the first results
    // need none unless a facet is chosen, so they come first and the counts follow.
    pagefind().then(function (loaded) {
      pf = loaded;
      return hasFilters() ? loadFilters(pf) : null;
    }).then(function () {
      return pf.search(term || null, { filters: filters() });
    }).then(function (search) {
      if (ticket !== pending || !search) return;
      lastResults = search.results;
      list.textContent = "";
      shown = [];
      var n = search.results.length;
      status.textContent = n === 0 ? "No results" : n === 1 ? "1 result" : n + " results";
      return showMore(ticket).then(afterPaint).then(function () {
        return loadFilters(pf);
      }).then(function () {
        return pf.search(term || null, { filters: filters() });
      }).then(function (counted) {
        if (ticket === pending && counted) drawFacets(counted.filters || {}, counted.totalFilters || {});
      });
    }).catch(function (err) {
      status.textContent = "Search is not available: " + err;
    });
  }

  function afterPaint() {
    return new Promise(function (resolve) { setTimeout(resolve, 0); });
  }

  function loadFilters(pf) {
    if (!filtersLoading) filtersLoading = pf.filters();
    return filtersLoading;
  }

  // Each result is shown as soon as its excerpt arrives, in rank order (a placeholder keeps
  // its place), so the first one does not wait for the other nine.
  function showMore(ticket) {
    var next = lastResults.slice(shown.length, shown.length + PAGE);
    shown = shown.concat(next);
    more.hidden = shown.length >= lastResults.length;
    return Promise.all(next.map(function (r) {
      var slot = document.createElement("li");
      slot.hidden = true;
      list.appendChild(slot);
      return r.data().then(function (d) {
        if (ticket === pending) list.replaceChild(resultItem(d), slot);
      });
    }));
  }

  function resultItem(d) {
    var li = document.createElement("li");
    li.className = "kb-search__result";
    var a = document.createElement("a");
    a.href = d.url;
    a.className = "kb-search__title";
    a.textContent = (d.meta && d.meta.title) || d.url;
    li.appendChild(a);
    var facts = [d.meta && d.meta.kind, d.meta && d.meta.date].filter(Boolean);
    if (facts.length) {
      var p = document.createElement("p");
      p.className = "kb-search__kind";
      p.textContent = facts.join(" · ");
      li.appendChild(p);
    }
    var ex = document.createElement("p");
    ex.className = "kb-search__excerpt";
    appendExcerpt(ex, d.excerpt || "");
    li.appendChild(ex);
    return li;
  }

  // The excerpt is HTML from the index: parse it inertly, keep text and <mark> only.
  function appendExcerpt(target, html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    Array.prototype.forEach.call(doc.body.childNodes, function (node) {
      if (node.nodeName === "MARK") {
        var m = document.createElement("mark");
        m.textContent = node.textContent;
        target.appendChild(m);
      } else {
        target.appendChild(document.createTextNode(node.textContent));
      }
    });
  }

  function drawFacets(counts, totals) {
    facetBox.textContent = "";
    FACETS.forEach(function (f) {
      // Within a facet that has a choice, the other values stay on offer (they widen the
      // search: values of one facet are alternatives), counted for the query alone.
      var key = f[0], chose = (chosen[key] || []).length > 0;
      var values = (chose ? totals[key] : counts[key]) || {};
      var names = Object.keys(values).filter(function (v) {
        return values[v] > 0 || (chosen[key] || []).indexOf(v) !== -1;
      });
      if (!names.length) return;
      names.sort(key === "year" ? function (a, b) { return b.localeCompare(a); }
                                : function (a, b) { return values[b] - values[a] || a.localeCompare(b); });
      var set = document.createElement("fieldset");
      set.className = "kb-search__facet";
      var legend = document.createElement("legend");
      legend.textContent = f[1];
      set.appendChild(legend);
      names.slice(0, FACET_ROWS).forEach(function (v) { set.appendChild(facetChoice(key, v, values[v])); });
      facetBox.appendChild(set);
    });
  }

  function facetChoice(key, value, count) {
    var label = document.createElement("label");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.name = "f." + key;
    box.value = value;
    box.checked = (chosen[key] || []).indexOf(value) !== -1;
    box.addEventListener("change", function () {
      var now = (chosen[key] || []).filter(function (v) { return v !== value; });
      if (box.checked) now.push(value);
      chosen[key] = now;
      run();
    });
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + value + " "));
    var c = document.createElement("span");
    c.className = "kb-search__count";
    c.textContent = "(" + (count || 0) + ")";
    label.appendChild(c);
    return label;
  }

  function open() { panel.hidden = false; }
  function close() { panel.hidden = true; }

  input.addEventListener("focus", function () { pagefind(); });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 60);
  });
  root.querySelector("form").addEventListener("submit", function (e) { e.preventDefault(); run(); });
  more.addEventListener("click", function () { showMore(pending); });
  document.addEventListener("keydown", function (e) {
    var t = e.target, typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    if (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      input.focus();
    } else if (e.key === "Escape" && root.contains(t)) {
      close();
      input.blur();
    }
  });
  document.addEventListener("click", function (e) {
    if (!root.contains(e.target)) close();
  });

  // A shared address opens the search it describes.
  var params = new URLSearchParams(window.location.search);
  FACETS.forEach(function (f) {
    var values = params.getAll("f." + f[0]);
    if (values.length) chosen[f[0]] = values;
  });
  if (params.get("q")) input.value = params.get("q");
  if (input.value || hasFilters()) run();
})();
