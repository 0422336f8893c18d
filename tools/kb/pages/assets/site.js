// Progressive enhancement for the case-study finder: without this script the page shows every
// case study and static lists to browse by. Values are compared as text; nothing is parsed as HTML.
(function () {
  "use strict";
  function setUp() {
    var form = document.querySelector("form.kb-filters");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    form.hidden = false;
    var cards = Array.prototype.slice.call(document.querySelectorAll(".kb-finder .kb-card"));
    var count = document.querySelector(".kb-finder-count");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-facet]"));
    var params = new URLSearchParams(window.location.search);
    selects.forEach(function (s) {
      var wanted = params.get(s.dataset.facet);
      if (wanted && Array.prototype.some.call(s.options, function (o) { return o.value === wanted; })) s.value = wanted;
    });
    function apply() {
      var shown = 0;
      var query = new URLSearchParams();
      cards.forEach(function (card) {
        var ok = selects.every(function (s) {
          if (!s.value) return true;
          var values = (card.getAttribute("data-" + s.dataset.facet) || "").split(" ");
          return values.indexOf(s.value) !== -1;
        });
        card.hidden = !ok;
        if (ok) shown += 1;
      });
      selects.forEach(function (s) { if (s.value) query.set(s.dataset.facet, s.value); });
      if (count) count.textContent = shown + " of " + cards.length + " shown";
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
