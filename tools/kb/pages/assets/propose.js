// The "Propose a case study" form: builds the Markdown file in the browser, shows it, checks
// it against the case-study JSON Schema (the one editors use), and opens GitHub's "new file"
// page with the file filled in. No server, nothing loaded from elsewhere.
//
// Safety: values typed into the form only ever reach the page as text (textContent, value,
// setAttribute on ids we make); nothing here parses HTML.
(function () {
  "use strict";

  var PLAIN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
  var YAML_WORDS = ["y", "n", "yes", "no", "on", "off", "true", "false", "null"];
  var MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december"];

  // ---- Text, ids and YAML (the same rules as kb.names.slugify and kb.new) ----

  function squash(text) {
    return String(text || "").split(/\s+/).filter(Boolean).join(" ");
  }

  function fold(text) {
    var t = String(text).normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
    t = t.replace(/\u00df/g, "ss").replace(/['\u2019\u2018`\u00b4]/g, "").replace(/&/g, " and ");
    return t.replace(/[^a-z0-9]+/g, " ").trim().split(" ").filter(Boolean).join(" ");
  }

  function slugify(text, limit) {
    limit = limit || 60;
    var slug = fold(text).split(" ").filter(Boolean).join("-");
    if (slug.length > limit) {
      var cut = slug.slice(0, limit);
      var at = cut.lastIndexOf("-");
      slug = (at > 0 ? cut.slice(0, at) : "") || cut;
    }
    slug = slug.replace(/^-+|-+$/g, "");
    return slug || "untitled";
  }

  function wellFormed(text) {
    return String(text).replace(/[\ud800-\udbff](?![\udc00-\udfff])|(^|[^\ud800-\udbff])[\udc00-\udfff]/g,
      function (m, before) { return (before || "") + "\ufffd"; });
  }

  function quote(text) {
    // A JSON string is a YAML double-quoted scalar; escape what YAML would fold or refuse.
    return JSON.stringify(wellFormed(text)).replace(/[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g,
      function (c) { return "\\u" + ("000" + c.charCodeAt(0).toString(16)).slice(-4); });
  }

  function scalar(value) {
    if (typeof value === "number") return String(value);
    if (PLAIN.test(value) && YAML_WORDS.indexOf(value) === -1) return value;
    return quote(value);
  }

  function yamlField(name, value) {
    if (!Array.isArray(value)) return name + ": " + scalar(value);
    var lines = [name + ":"];
    value.forEach(function (item) {
      if (item !== null && typeof item === "object") {
        Object.keys(item).forEach(function (key, i) {
          lines.push((i === 0 ? "  - " : "    ") + key + ": " + scalar(item[key]));
        });
      } else {
        lines.push("  - " + scalar(item));
      }
    });
    return lines.join("\n");
  }

  function renderBody(sections, texts) {
    return sections.map(function (section, i) {
      var text = (texts[i] || "").replace(/\r\n?/g, "\n").trim();
      return "## " + section[0] + "\n\n" + (text || "<!-- " + section[1] + " -->") + "\n";
    }).join("\n");
  }

  function renderFile(fields, data, body, schemaUrl) {
    var lines = ["---", "# yaml-language-server: $schema=" + schemaUrl];
    fields.forEach(function (f) {
      var v = data[f.name];
      if (v === undefined || v === "" || (Array.isArray(v) && !v.length)) return;
      lines.push(yamlField(f.name, v));
    });
    lines.push("---", "", body.trim());
    return lines.join("\n") + "\n";
  }

  // ---- A small JSON Schema checker for the keywords kb.jsonschema generates ----

  function typeOf(v) {
    if (v === null) return "null";
    if (Array.isArray(v)) return "array";
    if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
    return typeof v;
  }

  function hasType(v, type) {
    var t = typeOf(v);
    return t === type || (type === "number" && t === "integer");
  }

  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  function checkSchema(schema, value, path, errors) {
    if (schema.anyOf) {
      var tries = schema.anyOf.map(function (sub) {
        var found = [];
        checkSchema(sub, value, path, found);
        return found;
      });
      if (tries.some(function (e) { return !e.length; })) return;
      var typed = schema.anyOf.findIndex(function (sub) {
        return sub.type && [].concat(sub.type).some(function (t) { return hasType(value, t); });
      });
      var explained = [].concat.apply([], tries).filter(function (e) { return e.message; });
      if (schema.errorMessage) {
        errors.push({ path: path, message: schema.errorMessage, keyword: "anyOf" });
      } else if (typed !== -1) {
        tries[typed].forEach(function (e) { errors.push(e); });
      } else if (explained.length) {
        errors.push(explained[0]);
      } else {
        errors.push({ path: path, message: null, keyword: "anyOf" });
      }
      return;
    }
    var message = schema.errorMessage || null;
    if (schema.type && ![].concat(schema.type).some(function (t) { return hasType(value, t); })) {
      errors.push({ path: path, message: message, keyword: "type" });
      return;
    }
    if (schema.enum && !schema.enum.some(function (e) { return same(e, value); })) {
      errors.push({ path: path, message: message, keyword: "enum", value: value });
      return;
    }
    if (typeof value === "string") {
      if (schema.minLength && value.length < schema.minLength) errors.push({ path: path, keyword: "minLength" });
      if (schema.pattern && !new RegExp(schema.pattern).test(value)) errors.push({ path: path, message: message, keyword: "pattern" });
    }
    if (typeof value === "number") {
      if (schema.minimum !== undefined && value < schema.minimum) errors.push({ path: path, message: message, keyword: "minimum" });
      if (schema.maximum !== undefined && value > schema.maximum) errors.push({ path: path, message: message, keyword: "maximum" });
    }
    if (Array.isArray(value)) {
      if (schema.minItems && value.length < schema.minItems) errors.push({ path: path, keyword: "required" });
      if (schema.maxItems !== undefined && value.length > schema.maxItems) errors.push({ path: path, message: message, keyword: "maxItems" });
      if (schema.items) value.forEach(function (item, i) { checkSchema(schema.items, item, path.concat(i), errors); });
    }
    if (typeOf(value) === "object") {
      (schema.required || []).forEach(function (key) {
        if (!(key in value)) errors.push({ path: path.concat(key), keyword: "required" });
      });
      Object.keys(value).forEach(function (key) {
        var sub = (schema.properties || {})[key];
        if (sub) checkSchema(sub, value[key], path.concat(key), errors);
        else if (schema.additionalProperties === false) errors.push({ path: path.concat(key), keyword: "additionalProperties" });
      });
    }
  }

  function dateHint(text) {
    var m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(text);
    var pad = function (n) { return ("0" + n).slice(-2); };
    if (m && +m[2] >= 1 && +m[2] <= 12) return " For " + text + " (day/month/year) write " + m[3] + "-" + pad(m[2]) + "-" + pad(m[1]) + ".";
    m = /^(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?([a-z]+)\s+(\d{4})$/i.exec(text);
    if (m && MONTHS.indexOf(m[2].toLowerCase()) !== -1) {
      return " For " + text + " write " + m[3] + "-" + pad(MONTHS.indexOf(m[2].toLowerCase()) + 1) + (m[1] ? "-" + pad(m[1]) : "") + ".";
    }
    return "";
  }

  // ---- The form ----

  function setUp() {
    var root = document.getElementById("kb-propose");
    if (!root || root.dataset.ready) return;
    root.dataset.ready = "1";
    var config = JSON.parse(document.getElementById("kb-propose-data").textContent);
    var form = document.getElementById("kb-propose-form");
    var el = function (id) { return document.getElementById(id); };
    var preview = el("kb-preview");
    var send = el("kb-send");
    var fieldsByName = {};
    config.fields.forEach(function (f) { fieldsByName[f.name] = f; });
    var schemaUrl = new URL(root.dataset.schemaUrl, window.location.href).href;
    var newFileUrl = root.dataset.newFileUrl;
    var lookups = {};
    ["themes", "barriers", "projects", "sectors"].forEach(function (kind) {
      var map = {};
      (config.vocabulary[kind] || []).forEach(function (e) {
        [e.id, e.name].concat(e.aliases || []).forEach(function (n) { map[fold(n)] = e.id; });
      });
      lookups[kind] = map;
    });
    var seminars = {};
    (config.vocabulary.seminars || []).forEach(function (s) {
      seminars[fold(s.id)] = s.id;
      seminars[fold(s.title)] = s.id;
    });
    var current = { text: "", path: "", id: "", data: {} };
    var lastAnnounced = "";
    var announceTimer = null;

    function kind() {
      var checked = form.querySelector("input[name=kind]:checked");
      return checked ? checked.value : "case-study";
    }

    function rowsOf(name) {
      return Array.prototype.slice.call(form.querySelectorAll("[data-row='" + name + "']"));
    }

    function mapValue(f, text) {
      if (lookups[f.vocabulary]) return lookups[f.vocabulary][fold(text)] || text;
      if (f.type === "record-list") return seminars[fold(text)] || text;
      return text;
    }

    // Read the form into the record's fields, remembering which input each value came from.
    function read() {
      var data = { kind: kind() };
      var where = {};
      var extra = [];
      config.fields.forEach(function (f) {
        if (f.name === "kind") return;
        if (!f.list) {
          var input = el("kb-f-" + f.name);
          var v = f.type === "date" ? input.value.trim() : squash(input.value);
          if (v) data[f.name] = v;
          where[f.name] = input.id;
          return;
        }
        var items = [];
        rowsOf(f.name).forEach(function (row) {
          var inputs = Array.prototype.slice.call(row.querySelectorAll("input[data-part]"));
          var parts = {};
          inputs.forEach(function (input) {
            var v = input.dataset.part === "date" ? input.value.trim() : squash(input.value);
            if (v) parts[input.dataset.part] = v;
          });
          var path = f.name + "/" + items.length;
          if (!Object.keys(parts).length) return;
          if ("value" in parts) {
            items.push(mapValue(f, parts.value));
            where[path] = inputs[0].id;
            if (f.type === "record-list" && !seminars[fold(parts.value)]) {
              extra.push({ id: inputs[0].id, message: "\u201c" + parts.value + "\u201d is not one of the events listed; choose one from the suggestions." });
            }
            return;
          }
          inputs.forEach(function (input) { where[path + "/" + input.dataset.part] = input.id; });
          where[path] = inputs[0].id;
          if (f.type === "person-list") {
            if (!parts.name) extra.push({ id: inputs[0].id, message: "Give the person's name, or clear their organisation and role." });
            items.push(Object.keys(parts).length === 1 && parts.name ? parts.name : parts);
          } else {
            items.push(parts);
          }
        });
        if (items.length) data[f.name] = items;
      });
      var texts = Array.prototype.slice.call(form.querySelectorAll("textarea[data-body]")).map(function (t) {
        return t.value;
      });
      return { data: data, where: where, extra: extra, texts: texts };
    }

    function freeId(base) {
      var taken = config.vocabulary.records || [];
      var id = base;
      for (var n = 2; taken.indexOf(id) !== -1; n++) id = base + "-" + n;
      return id;
    }

    function render() {
      var state = read();
      var id = freeId(slugify(state.data.title || ""));
      var body = renderBody(config.body[state.data.kind], state.texts);
      current = { state: state, id: id, path: config.collection + "/" + id + ".md",
        text: renderFile(config.fields, state.data, body, schemaUrl) };
      preview.textContent = current.text;
      el("kb-filename").textContent = current.path;
      clearTimeout(announceTimer);
      announceTimer = setTimeout(function () {
        if (current.path !== lastAnnounced) {
          lastAnnounced = current.path;
          el("kb-preview-status").textContent = "Preview updated: the file will be saved as " + current.path + ".";
        }
      }, 1200);
      if (!send.hidden) refreshSend(false);
    }

    function labelFor(id) {
      var input = el(id);
      if (!input) return "";
      if (input.type === "checkbox") return input.closest("fieldset").querySelector("legend").textContent.trim();
      var label = form.querySelector("label[for='" + id + "']");
      var text = label ? label.textContent.replace("(required)", "").trim() : id;
      var group = input.closest("fieldset.kb-row-group");
      if (group) text = group.querySelector("legend").textContent.trim() + ": " + text.toLowerCase();
      return text;
    }

    function describe(error) {
      var last = error.path[error.path.length - 1];
      var name = error.path[0];
      var f = fieldsByName[name];
      if (error.keyword === "required") {
        if (last === "title" && error.path.length > 1) return "Give the source's title: what was published.";
        if (last === "name") return "Give the person's name.";
        return "Enter a " + (name === "title" ? "title" : String(last)) + ".";
      }
      if (error.keyword === "minLength") return "Enter a title.";
      if (error.keyword === "enum" && f && lookups[f.vocabulary]) {
        return "\u201c" + error.value + "\u201d is not in the list of " + f.vocabulary + "; choose one from the suggestions.";
      }
      var text = error.message || "This value is not valid.";
      if (last === "date") {
        var value = error.path.reduce(function (v, k) { return v === undefined ? v : v[k]; }, current.state.data);
        text += dateHint(String(value || "").trim());
      }
      return text;
    }

    function problems() {
      var state = current.state;
      var found = [];
      var errors = [];
      checkSchema(config.schema, state.data, [], errors);
      errors.forEach(function (e) {
        var key = e.path.join("/");
        var id = state.where[key] || state.where[e.path.slice(0, 2).join("/")] || state.where[e.path[0]] || ("kb-f-" + e.path[0] + "-1");
        if (e.path.length === 3 && e.keyword === "required") id = state.where[e.path.slice(0, 2).join("/")] || id;
        found.push({ id: id, message: describe(e) });
      });
      found = found.concat(state.extra);
      if (!state.data.sources) found.push({ id: "kb-f-sources-1-title", message: "Give at least one source: who published what, and when." });
      var unsafe = new RegExp(config.unsafeHtml, "i");
      form.querySelectorAll("textarea[data-body]").forEach(function (t) {
        var m = unsafe.exec(t.value);
        if (m) found.push({ id: t.id, message: "Remove \u201c" + m[0].trim() + "\u201d: scripts, event handlers and javascript: links are not allowed." });
      });
      if (!el("kb-f-consent").checked) found.push({ id: "kb-f-consent", message: "Confirm that everyone named has agreed, and that nothing identifies a person who used a service." });
      var seen = {};
      return found.filter(function (p) {
        var key = p.id + "|" + p.message;
        if (seen[key]) return false;
        seen[key] = true;
        return true;
      });
    }

    function clearErrors() {
      form.querySelectorAll("[aria-invalid]").forEach(function (n) { n.removeAttribute("aria-invalid"); });
      form.querySelectorAll(".kb-error-text").forEach(function (p) { p.hidden = true; p.textContent = ""; });
      el("kb-errors").hidden = true;
      el("kb-errors-list").textContent = "";
    }

    function showErrors(found) {
      clearErrors();
      var list = el("kb-errors-list");
      found.forEach(function (p) {
        var input = el(p.id);
        if (input) input.setAttribute("aria-invalid", "true");
        var slot = el(p.id + "-error");
        if (slot) {
          slot.hidden = false;
          slot.textContent = slot.textContent ? slot.textContent + " " + p.message : p.message;
        }
        var item = document.createElement("li");
        var a = document.createElement("a");
        a.href = "#" + p.id;
        a.textContent = labelFor(p.id) + ": " + p.message;
        a.addEventListener("click", function (event) {
          event.preventDefault();
          if (input) input.focus();
        });
        item.appendChild(a);
        list.appendChild(item);
      });
      var box = el("kb-errors");
      el("kb-errors-heading").textContent = found.length === 1 ? "There is a problem" : "There are " + found.length + " problems";
      box.hidden = false;
      box.focus();
    }

    function githubUrl() {
      if (!newFileUrl) return null;
      return newFileUrl + "?filename=" + current.path + "&value=" + encodeURIComponent(current.text);
    }

    function refreshSend(announce) {
      var found = problems();
      var status = el("kb-send-status");
      if (found.length) {
        send.hidden = true;
        el("kb-preview-status").textContent = "You changed the form: press \u201cCheck and prepare the file\u201d again.";
        return false;
      }
      var link = el("kb-github-link");
      var url = githubUrl();
      var message;
      if (link && url && url.length <= config.maxUrl) {
        link.href = url;
        link.textContent = "Open GitHub with this file filled in";
        message = "Your file is ready: " + current.path + ". Open GitHub to propose it, or copy or download it.";
      } else if (link && url) {
        link.href = newFileUrl + "?filename=" + current.path;
        link.textContent = "Open GitHub\u2019s new-file page";
        message = "Your file is ready, but too long to fill in through a link. Copy or download it, open GitHub\u2019s new-file page, and paste it there.";
      } else {
        message = "Your file is ready: " + current.path + ". Copy or download it and send it to the maintainers.";
      }
      if (announce || status.textContent !== message) status.textContent = message;
      return true;
    }

    form.addEventListener("input", render);
    form.addEventListener("change", function (event) {
      if (event.target.name === "kind") {
        config.body[kind()].forEach(function (section, i) {
          var label = form.querySelector("[data-body-label='" + i + "']");
          var hint = form.querySelector("[data-body-hint='" + i + "']");
          if (label) label.textContent = section[0];
          if (hint) hint.textContent = section[1];
        });
      }
      render();
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      render();
      var found = problems();
      if (found.length) {
        send.hidden = true;
        showErrors(found);
        return;
      }
      clearErrors();
      send.hidden = false;
      refreshSend(true);
      send.focus();
    });

    // "Add another" and "Remove" for list fields.
    function renumber(name) {
      var rows = rowsOf(name);
      rows.forEach(function (row, i) {
        var n = i + 1;
        row.querySelectorAll(".kb-n").forEach(function (s) { s.textContent = String(n); });
        row.querySelectorAll("input[data-part]").forEach(function (input) {
          var part = input.dataset.part;
          var id = "kb-f-" + name + "-" + n + (part === "value" ? "" : "-" + part);
          var box = input.parentElement;
          var label = box.querySelector("label");
          var slot = box.querySelector(".kb-error-text");
          input.id = id;
          if (label) label.setAttribute("for", id);
          if (slot) slot.id = id + "-error";
          var described = part === "value" ? "kb-f-" + name + "-hint " + id + "-error" : id + "-error";
          input.setAttribute("aria-describedby", described);
        });
        var remove = row.querySelector("[data-remove]");
        remove.hidden = rows.length < 2;
      });
    }

    form.addEventListener("click", function (event) {
      var add = event.target.closest("[data-add]");
      var remove = event.target.closest("[data-remove]");
      if (add) {
        var name = add.dataset.add;
        var rows = rowsOf(name);
        var copy = rows[0].cloneNode(true);
        copy.querySelectorAll("input").forEach(function (input) { input.value = ""; input.removeAttribute("aria-invalid"); });
        copy.querySelectorAll(".kb-error-text").forEach(function (p) { p.hidden = true; p.textContent = ""; });
        rows[rows.length - 1].after(copy);
        renumber(name);
        copy.querySelector("input").focus();
        render();
      } else if (remove) {
        var row = remove.closest("[data-row]");
        var field = remove.dataset.remove;
        var others = rowsOf(field);
        var index = others.indexOf(row);
        row.remove();
        renumber(field);
        var left = rowsOf(field);
        left[Math.max(0, index - 1)].querySelector("input").focus();
        el("kb-preview-status").textContent = "Removed. " + left.length + " left.";
        render();
      }
    });

    el("kb-copy").addEventListener("click", function () {
      var status = el("kb-send-status");
      var done = function () { status.textContent = "Copied. Paste it into a new file named " + current.path + "."; };
      var fallback = function () {
        var range = document.createRange();
        range.selectNodeContents(preview);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        preview.focus();
        status.textContent = "The file is selected in the preview: press Control+C (or Command+C) to copy it.";
      };
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(current.text).then(done, fallback);
      else fallback();
    });

    el("kb-download").addEventListener("click", function () {
      var blob = new Blob([current.text], { type: "text/markdown;charset=utf-8" });
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = current.id + ".md";
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
      el("kb-send-status").textContent = "Downloaded " + current.id + ".md. Add it to the " + config.collection + " folder.";
    });

    render();
  }

  // Exposed for tests: the same text rules as the Python side.
  window.kbPropose = {
    slugify: slugify, fold: fold, scalar: scalar, renderFile: renderFile,
    accepts: function (schema, value) { var e = []; checkSchema(schema, value, [], e); return !e.length; }
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
