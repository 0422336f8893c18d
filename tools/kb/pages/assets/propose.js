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

  // ---- Text, ids and YAML (the same rules as kb.names.slugify and kb.contrib.new_record) ----

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

  // ---- A JSON Schema checker for the keywords kb.json_schema generates ----
  //
  // The rules are not written here: the page carries the case-study schema that
  // kb.pages.propose builds with kb.json_schema, and this walks it. Only the keywords listed in
  // SCHEMA_KEYWORDS are understood; a schema using any other one is refused rather than
  // half-checked (tests/test_propose_script.py compares the list with what kb.json_schema emits).

  var SCHEMA_KEYWORDS = [
    "$schema", "title", "description", "examples", "errorMessage",
    "anyOf", "type", "enum", "minLength", "pattern", "minimum", "maximum",
    "minItems", "maxItems", "items", "required", "properties", "additionalProperties",
    "oneOf", "not", "if", "then"
  ];

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

  function hasAnyType(v, types) {
    return [].concat(types).some(function (t) { return hasType(v, t); });
  }

  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  function unknownKeyword(schema) {
    return Object.keys(schema).find(function (k) { return SCHEMA_KEYWORDS.indexOf(k) === -1; });
  }

  function checkSchema(schema, value, path, errors) {
    var unknown = unknownKeyword(schema);
    if (unknown) {
      errors.push({ path: path, message: null, keyword: unknown });
      return;
    }
    if (schema.anyOf) {
      checkAnyOf(schema, value, path, errors);
      return;
    }
    var message = schema.errorMessage || null;
    if (schema.type && !hasAnyType(value, schema.type)) {
      errors.push({ path: path, message: message, keyword: "type" });
      return;
    }
    if (schema.enum && !schema.enum.some(function (e) { return same(e, value); })) {
      errors.push({ path: path, message: message, keyword: "enum", value: value });
      return;
    }
    checkCombined(schema, value, path, errors);
    if (typeof value === "string") checkString(schema, value, path, errors);
    if (typeof value === "number") checkNumber(schema, value, path, errors);
    if (Array.isArray(value)) checkArray(schema, value, path, errors);
    if (typeOf(value) === "object") checkObject(schema, value, path, errors);
  }

  function passes(schema, value) {
    var found = [];
    checkSchema(schema, value, [], found);
    return !found.length;
  }

  // oneOf (exactly one passes), not (the schema must fail), if/then (when `if` passes, the
  // value must also pass `then`: an inferred claim needs a reason).
  function checkCombined(schema, value, path, errors) {
    var message = schema.errorMessage || null;
    if (schema.oneOf && schema.oneOf.filter(function (sub) { return passes(sub, value); }).length !== 1) {
      errors.push({ path: path, message: message, keyword: "oneOf" });
    }
    if (schema.not && passes(schema.not, value)) {
      errors.push({ path: path, message: message, keyword: "not" });
    }
    if (schema.if && schema.then && passes(schema.if, value)) {
      checkSchema(schema.then, value, path, errors);
    }
  }

  // Passes when one choice passes; otherwise reports the errors of the choice of the value's
  // type, so a person written as a mapping is told what is wrong with the mapping.
  function checkAnyOf(schema, value, path, errors) {
    var tries = schema.anyOf.map(function (sub) {
      var found = [];
      checkSchema(sub, value, path, found);
      return found;
    });
    if (tries.some(function (e) { return !e.length; })) return;
    var typed = schema.anyOf.findIndex(function (sub) {
      return sub.type && hasAnyType(value, sub.type);
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
  }

  function checkString(schema, value, path, errors) {
    var message = schema.errorMessage || null;
    if (schema.minLength && value.length < schema.minLength) {
      errors.push({ path: path, keyword: "minLength" });
    }
    if (schema.pattern && !new RegExp(schema.pattern).test(value)) {
      errors.push({ path: path, message: message, keyword: "pattern" });
    }
  }

  function checkNumber(schema, value, path, errors) {
    var message = schema.errorMessage || null;
    if (schema.minimum !== undefined && value < schema.minimum) {
      errors.push({ path: path, message: message, keyword: "minimum" });
    }
    if (schema.maximum !== undefined && value > schema.maximum) {
      errors.push({ path: path, message: message, keyword: "maximum" });
    }
  }

  function checkArray(schema, value, path, errors) {
    // Too few items reads as a missing field ("Enter a ..."), so it is reported as "required".
    if (schema.minItems && value.length < schema.minItems) errors.push({ path: path, keyword: "required" });
    if (schema.maxItems !== undefined && value.length > schema.maxItems) {
      errors.push({ path: path, message: schema.errorMessage || null, keyword: "maxItems" });
    }
    if (schema.items) {
      value.forEach(function (item, i) { checkSchema(schema.items, item, path.concat(i), errors); });
    }
  }

  function checkObject(schema, value, path, errors) {
    (schema.required || []).forEach(function (key) {
      if (!(key in value)) errors.push({ path: path.concat(key), keyword: "required" });
    });
    Object.keys(value).forEach(function (key) {
      var sub = (schema.properties || {})[key];
      if (sub) checkSchema(sub, value[key], path.concat(key), errors);
      else if (schema.additionalProperties === false) {
        errors.push({ path: path.concat(key), keyword: "additionalProperties" });
      }
    });
  }

  function schemaErrors(schema, value) {
    var errors = [];
    checkSchema(schema, value, [], errors);
    return errors;
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

  // ---- The form: its state ----
  //
  // One object, `ctx`, holds what the functions below share: the page's settings (config, from
  // kb.pages.propose), the elements they use, lookups from names to ids, and `current`, the
  // file as last built from the form.

  function byId(id) { return document.getElementById(id); }

  function listOf(nodes) { return Array.prototype.slice.call(nodes); }

  function makeContext(root) {
    var config = JSON.parse(byId("kb-propose-data").textContent);
    var fieldsByName = {};
    config.fields.forEach(function (f) { fieldsByName[f.name] = f; });
    return {
      config: config,
      form: byId("kb-propose-form"),
      preview: byId("kb-preview"),
      send: byId("kb-send"),
      fieldsByName: fieldsByName,
      schemaUrl: new URL(root.dataset.schemaUrl, window.location.href).href,
      newFileUrl: root.dataset.newFileUrl,
      lookups: vocabularyLookups(config.vocabulary),
      seminars: seminarLookup(config.vocabulary),
      current: { text: "", path: "", id: "", data: {} },
      lastAnnounced: "",
      announceTimer: null
    };
  }

  // Any id, name or alias of a theme, barrier, project, sector or source (folded) -> its id.
  function vocabularyLookups(vocabulary) {
    var lookups = {};
    ["themes", "barriers", "projects", "sectors", "sources"].forEach(function (kind) {
      var map = {};
      (vocabulary[kind] || []).forEach(function (e) {
        [e.id, e.name].concat(e.aliases || []).forEach(function (n) { map[fold(n)] = e.id; });
      });
      lookups[kind] = map;
    });
    return lookups;
  }

  // A seminar's id or title (folded) -> its id.
  function seminarLookup(vocabulary) {
    var seminars = {};
    (vocabulary.seminars || []).forEach(function (s) {
      seminars[fold(s.id)] = s.id;
      seminars[fold(s.title)] = s.id;
    });
    return seminars;
  }

  // ---- Reading the form ----

  function chosenKind(form) {
    var checked = form.querySelector("input[name=kind]:checked");
    return checked ? checked.value : "case-study";
  }

  function rowsOf(form, name) {
    return listOf(form.querySelectorAll("[data-row='" + name + "']"));
  }

  function inputText(input, isDate) {
    return isDate ? input.value.trim() : squash(input.value);
  }

  // A name typed for a theme, barrier, ... or seminar becomes its id when it is a known one.
  function mapValue(ctx, f, text) {
    if (ctx.lookups[f.vocabulary]) return ctx.lookups[f.vocabulary][fold(text)] || text;
    if (f.type === "record-list") return ctx.seminars[fold(text)] || text;
    return text;
  }

  // The form as the record's fields (`data`), which input each value came from (`where`, by
  // schema path such as "sources/0/title"), problems the schema cannot see (`extra`) and the
  // body's texts.
  function readForm(ctx) {
    var state = { data: { kind: chosenKind(ctx.form) }, where: {}, extra: [], texts: [] };
    ctx.config.fields.forEach(function (f) {
      if (f.name === "kind") return;
      if (f.list) readList(ctx, f, state);
      else readSingle(f, state);
    });
    state.texts = listOf(ctx.form.querySelectorAll("textarea[data-body]")).map(function (t) {
      return t.value;
    });
    return state;
  }

  function readSingle(f, state) {
    var input = byId("kb-f-" + f.name);
    var v = inputText(input, f.type === "date");
    if (v) state.data[f.name] = v;
    state.where[f.name] = input.id;
  }

  function readList(ctx, f, state) {
    var items = [];
    rowsOf(ctx.form, f.name).forEach(function (row) {
      var item = readRow(ctx, f, row, f.name + "/" + items.length, state);
      if (item !== undefined) items.push(item);
    });
    if (items.length) state.data[f.name] = items;
  }

  // One row of a list field: a value, a person (a name alone, or name, organisation and role)
  // or a source; undefined when the row is empty.
  function readRow(ctx, f, row, path, state) {
    var inputs = listOf(row.querySelectorAll("input[data-part]"));
    var parts = {};
    inputs.forEach(function (input) {
      var v = inputText(input, input.dataset.part === "date");
      if (v) parts[input.dataset.part] = v;
    });
    if (!Object.keys(parts).length) return undefined;
    if ("value" in parts) {
      state.where[path] = inputs[0].id;
      if (f.type === "record-list" && !ctx.seminars[fold(parts.value)]) {
        state.extra.push({ id: inputs[0].id, message: "\u201c" + parts.value + "\u201d is not one of the events listed; choose one from the suggestions." });
      }
      return mapValue(ctx, f, parts.value);
    }
    inputs.forEach(function (input) { state.where[path + "/" + input.dataset.part] = input.id; });
    state.where[path] = inputs[0].id;
    if (f.type === "source-list") return readSource(ctx, inputs, parts, state);
    if (f.type !== "person-list") return parts;
    if (!parts.name) state.extra.push({ id: inputs[0].id, message: "Give the person's name, or clear their organisation and role." });
    return Object.keys(parts).length === 1 && parts.name ? parts.name : parts;
  }

  // A source row: a registered source (its id, or its title, becomes the id) and where in it.
  function readSource(ctx, inputs, parts, state) {
    var id = parts.source ? ctx.lookups.sources[fold(parts.source)] : undefined;
    if (!parts.source) {
      state.extra.push({ id: inputs[0].id, message: "Choose the source, or clear where in it." });
    } else if (!id) {
      state.extra.push({ id: inputs[0].id, message: "\u201c" + parts.source + "\u201d is not one of the sources listed; choose one from the suggestions, or ask a maintainer to add it." });
    }
    var source = id || parts.source || "";
    return parts.locator ? { source: source, locator: parts.locator } : source;
  }

  // ---- The file and its preview ----

  // The id made from the title, with -2, -3, ... when a record already has it.
  function freeId(taken, base) {
    var id = base;
    for (var n = 2; taken.indexOf(id) !== -1; n++) id = base + "-" + n;
    return id;
  }

  function render(ctx) {
    var config = ctx.config;
    var state = readForm(ctx);
    var id = freeId(config.vocabulary.records || [], slugify(state.data.title || ""));
    var body = renderBody(config.body[state.data.kind], state.texts);
    ctx.current = { state: state, id: id, path: config.collection + "/" + id + ".md",
      text: renderFile(config.fields, state.data, body, ctx.schemaUrl) };
    ctx.preview.textContent = ctx.current.text;
    byId("kb-filename").textContent = ctx.current.path;
    announcePath(ctx);
    if (!ctx.send.hidden) refreshSend(ctx, false);
  }

  // Tells screen readers the file name once typing pauses, and only when it changed.
  function announcePath(ctx) {
    clearTimeout(ctx.announceTimer);
    ctx.announceTimer = setTimeout(function () {
      if (ctx.current.path !== ctx.lastAnnounced) {
        ctx.lastAnnounced = ctx.current.path;
        byId("kb-preview-status").textContent = "Preview updated: the file will be saved as " + ctx.current.path + ".";
      }
    }, 1200);
  }

  // ---- Checking the file ----

  // Every problem as { id of the input to fix, message }, each once.
  function problems(ctx) {
    var state = ctx.current.state;
    var found = schemaProblems(ctx, state).concat(state.extra);
    if (!state.data.sources) found.push({ id: "kb-f-sources-1-source", message: "Give at least one source: choose the document the facts come from." });
    found = found.concat(bodyProblems(ctx));
    if (!byId("kb-f-consent").checked) found.push({ id: "kb-f-consent", message: "Confirm that everyone named has agreed, and that nothing identifies a person who used a service." });
    return unique(found);
  }

  function schemaProblems(ctx, state) {
    return schemaErrors(ctx.config.schema, state.data).map(function (e) {
      return { id: inputFor(state.where, e), message: describe(ctx, e) };
    });
  }

  // The input a schema error points at: the value's own input, else its row's, else its field's.
  function inputFor(where, error) {
    var path = error.path;
    var row = path.slice(0, 2).join("/");
    var id = where[path.join("/")] || where[row] || where[path[0]] || ("kb-f-" + path[0] + "-1");
    if (path.length === 3 && error.keyword === "required") id = where[row] || id;
    return id;
  }

  function bodyProblems(ctx) {
    var unsafe = new RegExp(ctx.config.unsafeHtml, "i");
    var found = [];
    ctx.form.querySelectorAll("textarea[data-body]").forEach(function (t) {
      var m = unsafe.exec(t.value);
      if (m) found.push({ id: t.id, message: "Remove \u201c" + m[0].trim() + "\u201d: scripts, event handlers and javascript: links are not allowed." });
    });
    return found;
  }

  function unique(found) {
    var seen = {};
    return found.filter(function (p) {
      var key = p.id + "|" + p.message;
      if (seen[key]) return false;
      seen[key] = true;
      return true;
    });
  }

  // A schema error in words a contributor can act on.
  function describe(ctx, error) {
    var last = error.path[error.path.length - 1];
    var name = error.path[0];
    var f = ctx.fieldsByName[name];
    if (error.keyword === "required") {
      if (last === "source" && error.path.length > 1) return "Choose the source.";
      if (last === "name") return "Give the person's name.";
      return "Enter a " + (name === "title" ? "title" : String(last)) + ".";
    }
    if (error.keyword === "minLength") return "Enter a title.";
    if (error.keyword === "enum" && f && ctx.lookups[f.vocabulary]) {
      return "\u201c" + error.value + "\u201d is not in the list of " + f.vocabulary + "; choose one from the suggestions.";
    }
    var text = error.message || "This value is not valid.";
    if (last === "date") text += dateHint(String(valueAt(ctx.current.state.data, error.path) || "").trim());
    return text;
  }

  function valueAt(data, path) {
    return path.reduce(function (v, k) { return v === undefined ? v : v[k]; }, data);
  }

  // ---- The error summary ----

  // What the summary calls an input: its label, its legend for checkboxes, and the row's legend
  // before it for a person or a source ("Source 1: title").
  function labelFor(form, id) {
    var input = byId(id);
    if (!input) return "";
    if (input.type === "checkbox") return input.closest("fieldset").querySelector("legend").textContent.trim();
    var label = form.querySelector("label[for='" + id + "']");
    var text = label ? label.textContent.replace("(required)", "").trim() : id;
    var group = input.closest("fieldset.kb-row-group");
    if (group) text = group.querySelector("legend").textContent.trim() + ": " + text.toLowerCase();
    return text;
  }

  function clearErrors(form) {
    form.querySelectorAll("[aria-invalid]").forEach(function (n) { n.removeAttribute("aria-invalid"); });
    form.querySelectorAll(".kb-error-text").forEach(function (p) { p.hidden = true; p.textContent = ""; });
    byId("kb-errors").hidden = true;
    byId("kb-errors-list").textContent = "";
  }

  function showErrors(ctx, found) {
    clearErrors(ctx.form);
    var list = byId("kb-errors-list");
    found.forEach(function (p) {
      markInput(p);
      list.appendChild(summaryItem(ctx.form, p));
    });
    var box = byId("kb-errors");
    byId("kb-errors-heading").textContent = found.length === 1 ? "There is a problem" : "There are " + found.length + " problems";
    box.hidden = false;
    box.focus();
  }

  // The message beside the input, which is marked invalid.
  function markInput(p) {
    var input = byId(p.id);
    if (input) input.setAttribute("aria-invalid", "true");
    var slot = byId(p.id + "-error");
    if (slot) {
      slot.hidden = false;
      slot.textContent = slot.textContent ? slot.textContent + " " + p.message : p.message;
    }
  }

  // A line of the summary, linking to the input.
  function summaryItem(form, p) {
    var input = byId(p.id);
    var item = document.createElement("li");
    var a = document.createElement("a");
    a.href = "#" + p.id;
    a.textContent = labelFor(form, p.id) + ": " + p.message;
    a.addEventListener("click", function (event) {
      event.preventDefault();
      if (input) input.focus();
    });
    item.appendChild(a);
    return item;
  }

  // ---- Sending the file ----

  function githubUrl(ctx) {
    if (!ctx.newFileUrl) return null;
    return ctx.newFileUrl + "?filename=" + ctx.current.path + "&value=" + encodeURIComponent(ctx.current.text);
  }

  // Shows how to send the file when it has no problems; says so and hides it otherwise.
  function refreshSend(ctx, announce) {
    if (problems(ctx).length) {
      ctx.send.hidden = true;
      byId("kb-preview-status").textContent = "You changed the form: press \u201cCheck and prepare the file\u201d again.";
      return false;
    }
    var status = byId("kb-send-status");
    var message = prepareLink(ctx);
    if (announce || status.textContent !== message) status.textContent = message;
    return true;
  }

  // Points the GitHub link at the file (or, when the file is too long for a link, at an empty
  // new file) and returns what to tell the contributor.
  function prepareLink(ctx) {
    var path = ctx.current.path;
    var link = byId("kb-github-link");
    var url = githubUrl(ctx);
    if (link && url && url.length <= ctx.config.maxUrl) {
      link.href = url;
      link.textContent = "Open GitHub with this file filled in";
      return "Your file is ready: " + path + ". Open GitHub to propose it, or copy or download it.";
    }
    if (link && url) {
      link.href = ctx.newFileUrl + "?filename=" + path;
      link.textContent = "Open GitHub\u2019s new-file page";
      return "Your file is ready, but too long to fill in through a link. Copy or download it, open GitHub\u2019s new-file page, and paste it there.";
    }
    return "Your file is ready: " + path + ". Copy or download it and send it to the maintainers.";
  }

  function submit(ctx, event) {
    event.preventDefault();
    render(ctx);
    var found = problems(ctx);
    if (found.length) {
      ctx.send.hidden = true;
      showErrors(ctx, found);
      return;
    }
    clearErrors(ctx.form);
    ctx.send.hidden = false;
    refreshSend(ctx, true);
    ctx.send.focus();
  }

  function copyFile(ctx) {
    var status = byId("kb-send-status");
    var done = function () { status.textContent = "Copied. Paste it into a new file named " + ctx.current.path + "."; };
    var fallback = function () { selectPreview(ctx); };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(ctx.current.text).then(done, fallback);
    else fallback();
  }

  // Without the clipboard, select the preview so that the contributor can copy it.
  function selectPreview(ctx) {
    var range = document.createRange();
    range.selectNodeContents(ctx.preview);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    ctx.preview.focus();
    byId("kb-send-status").textContent = "The file is selected in the preview: press Control+C (or Command+C) to copy it.";
  }

  function downloadFile(ctx) {
    var blob = new Blob([ctx.current.text], { type: "text/markdown;charset=utf-8" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = ctx.current.id + ".md";
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
    byId("kb-send-status").textContent = "Downloaded " + ctx.current.id + ".md. Add it to the " + ctx.config.collection + " folder.";
  }

  // ---- Changing the form: the kind, "Add another" and "Remove" ----

  // The body's headings and prompts follow the kind of account chosen.
  function relabelBody(ctx) {
    ctx.config.body[chosenKind(ctx.form)].forEach(function (section, i) {
      var label = ctx.form.querySelector("[data-body-label='" + i + "']");
      var hint = ctx.form.querySelector("[data-body-hint='" + i + "']");
      if (label) label.textContent = section[0];
      if (hint) hint.textContent = section[1];
    });
  }

  // Numbers a list field's rows 1, 2, ... again, with the ids, labels and descriptions that go
  // with the numbers; "Remove" shows only when there is more than one row.
  function renumber(form, name) {
    var rows = rowsOf(form, name);
    rows.forEach(function (row, i) {
      var n = i + 1;
      row.querySelectorAll(".kb-n").forEach(function (s) { s.textContent = String(n); });
      row.querySelectorAll("input[data-part]").forEach(function (input) { renumberInput(name, n, input); });
      row.querySelector("[data-remove]").hidden = rows.length < 2;
    });
  }

  function renumberInput(name, n, input) {
    var part = input.dataset.part;
    var id = "kb-f-" + name + "-" + n + (part === "value" ? "" : "-" + part);
    var box = input.parentElement;
    var label = box.querySelector("label");
    var slot = box.querySelector(".kb-error-text");
    input.id = id;
    if (label) label.setAttribute("for", id);
    if (slot) slot.id = id + "-error";
    input.setAttribute("aria-describedby", part === "value" ? "kb-f-" + name + "-hint " + id + "-error" : id + "-error");
  }

  function addRow(ctx, name) {
    var rows = rowsOf(ctx.form, name);
    var copy = rows[0].cloneNode(true);
    copy.querySelectorAll("input").forEach(function (input) { input.value = ""; input.removeAttribute("aria-invalid"); });
    copy.querySelectorAll(".kb-error-text").forEach(function (p) { p.hidden = true; p.textContent = ""; });
    rows[rows.length - 1].after(copy);
    renumber(ctx.form, name);
    copy.querySelector("input").focus();
    render(ctx);
  }

  // Removes a row and moves the focus to the row before it (or the first).
  function removeRow(ctx, button) {
    var row = button.closest("[data-row]");
    var field = button.dataset.remove;
    var index = rowsOf(ctx.form, field).indexOf(row);
    row.remove();
    renumber(ctx.form, field);
    var left = rowsOf(ctx.form, field);
    left[Math.max(0, index - 1)].querySelector("input").focus();
    byId("kb-preview-status").textContent = "Removed. " + left.length + " left.";
    render(ctx);
  }

  function click(ctx, event) {
    var add = event.target.closest("[data-add]");
    var remove = event.target.closest("[data-remove]");
    if (add) addRow(ctx, add.dataset.add);
    else if (remove) removeRow(ctx, remove);
  }

  // ---- Setting up ----

  function setUp() {
    var root = byId("kb-propose");
    if (!root || root.dataset.ready) return;
    root.dataset.ready = "1";
    var ctx = makeContext(root);
    var form = ctx.form;
    form.addEventListener("input", function () { render(ctx); });
    form.addEventListener("change", function (event) {
      if (event.target.name === "kind") relabelBody(ctx);
      render(ctx);
    });
    form.addEventListener("submit", function (event) { submit(ctx, event); });
    form.addEventListener("click", function (event) { click(ctx, event); });
    byId("kb-copy").addEventListener("click", function () { copyFile(ctx); });
    byId("kb-download").addEventListener("click", function () { downloadFile(ctx); });
    render(ctx);
  }

  // Exposed for tests: the same text rules as the Python side.
  window.kbPropose = {
    slugify: slugify, fold: fold, scalar: scalar, renderFile: renderFile,
    accepts: function (schema, value) { return !schemaErrors(schema, value).length; }
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
