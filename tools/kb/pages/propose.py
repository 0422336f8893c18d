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
from ..corpus.provenance import SOURCE_CUTOFF
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
    RECORD_TARGET,
    REFERENCE_KIND,
    Field,
)
from ..urls import root_prefix
from . import SiteOptions
from .propose_form import datalists, form_html, preview_html, send_html

SRC = "contribute/propose.md"
ASSETS = Path(__file__).parent / "assets"
#: GitHub puts the new file in the URL; beyond this length browsers and GitHub refuse it.
MAX_URL = 8000
BRANCH = "main"

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
        "cutoffs": {"names": SUGGEST_CUTOFF, "records": RECORD_CUTOFF,
                    "sources": SOURCE_CUTOFF},
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
    # as kb.corpus.provenance.Sources.suggest: the ids and titles of registered sources
    registered = [e for e in corpus.entities("sources").values() if not e.generated]
    choices["sources"] = ([[e.id, e.id] for e in registered]
                          + [[str(e.data.get("title", e.id)), e.id] for e in registered])
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
        form_html(config),
        f'<div class="kb-propose-side">{preview_html()}{send_html(bool(new_url), email)}</div>',
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
published what, and when. A contribution needs the kind of account, a title, at least one
source and the account itself (and the confirmation at the end); leave out anything else you
do not know.

{html}
"""


def _email_link(email: str) -> str:
    return f'<a href="mailto:{attr(email)}">{attr(email)}</a>'


def _json_bytes(data: Any) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
