// Words as the validator reads them, for the "Propose a case study" form: ports of kb.names
// (fold, normalise_name, split_honorific, and the "did you mean" Suggester with difflib's
// SequenceMatcher inside it) and of kb.contrib.forgiving (dates and addresses as people type
// them). Each is checked against the Python it ports, in the browser
// (tests/browser/test_propose_helpful.py), so the form suggests what `kb validate` suggests.
//
// Nothing here touches the page: it only computes.
(function () {
  "use strict";

  // ---- kb.names.fold and normalise_name ----

  function fold(text) {
    var t = String(text).normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
    t = t.replace(/\u00df/g, "ss").replace(/['\u2019\u2018`\u00b4]/g, "").replace(/&/g, " and ");
    return t.replace(/[^a-z0-9]+/g, " ").trim().split(" ").filter(Boolean).join(" ");
  }

  function makeNormaliseName(honorifics) {
    var titles = {};
    honorifics.forEach(function (h) { titles[h] = true; });
    return function (text) {
      var words = fold(text).split(" ").filter(Boolean);
      while (words.length > 1 && titles[words[0]]) words.shift();
      return words.join(" ");
    };
  }

  // kb.names.split_honorific: ["Dr", "Jane Hollis"] from "Dr Jane Hollis"; both halves name
  // the same person as name matching sees it, or the name stays whole.
  function makeSplitHonorific(honorifics, normaliseName) {
    var alternatives = honorifics.slice().sort(function (a, b) { return b.length - a.length; });
    var leading = new RegExp("^\\s*((?:(?:" + alternatives.join("|") + ")(?:\\.\\s*|\\s+))+)", "i");
    return function (text) {
      text = String(text).split(/\s+/).filter(Boolean).join(" ");
      var m = leading.exec(text);
      var rest = m ? text.slice(m[0].length) : text;
      if (!m || !fold(rest) || normaliseName(rest) !== normaliseName(text)) return ["", text];
      return [m[1].trim(), rest];
    };
  }

  // ---- difflib.SequenceMatcher(None, a, b).ratio(), as CPython computes it ----

  function chainB(b) {
    var b2j = Object.create(null);
    for (var j = 0; j < b.length; j++) (b2j[b[j]] || (b2j[b[j]] = [])).push(j);
    if (b.length >= 200) {  // difflib's autojunk: "popular" characters are not matched on
      var most = Math.floor(b.length / 100) + 1;
      Object.keys(b2j).forEach(function (c) { if (b2j[c].length > most) delete b2j[c]; });
    }
    return b2j;
  }

  function longestMatch(a, b, b2j, alo, ahi, blo, bhi) {
    var besti = alo, bestj = blo, bestsize = 0, j2len = new Map();
    for (var i = alo; i < ahi; i++) {
      var next = new Map(), js = b2j[a[i]] || [];
      for (var t = 0; t < js.length; t++) {
        var j = js[t];
        if (j < blo) continue;
        if (j >= bhi) break;
        var k = (j2len.get(j - 1) || 0) + 1;
        next.set(j, k);
        if (k > bestsize) { besti = i - k + 1; bestj = j - k + 1; bestsize = k; }
      }
      j2len = next;
    }
    while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) { besti--; bestj--; bestsize++; }
    while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) bestsize++;
    return [besti, bestj, bestsize];
  }

  function ratio(a, b) {
    var b2j = chainB(b), matched = 0, queue = [[0, a.length, 0, b.length]];
    while (queue.length) {
      var q = queue.pop();
      var m = longestMatch(a, b, b2j, q[0], q[1], q[2], q[3]);
      if (!m[2]) continue;
      matched += m[2];
      if (q[0] < m[0] && q[2] < m[1]) queue.push([q[0], m[0], q[2], m[1]]);
      if (m[0] + m[2] < q[1] && m[1] + m[2] < q[3]) queue.push([m[0] + m[2], q[1], m[1] + m[2], q[3]]);
    }
    var length = a.length + b.length;
    return length ? 2.0 * matched / length : 1.0;
  }

  function counts(text) {
    var found = Object.create(null);
    for (var i = 0; i < text.length; i++) found[text[i]] = (found[text[i]] || 0) + 1;
    return found;
  }

  // The letters two texts share, as multisets (difflib's quick_ratio, before dividing).
  function shared(a, countsB) {
    var left = Object.create(null), common = 0;
    for (var i = 0; i < a.length; i++) {
      var c = a[i];
      var have = c in left ? left[c] : (countsB[c] || 0);
      left[c] = have - 1;
      if (have > 0) common++;
    }
    return common;
  }

  function chars(text) { return Array.from(String(text)).length; }

  // ---- kb.names.Suggester ----

  var MAX_COMPARED = 50;
  var MAX_SUGGEST_CHARS = 200;

  function byScore(x, y) {
    if (x[0] !== y[0]) return y[0] - x[0];
    return x[1] < y[1] ? 1 : x[1] > y[1] ? -1 : 0;
  }

  // choices: [[name, what the suggestion shows], ...], in the validator's order; key: how a
  // name is folded for comparison (fold, or normaliseName for people).
  function Suggester(choices, key) {
    this.key = key;
    this.byKey = Object.create(null);
    this.keys = [];
    for (var i = 0; i < choices.length; i++) {
      if (chars(choices[i][0]) > MAX_SUGGEST_CHARS) continue;
      var k = key(choices[i][0]);
      if (!(k in this.byKey)) { this.byKey[k] = choices[i][1]; this.keys.push(k); }
    }
  }

  // The closest choice to `value` scoring at least `cutoff` (what it shows), or null: the
  // same answer as kb.names.Suggester.suggest.
  Suggester.prototype.suggest = function (value, cutoff) {
    if (chars(value) > MAX_SUGGEST_CHARS) return null;
    var word = this.key(value);
    if (!word || !this.keys.length) return this.slow(word, cutoff);
    var countsWord = counts(word), bounds = [];
    for (var i = 0; i < this.keys.length; i++) {
      var text = this.keys[i];
      var bound = 2.0 * shared(text, countsWord) / (word.length + text.length);
      if (bound >= cutoff) bounds.push([bound, text]);
    }
    bounds.sort(byScore);
    var best = null;
    for (var n = 0; n < bounds.length && n < MAX_COMPARED; n++) {
      if (best && bounds[n][0] < best[0]) break;  // ratio <= quick_ratio: nothing can win
      var score = ratio(bounds[n][1], word);
      if (score >= cutoff && (!best || byScore([score, bounds[n][1]], best) < 0)) best = [score, bounds[n][1]];
    }
    return best ? this.byKey[best[1]] : null;
  };

  // difflib.get_close_matches(word, keys, n=1, cutoff), for an empty word.
  Suggester.prototype.slow = function (word, cutoff) {
    var best = null, countsWord = counts(word);
    for (var i = 0; i < this.keys.length; i++) {
      var text = this.keys[i], length = word.length + text.length;
      var real = length ? 2.0 * Math.min(word.length, text.length) / length : 1.0;
      var quick = length ? 2.0 * shared(text, countsWord) / length : 1.0;
      if (real < cutoff || quick < cutoff) continue;
      var score = ratio(text, word);
      if (score >= cutoff && (!best || byScore([score, text], best) < 0)) best = [score, text];
    }
    return best ? this.byKey[best[1]] : null;
  };

  // ---- kb.contrib.forgiving ----

  var MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december"];
  var ISO = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/;
  var DMY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
  var MY = /^(\d{1,2})[/.](\d{4})$|^(\d{4})[/.](\d{1,2})$/;
  var DAY_MONTH = /^(?:(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?)?([a-z]+)\.?,?\s+(\d{4})$/i;
  var MONTH_DAY = /^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/i;
  var BARE_HOST = /^(?:\/\/)?([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,})(?::\d+)?(?:[/?#]\S*)?$/i;

  function num(text) { return text === undefined ? null : parseInt(text, 10); }

  function monthOf(word) {
    word = word.toLowerCase();
    if (word.length < 3) return 0;
    for (var i = 0; i < MONTHS.length; i++) if (MONTHS[i].indexOf(word) === 0) return i + 1;
    return 0;
  }

  function readDate(text) {
    var m;
    if ((m = ISO.exec(text))) return [num(m[1]), num(m[2]), num(m[3])];
    if ((m = DMY.exec(text))) return [num(m[3]), num(m[2]), num(m[1])];
    if ((m = MY.exec(text))) return m[1] ? [num(m[2]), num(m[1]), null] : [num(m[3]), num(m[4]), null];
    if ((m = DAY_MONTH.exec(text)) && monthOf(m[2])) return [num(m[3]), monthOf(m[2]), num(m[1])];
    if ((m = MONTH_DAY.exec(text)) && monthOf(m[1])) return [num(m[3]), monthOf(m[1]), num(m[2])];
    return null;
  }

  function onCalendar(year, month, day) {
    if (year < 1000 || (day !== null && month === null)) return false;
    var mm = month === null ? 1 : month, dd = day === null ? 1 : day;
    if (mm < 1 || mm > 12 || dd < 1) return false;
    return dd <= new Date(Date.UTC(year, mm, 0)).getUTCDate();
  }

  function pad(n) { return ("0" + n).slice(-2); }

  // "March 2017" -> "2017-03"; null when it is not a date that can be read without guessing.
  function canonicalDate(text) {
    text = String(text).split(/\s+/).filter(Boolean).join(" ");
    if (text.toLowerCase() === "unknown") return "unknown";
    var found = readDate(text);
    if (!found || !onCalendar(found[0], found[1], found[2])) return null;
    return [String(found[0])].concat(found.slice(1).filter(function (n) { return n !== null; }).map(pad)).join("-");
  }

  // A bare host ("www.example.org/page") gets https:// in front; anything else as it was.
  function canonicalUrl(text) {
    text = String(text).trim();
    if (BARE_HOST.test(text) && text.indexOf("://") === -1) return "https://" + text.replace(/^\/\//, "");
    return text;
  }

  window.kbWords = {
    fold: fold, makeNormaliseName: makeNormaliseName, makeSplitHonorific: makeSplitHonorific,
    ratio: ratio, Suggester: Suggester, canonicalDate: canonicalDate, canonicalUrl: canonicalUrl
  };
})();
