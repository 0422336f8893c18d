// The "Propose a case study" form: builds the Markdown file in the browser, shows it, checks it
// as you type against the case-study JSON Schema (the one editors use) and the vocabularies and
// "did you mean" rules of `kb validate` (propose-words.js ports them), keeps the draft in this
// browser, and opens GitHub's "new file" page with the file filled in (or lets it be downloaded
// and emailed). No server, nothing loaded from elsewhere.
//
// Safety: values typed into the form (or kept in the browser's storage) only ever reach the
// page as text (textContent, value, setAttribute on ids we make); nothing here parses HTML.
(function () {
  "use strict";

  var PLAIN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
  var YAML_WORDS = ["y", "n", "yes", "no", "on", "off", "true", "false", "null"];
  var WORDS = window.kbWords;
  var fold = WORDS.fold;
  //: How long typing pauses before the form checks what was typed (ms).
  var CHECK_DELAY = 700;
  //: The registries whose new names the validator reports as notices.
  var OPEN_KINDS = ["organisations", "places", "people"];
  var NOUNS = { organisations: "organisation", places: "place", people: "person" };

  // ---- Text, ids and YAML (the same rules as kb.names.slugify and kb.contrib.new_record) ----

  function squash(text) {
    return String(text || "").split(/\s+/).filter(Boolean).join(" ");
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
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      // a date written as a claim: its value, evidence and reason, one per line
      return [name + ":"].concat(Object.keys(value).map(function (key) {
        return "  " + key + ": " + scalar(value[key]);
      })).join("\n");
    }
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


  // ---- The form: its state ----
  //
  // One object, `ctx`, holds what the functions below share: the page's settings (config, from
  // kb.pages.propose), the elements they use, lookups from names to ids, what the contributor
  // has touched, and `current`, the file as last built from the form.

  function byId(id) { return document.getElementById(id); }

  function listOf(nodes) { return Array.prototype.slice.call(nodes); }

  function makeContext(root) {
    var config = JSON.parse(byId("kb-propose-data").textContent);
    var fieldsByName = {};
    config.fields.forEach(function (f) { fieldsByName[f.name] = f; });
    var normaliseName = WORDS.makeNormaliseName(config.honorifics);
    return {
      config: config,
      form: byId("kb-propose-form"),
      preview: byId("kb-preview"),
      send: byId("kb-send"),
      fieldsByName: fieldsByName,
      schemaUrl: config.schemaAddress,
      newFileUrl: root.dataset.newFileUrl,
      email: root.dataset.email,
      lookups: vocabularyLookups(config.vocabulary),
      seminars: seminarLookup(config.vocabulary),
      normaliseName: normaliseName,
      splitHonorific: WORDS.makeSplitHonorific(config.honorifics, normaliseName),
      known: knownNames(config.suggest, normaliseName),
      suggesters: {},
      current: { text: "", path: "", id: "", data: {} },
      touched: {},
      rewritten: {},
      submitted: false,
      lastAnnounced: "",
      lastLive: "",
      timers: {}
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

  // For organisations, places and people: any name, alias or id as the validator matches it
  // (kb.corpus.resolve.Registry.key) -> the registry's name, which the file is written with.
  function knownNames(suggest, normaliseName) {
    var known = {};
    OPEN_KINDS.forEach(function (kind) {
      var key = kind === "people" ? normaliseName : fold;
      var map = {};
      (suggest[kind] || []).forEach(function (pair) {
        var k = key(pair[0]);
        if (!(k in map)) map[k] = pair[1];
      });
      known[kind] = { key: key, names: map };
    });
    return known;
  }

  // "Did you mean": the validator's suggestion for `text` among a registry's names (or the
  // seminars' ids), or null.
  function suggestion(ctx, kind, text) {
    var cutoffs = ctx.config.cutoffs;
    if (!ctx.suggesters[kind]) {
      var key = kind === "people" ? ctx.normaliseName : fold;
      ctx.suggesters[kind] = new WORDS.Suggester(ctx.config.suggest[kind] || [], key);
    }
    var cutoff = kind === "seminars" ? cutoffs.records : kind === "sources" ? cutoffs.sources : cutoffs.names;
    return ctx.suggesters[kind].suggest(text, cutoff);
  }

  // What a closed vocabulary's id is called, for a suggestion shown to people.
  function nameOf(ctx, kind, id) {
    var entry = (ctx.config.vocabulary[kind] || []).find(function (e) { return e.id === id; });
    return entry ? entry.name : id;
  }

  // ---- Reading the form ----

  function chosenKind(form) {
    var checked = form.querySelector("input[name=kind]:checked");
    return checked ? checked.value : "case-study";
  }

  function rowsOf(form, name) {
    return listOf(form.querySelectorAll("[data-row='" + name + "']"));
  }

  // What an input holds, in the form the file is written with: dates and web addresses as
  // people type them become canonical ("March 2017" -> 2017-03), and say so.
  function inputText(ctx, input, kind, state) {
    if (kind !== "date" && kind !== "url") return squash(input.value);
    var typed = input.value.trim();
    var written = kind === "date" ? (WORDS.canonicalDate(typed) || typed) : WORDS.canonicalUrl(typed);
    var was = ctx.rewritten[input.id];
    if (written && written !== typed) note(state, input.id, "Written as " + written + ".");
    else if (was && typed === ctx.rewritten[input.id + ":as"]) note(state, input.id, "\u201c" + was + "\u201d is written as " + typed + ".");
    return written;
  }

  function note(state, id, text, use) {
    state.notes[id] = { text: text, use: use };
  }

  // A name typed for a theme, barrier, ... or seminar becomes its id when it is a known one; an
  // organisation or place, the registry's name; a new one is noted, with "did you mean".
  function mapValue(ctx, f, text, id, state) {
    if (ctx.lookups[f.vocabulary]) return ctx.lookups[f.vocabulary][fold(text)] || text;
    if (f.type === "record-list") return ctx.seminars[fold(text)] || text;
    if (ctx.known[f.vocabulary]) return openName(ctx, f.vocabulary, text, id, state);
    return text;
  }

  function openName(ctx, kind, text, id, state) {
    var known = ctx.known[kind];
    var found = known.names[known.key(text)];
    if (found) {
      if (found !== text) note(state, id, "Written as \u201c" + found + "\u201d, as the knowledge base has it.");
      return found;
    }
    var match = suggestion(ctx, kind, text);
    var message = "\u201c" + text + "\u201d is new to the knowledge base: it will be proposed as a new " + NOUNS[kind] + ", for a reviewer to add.";
    note(state, id, match ? message + " Did you mean \u201c" + match + "\u201d?" : message, match);
    return text;
  }

  // The form as the record's fields (`data`), which input each value came from (`where`, by
  // schema path such as "sources/0/title"), problems the schema cannot see (`extra`), notes on
  // what was made of a value, the people new to the knowledge base, and the body's texts.
  function readForm(ctx) {
    var state = { data: { kind: chosenKind(ctx.form) }, where: {}, extra: [], notes: {},
      newPeople: [], texts: [] };
    ctx.config.fields.forEach(function (f) {
      if (f.name === "kind") return;
      if (f.list) readList(ctx, f, state);
      else readSingle(ctx, f, state);
    });
    state.texts = listOf(ctx.form.querySelectorAll("textarea[data-body]")).map(function (t) {
      return t.value;
    });
    return state;
  }

  function readSingle(ctx, f, state) {
    var input = byId("kb-f-" + f.name);
    var v = inputText(ctx, input, f.type, state);
    state.where[f.name] = input.id;
    var why = byId(input.id + "-why");
    if (why) v = inferredValue(input, why, v, f.name, state);
    if (v) state.data[f.name] = v;
  }

  // A date the contributor works out rather than reads in a source, with why: an inferred
  // claim ({value, evidence, reason}), whose reason readers see. A reason without a value is
  // a problem to fix, not something silently dropped.
  function inferredValue(input, why, value, name, state) {
    var reason = squash(why.value);
    if (!reason) return value;
    state.where[name + "/value"] = input.id;
    state.where[name + "/reason"] = why.id;
    if (!value) {
      state.extra.push({ id: input.id, message: "Enter the " + name + " you give, or clear why you give it." });
      return value;
    }
    return { value: value, evidence: "inferred", reason: reason };
  }

  function readList(ctx, f, state) {
    var items = [];
    rowsOf(ctx.form, f.name).forEach(function (row) {
      var item = readRow(ctx, f, row, f.name + "/" + items.length, state);
      if (item !== undefined) items.push(item);
    });
    if (items.length) state.data[f.name] = items;
  }

  // One row of a list field: a value, a person or a source; undefined when the row is empty.
  function readRow(ctx, f, row, path, state) {
    var inputs = listOf(row.querySelectorAll("input[data-part]"));
    var parts = {};
    inputs.forEach(function (input) {
      var v = inputText(ctx, input, input.dataset.part, state);
      if (v) parts[input.dataset.part] = v;
    });
    if (f.type === "person-list") syncConsent(row, false);
    if (f.type === "source-list") syncBox(row, ".kb-new-source", false);
    if (!Object.keys(parts).length) return undefined;
    if ("value" in parts) {
      state.where[path] = inputs[0].id;
      if (f.type === "record-list" && !ctx.seminars[fold(parts.value)]) {
        var match = suggestion(ctx, "seminars", parts.value);
        state.extra.push({ id: inputs[0].id, use: match, message: "\u201c" + parts.value + "\u201d is not one of the events listed" + (match ? " (did you mean \u201c" + match + "\u201d?)" : "") + "; choose one from the suggestions." });
      }
      return withReason(row, mapValue(ctx, f, parts.value, inputs[0].id, state));
    }
    inputs.forEach(function (input) { state.where[path + "/" + input.dataset.part] = input.id; });
    state.where[path] = inputs[0].id;
    if (f.type === "source-list") return readSource(ctx, row, inputs, parts, path, state);
    if (f.type !== "person-list") return parts;
    return readPerson(ctx, row, inputs, parts, state);
  }

  // A person: the registry's name for someone known; for someone new, their name without
  // titles and the consent the contributor gave ("not sure" is written as role-only).
  function readPerson(ctx, row, inputs, parts, state) {
    if (!parts.name) {
      state.extra.push({ id: inputs[0].id, message: "Give the person's name, or clear their organisation and role." });
      return parts;
    }
    if (parts.organisation) parts.organisation = openName(ctx, "organisations", parts.organisation, inputs[1].id, state);
    var known = ctx.known.people.names[ctx.normaliseName(parts.name)];
    if (known) {
      if (known !== parts.name) note(state, inputs[0].id, "Written as \u201c" + known + "\u201d, as the knowledge base has it.");
      parts.name = known;
      return Object.keys(parts).length === 1 ? parts.name : parts;
    }
    var written = ctx.splitHonorific(parts.name)[1];
    var match = suggestion(ctx, "people", parts.name);
    var message = "New to the knowledge base" + (written !== parts.name ? ": written as \u201c" + written + "\u201d (titles are left out)" : "") + ". Say below whether they agreed to be named.";
    note(state, inputs[0].id, match ? message + " Did you mean \u201c" + match + "\u201d?" : message, match);
    parts.name = written;
    var consent = syncConsent(row, true);
    if (consent) parts.consent = consent;
    else state.extra.push({ id: row.querySelector("input[data-consent]").id, wait: true, message: "Say whether " + written + " agreed to be named: if you are not sure, choose \u201cNot sure\u201d." });
    state.newPeople.push({ name: written, consent: consent, id: inputs[0].id });
    return parts;
  }

  // Shows a person's consent question when they are new (hides it otherwise); returns the
  // consent to write, or null when none is chosen.
  function syncConsent(row, isNew) {
    var box = row.querySelector(".kb-consent");
    if (!box) return null;
    if (box.hidden === isNew) box.hidden = !isNew;
    var chosen = box.querySelector("input[data-consent]:checked");
    return isNew && chosen ? chosen.dataset.consent : null;
  }

  // A source row: a registered source (its id, or its title, becomes the id) and where in it.
  // A source row: a listed source (its id, or its title, becomes the id) and where in it; or a
  // source not listed yet, described in place (title, kind, publisher, date, url, authority),
  // which the validator takes as a new source for a reviewer to add.
  function readSource(ctx, row, inputs, parts, path, state) {
    var id = parts.source ? ctx.lookups.sources[fold(parts.source)] : undefined;
    if (!parts.source) {
      state.extra.push({ id: inputs[0].id, message: "Choose the source, or clear where in it." });
      return parts.locator ? { source: "", locator: parts.locator } : "";
    }
    if (id) return parts.locator ? { source: id, locator: parts.locator } : id;
    syncBox(row, ".kb-new-source", true);
    var match = suggestion(ctx, "sources", parts.source);
    var shown = match && nameOf(ctx, "sources", match);
    var message = "Not in the list of sources: it will be proposed as a new source, for a reviewer to add. Describe it below.";
    note(state, inputs[0].id, shown ? message + " Did you mean \u201c" + shown + "\u201d?" : message, shown);
    var source = { title: parts.source };
    row.querySelectorAll("[data-new]").forEach(function (input) {
      var key = input.dataset.new;
      var v = input.tagName === "SELECT" ? input.value : inputText(ctx, input, key, state);
      if (v && key === "publisher") v = openName(ctx, "organisations", v, input.id, state);
      if (v) source[key] = v;
      state.where[path + "/" + key] = input.id;
    });
    if (parts.locator) state.extra.push({ id: inputs[1].id, message: "Where in it can be given for a listed source only; for a new one, give its web address, or say in its authority where it is." });
    if (!source.authority) state.extra.push({ id: byNew(row, "authority").id, wait: true, message: "Say who speaks in this source, with what standing: for example \u201cthe council\u2019s own account of its work\u201d." });
    return source;
  }

  function byNew(row, key) { return row.querySelector("[data-new='" + key + "']"); }

  // Shows or hides a part of a row (a new source's description), when it changes.
  function syncBox(row, selector, shown) {
    var box = row.querySelector(selector);
    if (box && box.hidden === shown) box.hidden = !shown;
  }

  // A theme or barrier the contributor includes by their own reading, with why: an inferred
  // claim, whose reason readers see.
  function withReason(row, value) {
    var why = row.querySelector("[data-why]");
    var reason = why ? squash(why.value) : "";
    return reason ? { id: value, evidence: "inferred", reason: reason } : value;
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
    showNotes(ctx);
    announcePath(ctx);
    if (!ctx.send.hidden) refreshSend(ctx, false);
  }

  // Tells screen readers the file name once typing pauses, and only when it changed.
  function announcePath(ctx) {
    clearTimeout(ctx.timers.path);
    ctx.timers.path = setTimeout(function () {
      if (ctx.current.path !== ctx.lastAnnounced) {
        ctx.lastAnnounced = ctx.current.path;
        byId("kb-preview-status").textContent = "Preview updated: the file will be saved as " + ctx.current.path + ".";
      }
    }, 1200);
  }

  // The notes beside the inputs: what was made of a value, and suggestions to take.
  function showNotes(ctx) {
    var notes = ctx.current.state.notes;
    ctx.form.querySelectorAll(".kb-note").forEach(function (slot) {
      var id = slot.id.slice(0, -"-note".length);
      var n = notes[id];
      var text = n ? n.text : "";
      if (slot.dataset.text === text && slot.dataset.use === (n && n.use || "")) return;
      slot.dataset.text = text;
      slot.dataset.use = n && n.use || "";
      slot.textContent = text;
      slot.hidden = !text;
      if (n && n.use) slot.appendChild(useButton(id, n.use));
    });
  }

  // A button that puts a suggestion into the input it is about.
  function useButton(id, value) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "kb-use";
    button.dataset.useFor = id;
    button.dataset.use = value;
    button.textContent = "Use \u201c" + value + "\u201d";
    return button;
  }

  function takeSuggestion(ctx, button) {
    var input = byId(button.dataset.useFor);
    if (!input) return;
    input.value = button.dataset.use;
    ctx.touched[input.id] = true;
    input.focus();
    render(ctx);
    liveCheck(ctx, input.id);
    saveDraftSoon(ctx);
  }

  // ---- Checking the file ----

  // Every problem as { id of the input to fix, message, and maybe a suggestion to use }.
  function problems(ctx) {
    var state = ctx.current.state;
    var found = schemaProblems(ctx, state).concat(state.extra);
    if (!state.data.sources) found.push({ id: "kb-f-sources-1-source", message: "Give at least one source: choose the document the facts come from." });
    if (!state.texts.some(function (t) { return t.trim(); })) found.push({ id: "kb-f-body-0", message: "Write the account: a few sentences under at least one heading, saying where each fact comes from." });
    found = found.concat(bodyProblems(ctx), namedInText(ctx, state));
    if (!byId("kb-f-consent").checked) found.push({ id: "kb-f-consent", message: "Confirm that each person named agreed to appear as you said, and that nothing identifies a person who used a service." });
    return unique(found);
  }

  function schemaProblems(ctx, state) {
    return schemaErrors(ctx.config.schema, state.data).map(function (e) {
      var described = describe(ctx, e);
      return { id: inputFor(state.where, e), message: described.message, use: described.use };
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

  // Someone new who is to be shown only by their role must not be named in the text, which the
  // validator refuses (role-only-name); the full name is looked for here, as whole words.
  function namedInText(ctx, state) {
    var text = " " + fold([state.data.title, state.data.summary].concat(state.texts).join(" ")) + " ";
    return state.newPeople.filter(function (p) {
      return p.consent === "role-only" && fold(p.name) && text.indexOf(" " + fold(p.name) + " ") !== -1;
    }).map(function (p) {
      return { id: p.id, message: "The text names \u201c" + p.name + "\u201d, who is to be shown only by their role: describe them by their role there, or say that they agreed to be named." };
    });
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

  // A schema error in words a contributor can act on: { message, use }.
  function describe(ctx, error) {
    var last = error.path[error.path.length - 1];
    var name = error.path[0];
    var f = ctx.fieldsByName[name];
    if (error.keyword === "required") {
      if (last === "source" && error.path.length > 1) return { message: "Choose the source." };
      if (last === "name") return { message: "Give the person's name." };
      return { message: "Enter a " + (name === "title" ? "title" : String(last)) + "." };
    }
    if (error.keyword === "minLength") return { message: "Enter a title." };
    if (error.keyword === "enum" && f && ctx.lookups[f.vocabulary]) {
      var match = suggestion(ctx, f.vocabulary, String(error.value));
      var shown = match && nameOf(ctx, f.vocabulary, match);
      return { use: shown, message: "\u201c" + error.value + "\u201d is not in the list of " + f.vocabulary + (shown ? " (did you mean \u201c" + shown + "\u201d?)" : "") + "; choose one from the suggestions." };
    }
    return { message: error.message || "This value is not valid." };
  }

  // ---- Checking as you type ----

  // Once typing pauses: the messages beside every input the contributor has touched (every
  // input, once they have asked for the file), and the one they are typing in said politely
  // to screen readers, once.
  function scheduleCheck(ctx, id) {
    clearTimeout(ctx.timers.check);
    ctx.timers.check = setTimeout(function () { liveCheck(ctx, id); }, CHECK_DELAY);
  }

  function liveCheck(ctx, id) {
    var found = problems(ctx).filter(function (p) {
      // a question just shown ("did they agree to be named?") is not an error until asked for
      if (p.wait && !ctx.submitted && !ctx.touched[p.id]) return false;
      return ctx.submitted || ctx.touched[p.id] || ctx.touched[rowInput(p.id)];
    });
    ctx.form.querySelectorAll("[aria-invalid]").forEach(function (n) {
      if (ctx.submitted || ctx.touched[n.id] || ctx.touched[rowInput(n.id)]) clearMark(n.id);
    });
    found.forEach(function (p) { clearMark(p.id); });
    found.forEach(markInput);
    announce(ctx, id, found);
  }

  // The name input of a person's row, for a problem pointed at their consent question.
  function rowInput(id) {
    var m = /^(kb-f-\w+-\d+)-consent/.exec(id);
    return m ? m[1] + "-name" : id;
  }

  function clearMark(id) {
    var input = byId(id);
    if (input) input.removeAttribute("aria-invalid");
    var slot = errorSlot(id);
    if (slot) { slot.hidden = true; slot.textContent = ""; }
  }

  // Where an input's message goes: its own slot, or its question's (a consent answer).
  function errorSlot(id) {
    return byId(id + "-error") || byId(id.replace(/-(named|role-only|not-sure)$/, "") + "-error");
  }

  function announce(ctx, id, found) {
    var mine = found.filter(function (p) { return p.id === id || rowInput(p.id) === id; });
    var n = ctx.current.state.notes[id];
    var message = mine.length ? mine.map(function (p) { return p.message; }).join(" ") : (n ? n.text : "");
    var said = message ? labelFor(ctx.form, id) + ": " + message : "";
    if (said && said !== ctx.lastLive) byId("kb-live").textContent = said;
    ctx.lastLive = said;
  }

  // When a date or address is left, it is shown in the form it is written in.
  function tidyInput(ctx, input) {
    var kind = input.dataset.part || input.dataset.new || (input.id === "kb-f-date" ? "date" : "");
    if (kind !== "date" && kind !== "url") return;
    var typed = input.value.trim();
    var written = kind === "date" ? WORDS.canonicalDate(typed) : WORDS.canonicalUrl(typed);
    if (!written || written === typed) return;
    ctx.rewritten[input.id] = typed;
    ctx.rewritten[input.id + ":as"] = written;
    input.value = written;
  }

  // ---- The error summary ----

  // What the summary calls an input: its label, its legend for checkboxes, and the row's legend
  // before it for a person or a source ("Source 1: title").
  function labelFor(form, id) {
    var input = byId(id);
    if (!input) return "";
    var group = input.closest("fieldset.kb-row-group");
    if (input.type === "radio" && group) return group.querySelector("legend").textContent.trim() + ": did they agree to be named?";
    if (input.type === "checkbox") return input.closest("fieldset").querySelector("legend").textContent.trim();
    var label = form.querySelector("label[for='" + id + "']");
    var text = label ? label.textContent.replace("(required)", "").trim() : id;
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

  // The message beside the input (or the person's consent question), which is marked invalid;
  // with a button to take the suggestion, when there is one.
  function markInput(p) {
    var input = byId(p.id);
    if (input) input.setAttribute("aria-invalid", "true");
    var slot = errorSlot(p.id);
    if (!slot) return;
    slot.hidden = false;
    slot.appendChild(document.createTextNode((slot.textContent ? " " : "") + p.message));
    if (p.use) slot.appendChild(useButton(p.id, p.use));
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
    prepareEmail(ctx);
    if (announce || status.textContent !== message) status.textContent = message;
    return true;
  }

  // Points the GitHub link at the file (or, when the file is too long for a link, at an empty
  // new file) and returns what to tell the contributor.
  function prepareLink(ctx) {
    var path = ctx.current.path;
    var link = byId("kb-github-link");
    var url = githubUrl(ctx);
    var email = ctx.email ? " Without a GitHub account, download it and email it to " + ctx.email + "." : "";
    if (link && url && url.length <= ctx.config.maxUrl) {
      link.href = url;
      link.textContent = "Open GitHub with this file filled in";
      return "Your file is ready: " + path + ". Open GitHub to propose it, or copy or download it." + email;
    }
    if (link && url) {
      link.href = ctx.newFileUrl + "?filename=" + path;
      link.textContent = "Open GitHub\u2019s new-file page";
      return "Your file is ready, but too long to fill in through a link. Copy or download it, open GitHub\u2019s new-file page, and paste it there." + email;
    }
    return "Your file is ready: " + path + ". Copy or download it and send it to the maintainers." + email;
  }

  // The email route: a message to the maintainers, with the title as its subject.
  function prepareEmail(ctx) {
    var link = byId("kb-email-link");
    if (!link || !ctx.email) return;
    var subject = "Case study proposal: " + (ctx.current.state.data.title || ctx.current.id);
    var body = "Attached: " + ctx.current.id + ".md, made with the Propose a case study form.\n";
    link.href = "mailto:" + ctx.email + "?subject=" + encodeURIComponent(subject) + "&body=" + encodeURIComponent(body);
  }

  function submit(ctx, event) {
    event.preventDefault();
    render(ctx);
    ctx.submitted = true;
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
    var then = ctx.email ? " Attach it to an email to " + ctx.email + ", or add it" : " Add it";
    byId("kb-send-status").textContent = "Downloaded " + ctx.current.id + ".md." + then + " to the " + ctx.config.collection + " folder.";
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
      row.querySelectorAll("[data-new], [data-why]").forEach(function (input) { renumberExtra(name, n, input); });
      renumberConsent(name, n, row);
      var box = row.querySelector(".kb-new-source");
      if (box) box.id = "kb-f-" + name + "-" + n + "-new";
      row.querySelector("[data-remove]").hidden = rows.length < 2;
    });
  }

  function renumberInput(name, n, input) {
    var part = input.dataset.part;
    var id = "kb-f-" + name + "-" + n + (part === "value" ? "" : "-" + part);
    renameBox(input, id);
    input.setAttribute("aria-describedby", (part === "value" ? "kb-f-" + name + "-hint " : "") + id + "-error " + id + "-note");
  }

  // A new source's description, or the reason for a theme: "kb-f-sources-2-new-kind".
  function renumberExtra(name, n, input) {
    var id = "kb-f-" + name + "-" + n + (input.dataset.new ? "-new-" + input.dataset.new : "-why");
    var notes = renameBox(input, id);
    input.setAttribute("aria-describedby", id + "-error" + (notes ? " " + id + "-note" : ""));
  }

  // Give a field its id, and its label, error slot and notes the ids that follow from it;
  // returns the notes element, if the field has one.
  function renameBox(input, id) {
    var box = input.parentElement;
    var label = box.querySelector("label");
    var slot = box.querySelector(".kb-error-text");
    var notes = box.querySelector(".kb-note");
    input.id = id;
    if (label) label.setAttribute("for", id);
    if (slot) slot.id = id + "-error";
    if (notes) notes.id = id + "-note";
    return notes;
  }

  function renumberConsent(name, n, row) {
    var box = row.querySelector(".kb-consent");
    if (!box) return;
    var id = "kb-f-" + name + "-" + n + "-consent";
    box.id = id;
    box.querySelector(".kb-error-text").id = id + "-error";
    box.querySelectorAll("input[data-consent]").forEach(function (radio) {
      var key = radio.value;
      radio.name = id;
      radio.id = id + "-" + key;
      radio.parentElement.querySelector("label").setAttribute("for", radio.id);
    });
  }

  // A new empty row at the end of a list field.
  function appendRow(ctx, name) {
    var rows = rowsOf(ctx.form, name);
    var copy = rows[0].cloneNode(true);
    copy.querySelectorAll("input").forEach(function (input) {
      if (input.type === "radio") input.checked = false;
      else input.value = "";
      input.removeAttribute("aria-invalid");
    });
    copy.querySelectorAll(".kb-error-text, .kb-note").forEach(function (p) { p.hidden = true; p.textContent = ""; p.removeAttribute("data-text"); });
    copy.querySelectorAll(".kb-consent, .kb-new-source").forEach(function (box) { box.hidden = true; });
    copy.querySelectorAll("select").forEach(function (select) { select.selectedIndex = 0; });
    copy.querySelectorAll("details").forEach(function (details) { details.open = false; });
    rows[rows.length - 1].after(copy);
    renumber(ctx.form, name);
    return copy;
  }

  function addRow(ctx, name) {
    appendRow(ctx, name).querySelector("input").focus();
    render(ctx);
    saveDraftSoon(ctx);
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
    saveDraftSoon(ctx);
  }

  function click(ctx, event) {
    var add = event.target.closest("[data-add]");
    var remove = event.target.closest("[data-remove]");
    var use = event.target.closest("[data-use-for]");
    if (add) addRow(ctx, add.dataset.add);
    else if (remove) removeRow(ctx, remove);
    else if (use) takeSuggestion(ctx, use);
  }

  // ---- The draft, kept in this browser (localStorage) until it is sent or cleared ----
  //
  // Only what the contributor typed is kept, by input id; it is read back into the inputs as
  // values (never as markup), and anything that does not fit the form is ignored.

  function draftKey() { return "kb-propose-draft:" + window.location.pathname; }

  function saveDraftSoon(ctx) {
    clearTimeout(ctx.timers.draft);
    ctx.timers.draft = setTimeout(function () { saveDraft(ctx); }, 300);
  }

  function saveDraft(ctx) {
    var draft = { rows: {}, values: {}, checked: [] };
    ctx.form.querySelectorAll("[data-add]").forEach(function (b) {
      draft.rows[b.dataset.add] = rowsOf(ctx.form, b.dataset.add).length;
    });
    ctx.form.querySelectorAll("input[type=text], textarea, select").forEach(function (input) {
      if (input.value) draft.values[input.id] = input.value;
    });
    ctx.form.querySelectorAll("input:checked").forEach(function (input) { draft.checked.push(input.id); });
    try { window.localStorage.setItem(draftKey(), JSON.stringify(draft)); } catch (e) { /* storage off: nothing kept */ }
  }

  function readDraft() {
    try {
      var draft = JSON.parse(window.localStorage.getItem(draftKey()) || "null");
      return draft && typeof draft === "object" ? draft : null;
    } catch (e) {
      return null;
    }
  }

  // Puts a kept draft back into the form; true when there was one.
  function restoreDraft(ctx) {
    var draft = readDraft();
    if (!draft) return false;
    Object.keys(draft.rows || {}).forEach(function (name) {
      var f = Object.prototype.hasOwnProperty.call(ctx.fieldsByName, name) && ctx.fieldsByName[name];
      if (!f || !f.list || !rowsOf(ctx.form, name).length) return;
      var want = Math.min(Number(draft.rows[name]) || 1, 200);
      while (rowsOf(ctx.form, name).length < want) appendRow(ctx, name);
    });
    Object.keys(draft.values || {}).forEach(function (id) {
      var input = byId(id);
      if (input && ctx.form.contains(input) && (input.type === "text" || input.tagName === "TEXTAREA" || input.tagName === "SELECT")) {
        input.value = String(draft.values[id]);
        ctx.touched[id] = true;
        var details = input.closest("details");
        if (details) details.open = true;
      }
    });
    [].concat(draft.checked || []).forEach(function (id) {
      var input = byId(String(id));
      if (input && ctx.form.contains(input) && (input.type === "radio" || input.type === "checkbox")) input.checked = true;
    });
    return true;
  }

  // Empties the form and forgets the draft.
  function clearForm(ctx) {
    try { window.localStorage.removeItem(draftKey()); } catch (e) { /* nothing kept */ }
    ctx.form.reset();
    ctx.form.querySelectorAll("[data-add]").forEach(function (b) {
      rowsOf(ctx.form, b.dataset.add).slice(1).forEach(function (row) { row.remove(); });
      renumber(ctx.form, b.dataset.add);
    });
    ctx.touched = {};
    ctx.rewritten = {};
    ctx.submitted = false;
    ctx.send.hidden = true;
    clearErrors(ctx.form);
    relabelBody(ctx);
    render(ctx);
    byId("kb-draft-status").textContent = "The form is cleared, and nothing is kept in this browser.";
    byId("kb-live").textContent = "The form is cleared.";
    byId("kb-f-title").focus();
  }

  // ---- Setting up ----

  function setUp() {
    var root = byId("kb-propose");
    if (!root || root.dataset.ready) return;
    var ctx = makeContext(root);
    var form = ctx.form;
    var restored = false;
    try { restored = restoreDraft(ctx); } catch (e) { restored = false; /* a draft that does not fit: the form starts empty */ }
    if (restored) {
      byId("kb-draft-status").textContent = "Your answers from before are back. To start again, clear the form.";
    }
    form.addEventListener("input", function (event) {
      ctx.touched[event.target.id] = true;
      render(ctx);
      scheduleCheck(ctx, event.target.id);
      saveDraftSoon(ctx);
    });
    form.addEventListener("change", function (event) {
      if (event.target.name === "kind") relabelBody(ctx);
      tidyInput(ctx, event.target);
      render(ctx);
      if (event.target.type === "radio" || event.target.type === "checkbox") {
        ctx.touched[event.target.id] = true;
        liveCheck(ctx, event.target.id);
      }
      saveDraftSoon(ctx);
    });
    form.addEventListener("submit", function (event) { submit(ctx, event); });
    form.addEventListener("click", function (event) { click(ctx, event); });
    byId("kb-copy").addEventListener("click", function () { copyFile(ctx); });
    byId("kb-download").addEventListener("click", function () { downloadFile(ctx); });
    byId("kb-clear").addEventListener("click", function () { clearForm(ctx); });
    relabelBody(ctx);
    render(ctx);
    if (Object.keys(ctx.touched).length) liveCheck(ctx, "");
    root.dataset.ready = "1";
  }

  // Exposed for tests: the same text rules as the Python side.
  window.kbPropose = {
    slugify: slugify, fold: fold, scalar: scalar, renderFile: renderFile,
    accepts: function (schema, value) { return !schemaErrors(schema, value).length; }
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
