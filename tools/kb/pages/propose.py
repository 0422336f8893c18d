"""The "Propose a case study" page, its script and data, and the published JSON Schemas.

The form is generated from the content model (:mod:`kb.schema`), so it asks for the same
fields that ``kb new`` asks for and ``kb validate`` checks. It needs no server: the script
(``propose.js``) builds the Markdown file in the browser, shows it, checks it as you type
against the JSON Schema and the same vocabularies and "did you mean" rules as the validator
(``propose-words.js`` ports them), keeps the draft in the browser, and opens GitHub's "new
file" page with the file filled in, or lets it be downloaded and emailed. Every value that comes
from the content is escaped here, and the script only ever sets text, never HTML.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..corpus import Corpus, corpus_vocabulary
from ..corpus.resolve import RECORD_CUTOFF, SUGGEST_CUTOFF
from ..corpus.unsafe_html import BROWSER_PATTERN
from ..html_safety import attr, json_script
from ..json_schema import all_schemas
from ..kinds import CASE_STUDY_KINDS, RECORD_KINDS
from ..model import Asset, Page
from ..names import HONORIFICS
from ..schema import (
    BODY_SECTIONS,
    CLOSED_KINDS,
    COLLECTION_FIELDS,
    ITEM_LABELS,
    RECORD_TARGET,
    REFERENCE_KIND,
    Field,
)
from ..urls import root_prefix
from . import SiteOptions

SRC = "contribute/propose.md"
ASSETS = Path(__file__).parent / "assets"
#: GitHub puts the new file in the URL; beyond this length browsers and GitHub refuse it.
MAX_URL = 8000
BRANCH = "main"

#: How the form groups the fields of a case study (every field appears exactly once).
LAYOUT: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("about", "About the work", ("title", "date", "summary")),
    ("where", "Where and who", ("places", "organisations", "contributors")),
    ("themes", "Themes and barriers", ("themes", "barriers", "overcome", "projects",
                                       "presented_at", "listed_in")),
    ("sources", "Sources", ("sources",)),
)
_FIELD_LABEL = {"title": "Title", "date": "Date", "summary": "Summary",
                "places": "Places", "organisations": "Organisations",
                "contributors": "People who contributed it", "themes": "Themes",
                "barriers": "Barriers it met", "overcome": "Barriers it overcame",
                "projects": "Programmes or projects", "presented_at": "Presented at",
                "listed_in": "Listed in the account of",
                "sources": "Sources"}
_HINTS = {
    "title": "A short, descriptive title, e.g. \u201cLeeds: one front door for family "
             "services\u201d.",
    "date": "When the work was reported, as far as you know it: a year (2016), a month "
            "(October 2016) or a day (30/11/2016), or \u201cunknown\u201d. It is written as "
            "2016, 2016-10 or 2016-11-30.",
    "summary": "One or two sentences, shown in lists and search results.",
    "places": "Start typing to choose a known place; a new one will be added.",
    "organisations": "Organisations involved. Choose a known one or type a new name.",
    "contributors": "Name people only with their consent. For anyone new to the knowledge "
                    "base, say whether they agreed to be named.",
    "themes": "Choose from the list of themes.",
    "barriers": "Barriers to sharing information that the work met.",
    "overcome": "Barriers the work overcame.",
    "projects": "Programmes or projects it belongs to, from the list.",
    "presented_at": "Seminars or workshops where a source says it was presented, from the "
                    "list.",
    "listed_in": "Seminars or workshops whose report lists it, when the source does not say "
                 "it was presented there.",
    "sources": "The documents the facts come from, from the list of sources. Every claim "
               "needs a source; if yours is not listed, say so in the text and a maintainer "
               "will add it.",
}
_PARTS = {
    "person-list": (("name", "Name", "people"), ("organisation", "Organisation",
                                                 "organisations"), ("role", "Role", None)),
    "source-list": (("source", "Source", "sources"),
                    ("locator", "Where in it (a section or page)", None)),
}


def contrib_pages(corpus: Corpus, options: SiteOptions) -> tuple[list[Page], list[Asset]]:
    """The proposal page and its assets (scripts, styles, vocabulary, JSON Schemas)."""
    vocab = form_vocabulary(corpus)
    schema_vocab = corpus_vocabulary(corpus)
    schemas = all_schemas(schema_vocab)
    assets = [Asset(f"schema/{name}", _json_bytes(data)) for name, data in schemas.items()]
    assets += [Asset("assets/kb/vocabulary.json", _json_bytes(vocab))]
    assets += [Asset(f"assets/kb/{name}", (ASSETS / name).read_bytes()) for name in SCRIPTS]
    config = {
        "fields": [_field_spec(f) for f in COLLECTION_FIELDS["case_studies"]],
        "schema": schemas["case-study.schema.json"],
        "vocabulary": vocab,
        "suggest": suggestion_choices(corpus),
        "cutoffs": {"names": SUGGEST_CUTOFF, "records": RECORD_CUTOFF},
        "honorifics": sorted(HONORIFICS),
        "schemaAddress": schema_address(options.published_url),
        "body": {kind: [list(s) for s in BODY_SECTIONS[kind]] for kind in CASE_STUDY_KINDS},
        "unsafeHtml": BROWSER_PATTERN.pattern,
        "maxUrl": MAX_URL,
        "collection": RECORD_KINDS["case-study"].collection,
    }
    return [Page(SRC, propose_page(config, options.repo_url, options.proposal_email))], assets


#: The page's scripts and styles, in the order the page loads them.
SCRIPTS = ("propose-words.js", "propose.js", "propose.css")


def schema_address(published_url: str | None) -> str:
    """Where a proposed file's first line points editors: the case-study schema on the
    published site (the site_url of mkdocs.yml, never the address the page was served from),
    or beside the file's folder when no address is set (as ``kb new`` writes it)."""
    if published_url:
        return f"{published_url.rstrip('/')}/schema/case-study.schema.json"
    return "../schema/case-study.schema.json"


