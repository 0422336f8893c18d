"""The HTML of the "Propose a case study" form (kb.pages.propose puts it in the page).

Generated from the content model, so it asks for the fields ``kb new`` asks for. Every value
that comes from the content is escaped here (:func:`kb.html_safety.attr`); the script
(``propose.js``) finds the inputs by the ids and ``data-`` attributes made here, and renumbers
them when a row is added or removed.
"""

from __future__ import annotations

from typing import Any

from ..html_safety import attr
from ..kinds import CASE_STUDY_KINDS
from ..schema import BODY_SECTIONS, ITEM_LABELS, SOURCE_TYPES

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
            "2016, 2016-10 or 2016-11-30. If no source gives it and you work it out, say why "
            "under \u201cNot in the sources\u2019 own words?\u201d.",
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
    "sources": "The documents the facts come from: choose a listed one (and where in it, if "
               "you like), or type the title of one that is not listed and describe it; a "
               "reviewer adds it to the list. Every claim needs a source.",
}
_PARTS = {
    "person-list": (("name", "Name", "people"), ("organisation", "Organisation",
                                                 "organisations"), ("role", "Role", None)),
    "source-list": (("source", "Source (a listed one, or the title of a new one)", "sources"),
                    ("locator", "Where in it (a section or page)", None)),
}


def form_html(config: dict[str, Any]) -> str:
    """The form: the kind of account, the fields in :data:`LAYOUT`, the account itself and
    the confirmation, then the buttons."""
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
    why = _why(f"kb-f-{name}", _WHY_LABEL[name]) if name in _WHY_LABEL else ""
    return (f'<div class="kb-field"><label for="kb-f-{name}">{_FIELD_LABEL[name]}{req}</label>'
            f'<p class="kb-hint" id="kb-f-{name}-hint">{attr(_HINTS[name])}</p>'
            f'<p class="kb-error-text" id="kb-f-{name}-error" hidden></p>{control}'
            f'{_note(f"kb-f-{name}")}{why}</div>')


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
        if field["type"] == "source-list":
            inputs += _new_source(name, n)
        return (f'<fieldset class="kb-row kb-row-group" data-row="{name}"><legend>{item} '
                f'<span class="kb-n">{n}</span></legend>{inputs}{remove}</fieldset>')
    vocab = field["vocabulary"]
    ident = f"kb-f-{name}-{n}"
    return (f'<div class="kb-row" data-row="{name}"><label for="{ident}">{item} '
            f'<span class="kb-n">{n}</span></label>'
            f'<p class="kb-error-text" id="{ident}-error" hidden></p>'
            f'<input type="text" id="{ident}" data-part="value" autocomplete="off" '
            f'list="kb-vocab-{vocab}" aria-describedby="kb-f-{name}-hint {ident}-error '
            f'{ident}-note">{_note(ident)}{_why(ident) if name in JUDGED else ""}{remove}</div>')


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


#: Fields whose items are often the contributor's reading rather than a source's words: each
#: item may say why it is included (written as an inferred claim with that reason).
JUDGED = ("themes", "barriers", "overcome")


#: Single fields that may be the contributor's inference (a date no source states): the
#: label of the reason asked for, written as an inferred claim (kb.schema.Field.claim).
_WHY_LABEL = {"date": "Why you give this date"}


def _why(ident: str, label: str = "Why you include it") -> str:
    return (f'<details class="kb-why"><summary>Not in the sources\u2019 own words?</summary>'
            f'<label for="{ident}-why">{label} (shown to readers as the knowledge '
            f'base\u2019s reading)</label><p class="kb-error-text" id="{ident}-why-error" '
            f'hidden></p><input type="text" id="{ident}-why" data-why autocomplete="off" '
            f'aria-describedby="{ident}-why-error"></details>')


#: What the form asks about a source that is not listed yet (kb.schema.LEGACY_SOURCE_KEYS).
NEW_SOURCE_PARTS = (("kind", "What it is"), ("publisher", "Who published it"),
                    ("date", "When (e.g. 2016, March 2016 or 30/11/2016)"),
                    ("url", "Web address, if it has one (e.g. www.example.org/report)"),
                    ("authority", "Who speaks in it, with what standing (required), e.g. "
                                  "\u201cthe council\u2019s own account of its work\u201d"))


def _new_source(name: str, n: int) -> str:
    """The description of a source that is not listed (the script shows it when the source
    typed is not a known one): a reviewer adds it to registries/sources.yml."""
    ident = f"kb-f-{name}-{n}-new"
    parts = []
    for key, label in NEW_SOURCE_PARTS:
        part = f"{ident}-{key}"
        described = f'aria-describedby="{part}-error {part}-note"'
        if key == "kind":
            options = "".join(f'<option value="{k}">{k.replace("-", " ")}</option>'
                              for k in SOURCE_TYPES)
            control = (f'<select id="{part}" data-new="kind" {described}><option value="">'
                       f"not sure</option>{options}</select>")
        else:
            listed = ' list="kb-vocab-organisations"' if key == "publisher" else ""
            control = (f'<input type="text" id="{part}" data-new="{key}" autocomplete="off"'
                       f"{listed} {described}>")
        parts.append(f'<div class="kb-part"><label for="{part}">{label}</label>'
                     f'<p class="kb-error-text" id="{part}-error" hidden></p>{control}'
                     f"{_note(part)}</div>")
    return (f'<fieldset class="kb-new-source" id="{ident}" hidden><legend>A source not listed '
            'yet</legend><p class="kb-hint">Describe it, and a reviewer adds it to the list of '
            f'sources.</p>{"".join(parts)}</fieldset>')


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


def preview_html() -> str:
    return ('<section class="kb-preview" aria-labelledby="kb-preview-heading">'
            '<h2 id="kb-preview-heading">Preview of the file</h2>'
            '<p>It will be saved as <code id="kb-filename">case_studies/untitled.md</code>.</p>'
            '<pre id="kb-preview" class="kb-preview-text" tabindex="0" role="region" '
            'aria-label="The file, as it will be saved"></pre>'
            '<p id="kb-preview-status" class="kb-status" aria-live="polite"></p></section>')


def send_html(on_github: bool, email: str | None = None) -> str:
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


