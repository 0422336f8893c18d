"""Commands for contributors and reviewers: ``kb new``, ``kb schema`` and ``kb summary``."""

from __future__ import annotations

import json
import sys
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..contrib.new_record import (
    COLLECTION_SCHEMA,
    CONSENT_CHOICES,
    INFERRED_EXAMPLES,
    JUDGED,
    Draft,
    NewRecordError,
    UnknownSource,
    choose_id,
    consent_answer,
    describe_source,
    fields_of,
    needs_consent,
    new_record_problems,
    normalise,
    record_path,
    render_record,
    suggestions,
    with_consent,
)
from ..contrib.pr_summary import summarise_changes
from ..corpus import Corpus, corpus_vocabulary, load_corpus
from ..json_schema import SCHEMA_NAMES, all_schemas, schema_for
from ..kinds import RECORD_KINDS
from ..pages.settings import site_setting
from ..schema import ITEM_LABELS, Field
from .options import knowledge_base, root_option

#: Fields that take 'A | B | C' on one line, and what the parts are.
_PARTS = {"person-list": "Name | Organisation | Role | Consent",
          "source-list": "source id | where in it"}


def _field_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """One option per field of any collection, generated from the content model."""
    fields: dict[str, Field] = {}
    kinds: dict[str, list[str]] = {}
    for kind in RECORD_KINDS:
        for f in fields_of(kind):
            if kind != "seminar" or f.name not in fields:
                fields[f.name] = f  # shared fields are described as for case studies
            kinds.setdefault(f.name, []).append(kind)
    for name, f in reversed(list(fields.items())):
        every = len(kinds[name]) == len(RECORD_KINDS)
        only = "" if every else f" ({', '.join(kinds[name])} only)"
        func = click.option(f"--{name.replace('_', '-')}", name, multiple=f.is_list,
                            metavar="TEXT", help=f"{f.description}{_hint(f)}{only}")(func)
    return func


def _hint(f: Field) -> str:
    if f.type in _PARTS:
        hint = f" Write each as '{_PARTS[f.type]}'."
    elif f.name in JUDGED:
        hint = (" Add ' | why' to one you include by your own reading, when the sources do "
                "not say it (readers see why).")
    elif f.type == "date" and "YYYY" not in f.description:
        hint = " Write YYYY, YYYY-MM, YYYY-MM-DD or unknown."
    elif f.type == "count":
        hint = " A whole number."
    elif f.type == "choice":
        hint = f" One of: {', '.join(f.choices)}."
    else:
        hint = ""
    if f.claim:
        hint += (f" Add ' | why' when no source states the {f.name} and you infer it (readers "
                 "see why); the reason is required after the '|'.")
    return hint + (" Repeat the option for each one." if f.is_list else "")


@click.command()
@click.argument("kind", type=click.Choice(list(RECORD_KINDS)))
@_field_options
@click.option("--id", "record_id", metavar="ID",
              help="The file name without .md (default: made from the title).")
@click.option("--new-source", "new_sources", multiple=True, metavar="TEXT",
              help="A source that registries/sources.yml does not list yet, written as "
                   "'Title | Publisher | Date | URL | Authority' (the authority, who speaks in "
                   "it with what standing, is required; a reviewer adds it to the registry). "
                   "Repeat the option for each one.")
@click.option("--no-input", is_flag=True,
              help="Do not ask questions; use only the options given (for scripts). Without a "
                   "terminal (a script, CI, input from a file) kb new never asks anyway.")
@root_option
def new(kind: str, record_id: str | None, new_sources: tuple[str, ...], no_input: bool,
        root: Path | None, **given: Any) -> None:
    """Start a new record of KIND: case-study, good-practice or seminar.

    Asks for each field (press Enter to skip one, type ? to list known values), or takes them
    as options. For each person not yet in the registry it asks whether they agreed to be
    named (named, role-only or not sure; not sure is written as role-only). Writes a file that
    passes `kb validate` and never overwrites one. Without a terminal it asks nothing, as with
    --no-input.
    """
    if not no_input and not _has_terminal():
        no_input = True
        click.echo("No terminal to ask questions at: the file is written from the options "
                   "given, as with --no-input.", err=True)
    corpus = _load(root)
    fields = fields_of(kind)
    wrong = [f"--{k.replace('_', '-')}" for k, v in given.items()
             if v not in (None, ()) and k not in {f.name for f in fields}]
    if wrong:
        raise click.UsageError(f"{', '.join(wrong)} cannot be used for a {kind}")
    draft = Draft(kind, {})
    for f in fields:
        value = given.get(f.name)
        if value not in (None, ()):
            _from_option(corpus, f, value, draft)
        elif not no_input:
            _from_prompt(corpus, f, draft)
        elif f.required:
            raise click.UsageError(f"--{f.name} is required with --no-input (and without a "
                                   "terminal)")
    for text in new_sources:
        try:
            draft.values.setdefault("sources", []).append(describe_source(corpus, text))
        except NewRecordError as exc:
            raise click.BadParameter(str(exc), param_hint="--new-source") from None
    try:
        record_id = choose_id(draft.values["title"], corpus, record_id)
    except NewRecordError as exc:
        raise click.ClickException(str(exc)) from None
    _write(corpus, draft, record_id)