def suggestion_choices(corpus: Corpus) -> dict[str, list[list[str]]]:
    """What "did you mean" chooses from, exactly as ``kb validate`` does: for each registry
    the form names, [name, what is shown] in the validator's order
    (:meth:`kb.corpus.resolve.Registry.suggestion_choices`); for seminars, their ids."""
    kinds = (*CLOSED_KINDS, "organisations", "places", "people")
    choices = {kind: [[name, shown] for name, shown in
                      corpus.registry.suggestion_choices(kind).items()] for kind in kinds}
    choices["seminars"] = [[r.id, r.id] for r in corpus.records.values()
                           if r.collection == "seminars"]
    return choices


def form_vocabulary(corpus: Corpus) -> dict[str, Any]:
    """Names the form suggests. People appear only when they agreed to be named."""
    vocab: dict[str, Any] = {}
    for kind in CLOSED_KINDS:
        vocab[kind] = [{"id": e.id, "name": e.name, "aliases": list(e.aliases)}
                       for e in sorted(corpus.entities(kind).values(), key=_by_name)]
    for kind in ("organisations", "places"):
        vocab[kind] = [e.name for e in sorted(corpus.entities(kind).values(), key=_by_name)]
    vocab["people"] = [e.name for e in sorted(corpus.entities("people").values(), key=_by_name)
                       if e.named]
    vocab["sources"] = [{"id": e.id, "name": e.name, "aliases": list(e.aliases)}
                        for e in sorted(corpus.entities("sources").values(), key=_by_name)]
    vocab["seminars"] = [{"id": r.id, "title": r.title} for r in corpus.by_collection("seminars")]
    vocab["records"] = sorted(corpus.records)
    return vocab


def _by_name(entity: Any) -> str:
    return str(entity.name).casefold()


def _field_spec(f: Field) -> dict[str, Any]:
    return {"name": f.name, "type": f.type, "list": f.is_list, "required": f.required,
            "vocabulary": REFERENCE_KIND.get(f.type)
            or (RECORD_TARGET[f.name] if f.type == "record-list" else None)
            or ("sources" if f.type == "source-list" else None)}


def new_file_url(repo_url: str | None) -> str | None:
    """GitHub's "create a new file" address for the repository, or None when not on GitHub."""
    match = re.fullmatch(r"https://github\.com/([\w.-]+)/([\w.-]+?)(?:\.git)?/?", repo_url or "")
    return f"https://github.com/{match[1]}/{match[2]}/new/{BRANCH}" if match else None


