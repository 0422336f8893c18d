// Progressive enhancement for the case-study finder: without this script the page shows every
// case study and static lists to browse by. Values are compared as text; nothing is parsed as HTML.
// A filter never hides a record silently: each option counts the records it would keep (given
// the other filters), and the result line says how many were left out only for lack of data.
(function () {
  "use strict";
  var NOT_RECORDED = "-none"; // the "not recorded" option (kb.pages.finder.NOT_RECORDED)

  // Each card's values, read once: {el, values: {facet: [value, ...]}}.
  function read(card, selects) {
    var values = {};
    selects.forEach(function (s) {
      var text = card.getAttribute("data-" + s.dataset.facet) || "";
      values[s.dataset.facet] = text ? text.split(" ") : [];
    });
    return { el: card, values: values };
  }
  // "match", "missing" (the card has no value for the facet) or "no"
  function test(card, facet, wanted) {
    if (!wanted) return "match";
    var values = card.values[facet];
    if (wanted === NOT_RECORDED) return values.length ? "no" : "match";
    if (!values.length) return "missing";
    return values.indexOf(wanted) !== -1 ? "match" : "no";
  }
  function matchesOthers(card, selects, except) {
    return selects.every(function (s) {
      return s === except || test(card, s.dataset.facet, s.value) === "match";
    });
  }
  // Each option's count: the cards it would keep, given the other filters (one pass a filter).
  function recount(cards, selects) {
    selects.forEach(function (s) {
      var counts = {};
      var pool = 0;
      cards.forEach(function (c) {
        if (!matchesOthers(c, selects, s)) return;
        pool += 1;
        var values = c.values[s.dataset.facet];
        (values.length ? values : [NOT_RECORDED]).forEach(function (v) { counts[v] = (counts[v] || 0) + 1; });
      });
      Array.prototype.forEach.call(s.options, function (o) {
        var n = o.value ? counts[o.value] || 0 : pool;
        o.textContent = o.dataset.label + " (" + n + ")";
      });
    });
  }
  // How many cards failed only because a filtered facet has no value, per facet.
  function leftOut(cards, selects) {
    var byFacet = {};
    var total = 0;
    cards.forEach(function (card) {
      var missing = [];
      var fails = selects.some(function (s) {
        var r = test(card, s.dataset.facet, s.value);
        if (r === "missing") missing.push(s);
        return r === "no";
      });
      if (fails || !missing.length) return;
      total += 1;
      missing.forEach(function (s) { byFacet[s.dataset.noun] = (byFacet[s.dataset.noun] || 0) + 1; });
    });
    return { total: total, byFacet: byFacet };
  }
  function describe(shown, all, out) {
    var text = shown + " of " + all + " shown";
    if (!out.total) return text;
    var nouns = Object.keys(out.byFacet);
    var why = nouns.map(function (noun) {
      return nouns.length > 1 ? noun + " not recorded for " + out.byFacet[noun] : noun + " is not recorded";
    });
    var hint = nouns.map(function (noun) { return "\u201c" + noun.charAt(0).toUpperCase() + noun.slice(1) + " not recorded\u201d"; });
    return text + ". " + out.total + (out.total === 1 ? " more was" : " more were") +
      " left out only for lack of data: " +
      (nouns.length > 1 ? why.join(", ") : (out.total === 1 ? "its " : "their ") + why[0]) +
      ". Choose " + hint.join(" or ") + " to see " + (out.total === 1 ? "it" : "them") + ".";
  }

  // Links to the pages of the chosen values (copied from the lists to browse by), where the
  // people and organisations who worked on them are listed.
  function showMore(more, selects) {
    var sources = Array.prototype.slice.call(document.querySelectorAll("a[data-kb-facet]"));
    var links = [];
    selects.forEach(function (s) {
      var found = sources.filter(function (a) {
        return a.dataset.kbFacet === s.dataset.facet && a.dataset.kbValue === s.value;
      })[0];
      if (!found) return;
      var link = document.createElement("a");
      link.setAttribute("href", found.getAttribute("href"));
      link.textContent = found.textContent;
      links.push(link);
    });
    while (more.firstChild) more.removeChild(more.firstChild);
    more.hidden = !links.length;
    if (!links.length) return;
    more.appendChild(document.createTextNode("People and organisations behind your " + (links.length > 1 ? "choices" : "choice") + ": "));
    links.forEach(function (link, i) {
      if (i) more.appendChild(document.createTextNode(" · "));
      more.appendChild(link);
    });
  }

  function setUp() {
    var form = document.querySelector("form.kb-filters");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    form.hidden = false;
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-facet]"));
    var cards = Array.prototype.map.call(document.querySelectorAll(".kb-finder .kb-card"),
      function (card) { return read(card, selects); });
    var count = document.querySelector(".kb-finder-count");
    var more = document.querySelector(".kb-finder-more");
    var params = new URLSearchParams(window.location.search);
    selects.forEach(function (s) {
      var wanted = params.get(s.dataset.facet);
      if (wanted && Array.prototype.some.call(s.options, function (o) { return o.value === wanted; })) s.value = wanted;
    });
    function apply() {
      var shown = 0;
      var query = new URLSearchParams();
      cards.forEach(function (card) {
        var ok = matchesOthers(card, selects, null);
        card.el.hidden = !ok;
        if (ok) shown += 1;
      });
      selects.forEach(function (s) { if (s.value) query.set(s.dataset.facet, s.value); });
      recount(cards, selects);
      if (count) count.textContent = describe(shown, cards.length, leftOut(cards, selects));
      if (more) showMore(more, selects);
      var search = query.toString();
      history.replaceState(null, "", search ? "?" + search : window.location.pathname);
    }
    selects.forEach(function (s) { s.addEventListener("change", apply); });
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    apply();
  }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(setUp); }
  else { document.addEventListener("DOMContentLoaded", setUp); }
})();
