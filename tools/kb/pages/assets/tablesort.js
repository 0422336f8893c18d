// Sortable tables, as progressive enhancement: without this script each table reads in the
// order the page gives. With it, every column heading of a table inside .kb-sortable becomes a
// button (reachable with Tab, pressed with Enter or Space) that sorts the rows by that column;
// the heading's aria-sort says the order and a status line announces it. Cells are compared as
// numbers when they read as numbers ("12", "+0.87", "=3"), else as text; "not known" and
// other cells without a number always go last. Nothing is parsed as HTML: rows are moved, not
// rebuilt.
(function () {
  "use strict";
  var NUMBER = /^[=]?\s*([+\-\u2212]?\d+(?:\.\d+)?)/;

  function key(cell) {
    var text = (cell.textContent || "").trim();
    var match = NUMBER.exec(text);
    return { text: text, number: match ? parseFloat(match[1].replace("\u2212", "-")) : null };
  }

  function numeric(rows, column) {
    var numbers = 0, texts = 0;
    rows.forEach(function (row) {
      var cell = row.cells[column];
      if (!cell) return;
      var k = key(cell);
      if (k.number !== null) numbers += 1;
      else if (k.text && !/^(not known|none|no ties|-|\u2014)/i.test(k.text)) texts += 1;
    });
    return numbers > 0 && texts === 0;
  }

  function compare(column, asNumber, direction) {
    return function (a, b) {
      var ka = key(a.cells[column]), kb = key(b.cells[column]);
      if (asNumber) {
        if (ka.number === null || kb.number === null) {
          return (ka.number === null) - (kb.number === null);  // unknowns last, either way
        }
        return direction * (ka.number - kb.number);
      }
      return direction * ka.text.localeCompare(kb.text, undefined, { numeric: true, sensitivity: "base" });
    };
  }

  function sortBy(table, headings, index, status) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var current = headings[index].getAttribute("aria-sort");
    var direction = current === "ascending" ? -1 : 1;
    rows.sort(compare(index, numeric(rows, index), direction));
    rows.forEach(function (row) { body.appendChild(row); });
    headings.forEach(function (th, i) {
      if (i === index) th.setAttribute("aria-sort", direction === 1 ? "ascending" : "descending");
      else th.removeAttribute("aria-sort");
    });
    status.textContent = "Sorted by " + headings[index].textContent.trim() + ", " +
      (direction === 1 ? "ascending" : "descending") + ".";
  }

  function enhance(table) {
    if (table.dataset.kbSortable || !table.tHead || !table.tBodies.length) return;
    table.dataset.kbSortable = "1";
    var headings = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var status = document.createElement("p");
    status.className = "kb-sortable__status kb-visually-hidden";
    status.setAttribute("role", "status");
    table.parentNode.insertBefore(status, table.nextSibling);
    headings.forEach(function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "kb-sortable__button";
      while (th.firstChild) button.appendChild(th.firstChild);
      var mark = document.createElement("span");
      mark.className = "kb-sortable__mark";
      mark.setAttribute("aria-hidden", "true");
      button.appendChild(mark);
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, headings, index, status); });
    });
  }

  function setUp() {
    document.querySelectorAll(".kb-sortable table").forEach(enhance);
  }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(setUp);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