def propose_page(config: dict[str, Any], repo_url: str | None,
                 email: str | None = None) -> str:
    """The Markdown of the proposal page: an introduction, then the form as an HTML block."""
    prefix = root_prefix(SRC)
    new_url = new_file_url(repo_url)
    issue = (f"[describe it in a GitHub issue]({repo_url.rstrip('/')}/issues/new?"
             "template=case-study.yml) instead" if new_url and repo_url else
             "describe it to the maintainers instead")
    html = "\n".join([
        f'<div class="kb-propose" id="kb-propose" data-repo-url="{attr(repo_url or "")}" '
        f'data-new-file-url="{attr(new_url or "")}" data-email="{attr(email or "")}">',
        f'<link rel="stylesheet" href="{attr(prefix)}assets/kb/propose.css">',
        '<noscript><p class="kb-propose-note">This form needs JavaScript. Without it, '
        "follow the contributing guide to write the file by hand.</p></noscript>",
        '<p id="kb-live" class="kb-visually-hidden" aria-live="polite"></p>',
        '<div class="kb-propose-layout">',
        _form(config),
        f'<div class="kb-propose-side">{_preview()}{_send(bool(new_url), email)}</div>',
        "</div>",
        datalists(config["vocabulary"]),
        f'<script type="application/json" id="kb-propose-data">{json_script(config)}</script>',
        *(f'<script src="{attr(prefix)}assets/kb/{name}" defer></script>'
          for name in SCRIPTS if name.endswith(".js")),
        "</div>",
    ])
    send = ("open GitHub with the file ready to propose (you need a free GitHub account)"
            if new_url else "download it")
    if email:
        send += (", or, without a GitHub account, download it and email it to the "
                 f"maintainers at {_email_link(email)}")
    return f"""---
title: Propose a case study
description: Describe information sharing work in a form and propose it, without git.
hide:
  - navigation
  - toc
---

# Propose a case study

Tell us about information sharing work you know: a case study of one place's work, or an
account of a practice put forward as good practice. Fill in the form: it checks your answers as
you type, the way the maintainers' checks will, and shows the file it makes. Then {send}. Your
answers stay in this browser until you send them or clear the form. A maintainer reviews every
proposal before it is published. If you would rather not fill in a form, {issue}; to write the
file yourself, see the [field reference](fields.md) and the [guide to contributing](index.md).

**Before you start.** Do not include personal information about the people services support,
or anything that could identify them. Name people only if they have agreed to be named: for
each person new to the knowledge base the form asks whether they agreed (if you are not sure,
they are shown only by their role until they confirm). Give a source for every claim: who
published what, and when. Only the kind of account, a title and the confirmation at the end
are required; leave out anything you do not know.

{html}
"""


def _email_link(email: str) -> str:
    return f'<a href="mailto:{attr(email)}">{attr(email)}</a>'


def _form(config: dict[str, Any]) -> str:
    fields = {f["name"]: f for f in config["fields"]}
    parts = ['<form id="kb-propose-form" class="kb-propose-form" novalidate>',
             '<div id="kb-errors" class="kb-errors" tabindex="-1" hidden>'
             '<h2 id="kb-errors-heading">There is a problem</h2><ul id="kb-errors-list"></ul>'
             "</div>",
             _kind_fieldset()]
    for key, legend, names in LAYOUT:
        inner = "".join(_control(fields[name], show_label=legend != _FIELD_LABEL[name])
                        for name in names)
        parts.append(f'<fieldset class="kb-group" id="kb-group-{key}"><legend>{attr(legend)}'
                     f"</legend>{inner}</fieldset>")
    parts.append(_body_fieldset())
    parts.append(
        '<fieldset class="kb-group"><legend>Before you send it</legend>'
        '<div class="kb-check"><input type="checkbox" id="kb-f-consent" name="consent" '
        'aria-describedby="kb-f-consent-error">'
        '<label for="kb-f-consent">Each person named here agreed to appear as I said above, '
        "and nothing here identifies a person who used a service. "
        '<span class="kb-req">(required)</span></label></div>'
        '<p class="kb-error-text" id="kb-f-consent-error" hidden></p></fieldset>')
    parts.append('<div class="kb-actions"><button type="submit" class="md-button '
                 'md-button--primary" id="kb-check">Check and prepare the file</button> '
                 '<button type="button" class="md-button" id="kb-clear">Clear the form'
                 '</button><p id="kb-draft-status" class="kb-hint">Your answers are kept in '
                 "this browser (nowhere else) until you clear the form.</p></div>")
    parts.append("</form>")
    return "".join(parts)