def _load(root: Path | None) -> Corpus:
    return load_corpus(knowledge_base(root))


def _has_terminal() -> bool:
    """Whether questions can be asked: standard input is a terminal."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):  # closed, or replaced by something without isatty
        return False


def _from_option(corpus: Corpus, f: Field, value: Any, draft: Draft) -> None:
    items = list(value) if f.is_list else [value]
    out = []
    for item in items:
        try:
            normal, _ = normalise(corpus, f, item)  # the written file's check reports notes
        except NewRecordError as exc:
            raise click.BadParameter(str(exc), param_hint=f"--{f.name.replace('_', '-')}") from None
        name = needs_consent(corpus, normal) if f.type == "person-list" else None
        if name:  # consent is never assumed: unsaid is written as role-only
            normal = with_consent(normal, "role-only")
            click.echo(f"Note: no consent given for '{name}', so they are written as role-only "
                       "until they confirm; add '| named' as the fourth part if they agreed to "
                       "be named.")
        out.append(normal)
    draft.values[f.name] = out if f.is_list else out[0]


def _from_prompt(corpus: Corpus, f: Field, draft: Draft) -> None:
    hint = f" ({_PARTS[f.type]})" if f.type in _PARTS else ""
    known = suggestions(corpus, f)
    if f.is_list:
        click.echo(f"{_label(f)}: {f.description} One at a time{hint}; an empty line to finish"
                   + ("; ? to list known ones." if known else "."))
        values, n = [], 1
        while True:
            answer = _ask(corpus, f, f"  {ITEM_LABELS.get(f.name, _label(f))} {n}", known,
                          required=False, draft=draft)
            if answer is None:
                break
            values.append(answer)
            n += 1
        draft.values[f.name] = values
        return
    label = f"{_label(f)}{hint}" + ("" if f.required else " (Enter to skip)")
    if f.claim:  # a date or status no source states is written with its reason
        value, why = INFERRED_EXAMPLES[f.type]
        click.echo(f"{_label(f)}: when no source states it, add ' | why', e.g. "
                   f"'{value} | {why}' (readers see why).")
    answer = _ask(corpus, f, label, known, f.required, draft)
    if answer is not None:
        draft.values[f.name] = answer


def _ask(corpus: Corpus, f: Field, label: str, known: list[str], required: bool,
         draft: Draft) -> Any:
    with _Completion(known):
        while True:
            text = click.prompt(label, default="", show_default=False).strip()
            if text == "?" and known:
                click.echo("  Known values: " + "; ".join(known))
                continue
            if not text:
                if not required:
                    return None
                click.echo(f"  '{f.name}' is required.")
                continue
            try:
                value, note = normalise(corpus, f, text)
            except UnknownSource as exc:
                value, note = _maybe_new_source(corpus, exc), None
                if value is None:
                    continue
            except NewRecordError as exc:
                click.echo(f"  {exc}")
                continue
            if note:
                click.echo(f"  Note: {note}")
            name = needs_consent(corpus, value) if f.type == "person-list" else None
            return with_consent(value, _ask_consent(name)) if name else value


def _maybe_new_source(corpus: Corpus, unknown: UnknownSource) -> dict[str, str] | None:
    """A source no registry lists, described as a new one when the contributor says it is
    new (None: asked again)."""
    click.echo(f"  {unknown}")
    if not click.confirm(f"  Is '{unknown.title}' a new source, to describe here?",
                         default=False):
        return None
    parts = [unknown.title]
    for label in ("Publisher", "Date", "Web address"):
        parts.append(click.prompt(f"    {label} (Enter if not known)", default="",
                                  show_default=False).strip())
    parts.append(click.prompt("    Authority: who speaks in it, with what standing (e.g. "
                              "the council's own account of its work)").strip())
    try:
        return describe_source(corpus, " | ".join(parts))
    except NewRecordError as exc:  # a date or address it cannot read: the source is asked again
        click.echo(f"    {exc}")
        return None


def _ask_consent(name: str) -> str:
    """Whether a new person agreed to be named; not sure is written as role-only."""
    answer = click.prompt(f"  Did {name} agree to be named? (not sure is written as role-only "
                          "until they confirm)", type=click.Choice(CONSENT_CHOICES,
                                                                    case_sensitive=False))
    return consent_answer(answer)


class _Completion:
    """Tab completion from ``words`` while a prompt reads a terminal (readline)."""

    def __init__(self, words: list[str]) -> None:
        self.words = words
        self.saved: Any = None

    def __enter__(self) -> None:
        try:
            import readline
        except ImportError:  # pragma: no cover - Windows without pyreadline
            return
        self.saved = readline.get_completer()
        readline.set_completer_delims("")
        readline.set_completer(self._complete)
        readline.parse_and_bind("tab: complete")

    def __exit__(self, *exc: object) -> None:
        try:
            import readline
        except ImportError:  # pragma: no cover
            return
        readline.set_completer(self.saved)

    def _complete(self, text: str, state: int) -> str | None:
        matches = [w for w in self.words if w.lower().startswith(text.lower())]
        matches += [w for w in self.words if text.lower() in w.lower() and w not in matches]
        return matches[state] if state < len(matches) else None


def _label(f: Field) -> str:
    return f.name.replace("_", " ").capitalize()


def _write(corpus: Corpus, draft: Draft, record_id: str) -> None:
    rel = record_path(draft.kind, record_id)
    path = corpus.root / rel
    text = render_record(draft, _schema_url(corpus.root, draft.collection))
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as out:
            out.write(text)
    except FileExistsError:
        raise click.ClickException(f"{rel} already exists; files are never overwritten") from None
    errors, warnings = new_record_problems(load_corpus(corpus.root).diagnostics, rel)
    if errors:
        path.unlink()
        raise click.ClickException("the new file would not pass `kb validate`, so it was not "
                                   "kept:\n" + "\n".join(d.format() for d in errors))
    click.echo(f"\nWrote {rel}")
    for d in warnings:
        click.echo(f"  Note: {d.message}")
    for name, consent in _new_people(draft):
        click.echo(f"  New person: {name} (consent: {consent}). A reviewer confirms it with you "
                   "and adds them to registries/people.yml.")
    click.echo(_next_steps(rel, preview_url(corpus.root)))


def _new_people(draft: Draft) -> list[tuple[str, str]]:
    """(name, consent) of each person the draft states consent for: those new to the
    registry."""
    return [(p["name"], p["consent"]) for value in draft.values.values()
            if isinstance(value, list) for p in value if isinstance(p, dict) and "consent" in p]


def _next_steps(rel: str, preview: str) -> str:
    return (f"\nNext steps:\n"
            f"  1. Open {rel} and write the text under each heading, replacing the <!-- --> "
            "prompts. Say where each fact comes from.\n"
            f"  2. Check it: kb validate {rel}\n"
            f"  3. Preview the site: mkdocs serve, then open {preview}\n"
            "  4. Commit it on a new branch and open a pull request (see CONTRIBUTING.md).")


def preview_url(root: Path) -> str:
    """Where ``mkdocs serve`` shows the site: its own address, under the path of site_url
    (``http://127.0.0.1:8000/knowledge-base/``)."""
    path = urllib.parse.urlsplit(site_setting(root, "site_url") or "/").path or "/"
    return "http://127.0.0.1:8000" + ("/" + path.strip("/") + "/").replace("//", "/")


def _schema_url(root: Path, collection: str) -> str:
    name = COLLECTION_SCHEMA[collection]
    site_url = site_setting(root, "site_url")
    if site_url:
        return f"{site_url.rstrip('/')}/schema/{name}.schema.json"
    return f"../schema/{name}.schema.json"


@click.command()
@click.argument("names", nargs=-1, type=click.Choice(list(SCHEMA_NAMES)))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write <name>.schema.json files into this folder (all of them when no NAMES "
                   "are given) instead of printing.")
@click.option("--no-vocabulary", is_flag=True,
              help="Leave out the values from the registries (themes, barriers, names), so "
                   "the schema describes only the shape of the fields.")
@root_option
def schema(names: tuple[str, ...], out: Path | None, no_vocabulary: bool,
           root: Path | None) -> None:
    """Print or write the JSON Schema of NAMES (seminar, case-study, or a registry).

    Editors use these to complete and check fields while you type; the site publishes them
    under /schema/. They are generated from the same content model as `kb validate`.
    """
    vocabulary = None if no_vocabulary else corpus_vocabulary(_load(root))
    if out is None:
        if len(names) != 1:
            raise click.UsageError("name one schema to print (e.g. kb schema case-study), or "
                                   "give --out DIR to write several")
        click.echo(json.dumps(schema_for(names[0], vocabulary), indent=2, ensure_ascii=False))
        return
    out.mkdir(parents=True, exist_ok=True)
    for file_name, data in all_schemas(vocabulary).items():
        if not names or file_name.removesuffix(".schema.json") in names:
            (out / file_name).write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n",
                                         encoding="utf-8")
            click.echo(f"Wrote {out / file_name}")


@click.command()
@click.option("--base", type=click.Path(exists=True, file_okay=False, path_type=Path),
              required=True, help="The knowledge base to compare with, e.g. a git worktree of "
                                  "the base branch.")
@root_option
def summary(base: Path, root: Path | None) -> None:
    """Describe in Markdown what the knowledge base adds to the one in --base.

    For pull-request job summaries: new records, new people and organisations, new links in
    the network, and a checklist for reviewers.
    """
    head = _load(root)
    click.echo(summarise_changes(load_corpus(base.resolve()), head), nl=False)


__all__ = ["new", "preview_url", "schema", "site_setting", "summary"]