def _kind_fieldset() -> str:
    labels = {"case-study": ("Case study", "one place's work, as it was reported"),
              "good-practice": ("Good-practice account", "a practice put forward as "
                                                         "good practice")}
    radios = "".join(
        f'<div class="kb-radio"><input type="radio" name="kind" id="kb-f-kind-{k}" '
        f'value="{k}"{" checked" if i == 0 else ""}><label for="kb-f-kind-{k}">'
        f"{labels[k][0]} <span class=\"kb-hint-inline\">({labels[k][1]})</span></label></div>"
        for i, k in enumerate(CASE_STUDY_KINDS))
    return (f'<fieldset class="kb-group" id="kb-f-kind"><legend>What kind of account is it? '
            f'<span class="kb-req">(required)</span></legend>{radios}</fieldset>')


def _control(field: dict[str, Any], show_label: bool = True) -> str:
    name = field["name"]
    if not field["list"]:
        return _single(name, field["required"])
    label = (f'<p class="kb-label" id="kb-f-{name}-label">{_FIELD_LABEL[name]}</p>'
             if show_label else "")
    rows = _row(field, 1)
    return (f'<div class="kb-field kb-list" data-field="{name}" id="kb-field-{name}">{label}'
            f'<p class="kb-hint" id="kb-f-{name}-hint">{attr(_HINTS[name])}</p>'
            f'<div class="kb-rows" data-rows="{name}">{rows}</div>'
            f'<button type="button" class="kb-add" data-add="{name}">Add another '
            f"{ITEM_LABELS[name].lower()}</button></div>")


def _single(name: str, required: bool) -> str:
    req = ' <span class="kb-req">(required)</span>' if required else ""
    describe = f"kb-f-{name}-hint kb-f-{name}-error kb-f-{name}-note"
    if name == "summary":
        control = (f'<textarea id="kb-f-{name}" name="{name}" rows="3" '
                   f'aria-describedby="{describe}"></textarea>')
    else:
        control = (f'<input type="text" id="kb-f-{name}" name="{name}" autocomplete="off" '
                   f'aria-describedby="{describe}"{" required" if required else ""}>')
    return (f'<div class="kb-field"><label for="kb-f-{name}">{_FIELD_LABEL[name]}{req}</label>'
            f'<p class="kb-hint" id="kb-f-{name}-hint">{attr(_HINTS[name])}</p>'
            f'<p class="kb-error-text" id="kb-f-{name}-error" hidden></p>{control}'
            f'{_note(f"kb-f-{name}")}</div>')


def _row(field: dict[str, Any], n: int) -> str:
    """One item of a list field; the script copies it for "Add another"."""
    name, item = field["name"], ITEM_LABELS[field["name"]]
    remove = (f'<button type="button" class="kb-remove" data-remove="{name}" hidden>Remove '
              f'<span class="kb-visually-hidden">{item.lower()} </span>'
              f'<span class="kb-n kb-visually-hidden">{n}</span></button>')
    if field["type"] in _PARTS:
        inputs = "".join(_part(name, n, key, label, vocab)
                         for key, label, vocab in _PARTS[field["type"]])
        if field["type"] == "person-list":
            inputs += _consent(name, n)
        return (f'<fieldset class="kb-row kb-row-group" data-row="{name}"><legend>{item} '
                f'<span class="kb-n">{n}</span></legend>{inputs}{remove}</fieldset>')
    vocab = field["vocabulary"]
    ident = f"kb-f-{name}-{n}"
    return (f'<div class="kb-row" data-row="{name}"><label for="{ident}">{item} '
            f'<span class="kb-n">{n}</span></label>'
            f'<p class="kb-error-text" id="{ident}-error" hidden></p>'
            f'<input type="text" id="{ident}" data-part="value" autocomplete="off" '
            f'list="kb-vocab-{vocab}" aria-describedby="kb-f-{name}-hint {ident}-error '
            f'{ident}-note">{_note(ident)}{remove}</div>')


def _part(name: str, n: int, key: str, label: str, vocab: str | None) -> str:
    ident = f"kb-f-{name}-{n}-{key}"
    listed = f' list="kb-vocab-{vocab}"' if vocab else ""
    return (f'<div class="kb-part"><label for="{ident}">{label}</label>'
            f'<p class="kb-error-text" id="{ident}-error" hidden></p>'
            f'<input type="text" id="{ident}" data-part="{key}" autocomplete="off"{listed} '
            f'aria-describedby="{ident}-error {ident}-note">{_note(ident)}</div>')


def _note(ident: str) -> str:
    """Where the form says what it made of a value: "written as 2017-03", "a new
    organisation", "did you mean ...?" (with a button to take the suggestion)."""
    return f'<p class="kb-note" id="{ident}-note" hidden></p>'


#: The answers to "did they agree to be named?", and what each writes.
CONSENT_OPTIONS = (
    ("named", "Yes, by name", "named"),
    ("role-only", "Only by their role and organisation", "role-only"),
    ("not-sure", "Not sure (shown only by their role until they confirm)", "role-only"),
)


def _consent(name: str, n: int) -> str:
    """The consent question for a person new to the knowledge base (the script shows it when
    the name is not a known one)."""
    ident = f"kb-f-{name}-{n}-consent"
    radios = "".join(
        f'<div class="kb-radio"><input type="radio" name="{ident}" id="{ident}-{key}" '
        f'value="{key}" data-consent="{value}"><label for="{ident}-{key}">{label}</label></div>'
        for key, label, value in CONSENT_OPTIONS)
    return (f'<fieldset class="kb-consent" id="{ident}" hidden><legend>Did they agree to be '
            'named? <span class="kb-req">(required for someone new to the knowledge base)'
            f'</span></legend><p class="kb-error-text" id="{ident}-error" hidden></p>{radios}'
            "</fieldset>")


def _body_fieldset() -> str:
    sections = BODY_SECTIONS["case-study"]
    areas = "".join(
        f'<div class="kb-field"><label for="kb-f-body-{i}" data-body-label="{i}">'
        f"{attr(heading)}</label><p class=\"kb-hint\" id=\"kb-f-body-{i}-hint\" "
        f'data-body-hint="{i}">{attr(prompt)}</p><p class="kb-error-text" '
        f'id="kb-f-body-{i}-error" hidden></p><textarea id="kb-f-body-{i}" rows="6" '
        f'data-body="{i}" aria-describedby="kb-f-body-{i}-hint kb-f-body-{i}-error">'
        "</textarea></div>"
        for i, (heading, prompt) in enumerate(sections))
    return ('<fieldset class="kb-group" id="kb-group-account"><legend>The account</legend>'
            '<p class="kb-hint">Plain text is fine. You can use Markdown: a blank line starts '
            "a new paragraph, and a line starting with \u201c- \u201d is a list item.</p>"
            f"{areas}</fieldset>")


def _preview() -> str:
    return ('<section class="kb-preview" aria-labelledby="kb-preview-heading">'
            '<h2 id="kb-preview-heading">Preview of the file</h2>'
            '<p>It will be saved as <code id="kb-filename">case_studies/untitled.md</code>.</p>'
            '<pre id="kb-preview" class="kb-preview-text" tabindex="0" role="region" '
            'aria-label="The file, as it will be saved"></pre>'
            '<p id="kb-preview-status" class="kb-status" aria-live="polite"></p></section>')


def _send(on_github: bool, email: str | None = None) -> str:
    github = ('<p><a id="kb-github-link" class="md-button md-button--primary" href="#" '
              'target="_blank" rel="noopener">Open GitHub with this file filled in</a></p>'
              '<p id="kb-github-note" class="kb-hint">GitHub asks you to sign in, then to '
              "\u201cCommit changes\u201d: choose \u201cCreate a new branch and start a pull "
              "request\u201d. A maintainer reviews it before it is published.</p>"
              if on_github else "")
    return ('<section id="kb-send" class="kb-send" aria-labelledby="kb-send-heading" '
            'tabindex="-1" hidden><h2 id="kb-send-heading">Send your proposal</h2>'
            f'<p id="kb-send-status" class="kb-status" aria-live="polite"></p>{github}'
            '<p class="kb-send-buttons"><button type="button" class="md-button" id="kb-copy">'
            'Copy the file</button> <button type="button" class="md-button" id="kb-download">'
            f"Download the file</button></p>{_email_route(email)}</section>")


def _email_route(email: str | None) -> str:
    """The way without GitHub: download the file and email it (only when an address is set)."""
    if not email:
        return ""
    return ('<p id="kb-email-route">No GitHub account? Download the file, then '
            f'<a id="kb-email-link" href="mailto:{attr(email)}">email it to {attr(email)}</a> '
            "as an attachment. A maintainer proposes it for you and replies.</p>")


def datalists(vocab: dict[str, Any]) -> str:
    """``<datalist>`` elements with the names the form suggests."""
    out = []
    for kind, values in vocab.items():
        if kind == "records":
            continue
        names = [v if isinstance(v, str) else v.get("name") or v.get("title") for v in values]
        options = "".join(f'<option value="{attr(n)}"></option>' for n in names)
        out.append(f'<datalist id="kb-vocab-{kind}">{options}</datalist>')
    return "".join(out)


def _json_bytes(data: Any) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
