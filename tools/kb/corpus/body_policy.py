"""The body policy: what the Markdown text of a record may contain, checked on the parsed text.

A body is refused (and withheld from every output, whatever the engine) when it has

- raw HTML outside the sanitiser's allow-list, an event handler, or a link that runs script
  (``unsafe-html``; see :mod:`kb.corpus.unsafe_html`, which parses the HTML as a browser does);
- an attribute list, ``{: ...}``, ``{#id}``, ``{.class}`` (``attribute-list``): it writes HTML
  attributes, and Material copies a heading's id into the table of contents unescaped;
- an image from another host, read as a browser reads addresses (``remote-image``).

Two readings are checked. The text itself, so that any engine is covered (reference
definitions in quotes and lists, attribute-list syntax wherever it stands); and the text
rendered by Python-Markdown with the site's extensions, so that what the site's own engine
makes of it (every attribute list it applies, every link and image it builds) is checked too.
Line breaks are normalised first, exactly as the page planner does, so what is checked is what
is published.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.extensions.attr_list import AttrListTreeprocessor

from ..model import Diagnostic, Document
from ..names import quote
from .unsafe_html import Finding, check_address, find_unsafe_html

#: The Markdown extensions of the site, as in mkdocs.yml (a test keeps the two equal).
EXTENSIONS = ("attr_list", "md_in_html", "def_list", "tables", "admonition", "toc")
EXTENSION_CONFIGS: dict[str, dict[str, Any]] = {"toc": {"permalink": True}}
#: The codes of the body policy; a body with any of them is withheld from the pages.
POLICY_CODES = frozenset({"unsafe-html", "attribute-list", "remote-image"})

#: Attribute-list syntax of any engine (Python-Markdown, kramdown, Pandoc, markdown-it-attrs):
#: a brace, perhaps a colon, then an id, a class or a ``name=``.
_ATTR_LIKE = re.compile(r"\{:?[ \t]*(?:[#.][^\s{}]|[A-Za-z_:][\w:.\-]*[ \t]*=)")
#: Above this many brackets Python-Markdown's link parsing takes seconds (it is quadratic).
_MAX_BRACKETS = 1000

_MESSAGES = {
    "unsafe-html": "the text {what}, which could run code in a reader's browser; remove it "
                   "(raw HTML may use only the elements and attributes listed in the field "
                   "reference: no scripts, event handlers such as onclick=, frames or "
                   "javascript: links; write &lt; for a '<' that is not a tag)",
    "attribute-list": "the text has the attribute list {what}, which would set HTML "
                      "attributes on the page; remove it (attribute lists are not allowed in a "
                      "record's text; headings get their ids from their words)",
    "remote-image": "the text {what}, which would make every reader's browser contact that "
                    "host; link to the image instead, e.g. [the picture](https://...)",
}


def normalise(body: str) -> str:
    """The body with every line break (``\\r\\n``, ``\\r``, U+2028, U+0085, ...) as ``\\n``:
    what the validator checks and the page planner publishes."""
    return "\n".join(body.splitlines())


def check_body_policy(doc: Document) -> list[Diagnostic]:
    """The body policy's diagnostics for ``doc``, each at its line in the file."""
    text = normalise(doc.body)
    findings = find_body_findings(text)
    if not findings:
        return []  # the usual answer: no lines to work out
    pieces = doc.body.splitlines(keepends=True)
    first_lines, line = [], doc.body_line
    for piece in pieces:  # the file's line of each normalised line
        first_lines.append(line)
        line += piece.endswith("\n")
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    seen, diagnostics = set(), []
    for offset, code, what in findings:
        index = _line_of(starts, offset)
        at = first_lines[index] if index < len(first_lines) else doc.body_line
        if (at, code) not in seen:
            seen.add((at, code))
            diagnostics.append(Diagnostic(doc.path, at, "error", code,
                                          _MESSAGES[code].format(what=what)))
    return diagnostics


def find_body_findings(text: str) -> list[Finding]:
    """Every finding of the policy in ``text`` (already :func:`normalise`-d), in order."""
    found = find_unsafe_html(text)
    found += [(m.start(), "attribute-list", quote(_brace(text, m.start())))
              for m in _ATTR_LIKE.finditer(text)]
    if not found and any(char in text for char in "{[<"):  # refused already: no need
        found += _rendered_findings(text)
    return sorted(set(found))


def _brace(text: str, start: int) -> str:
    end = text.find("}", start, start + 200)
    return text[start:end + 1] if end >= 0 else text[start:start + 40]


def _line_of(starts: list[int], offset: int) -> int:
    low, high = 0, len(starts)
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if starts[middle] <= offset else (low, middle)
    return low


def _rendered_findings(text: str) -> list[Finding]:
    """What Python-Markdown, configured as the site, makes of ``text``: the attribute lists it
    applies and the links and images it builds, located back in the text."""
    if text.count("[") > _MAX_BRACKETS:
        return [(0, "unsafe-html", f"has more than {_MAX_BRACKETS:,} '[' to be checked")]
    md, recorded = _markdown()
    try:
        rendered = md.reset().convert(text)
    except RecursionError:
        return [(0, "unsafe-html", "is nested too deeply to be checked")]
    found = [(_locate(text, attrs), "attribute-list", quote("{" + attrs + "}"))
             for attrs in recorded]
    walker = _RenderedParser()
    walker.feed(rendered)
    walker.close()
    found += [(_locate(text, needle), code, what) for needle, code, what in walker.found]
    recorded.clear()
    return found


def _locate(text: str, needle: str) -> int:
    """Where ``needle`` is in ``text``, or the start of the text when it was rewritten."""
    return max(text.find(needle), 0) if needle else 0


_INSTANCE: tuple[markdown.Markdown, list[str]] | None = None


def _markdown() -> tuple[markdown.Markdown, list[str]]:
    """One Markdown instance for every body (building one costs more than most conversions),
    and the list its attribute-list recorder fills."""
    global _INSTANCE
    if _INSTANCE is None:
        recorder = _RecordAttrLists()
        md = markdown.Markdown(extensions=[*EXTENSIONS, recorder],
                               extension_configs=EXTENSION_CONFIGS)
        _INSTANCE = md, recorder.seen
    return _INSTANCE


class _RecordAttrLists(Extension):
    """Replaces attr_list's tree processor by one that notes every attribute list applied."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's name)
        md.treeprocessors.register(_Recorder(md, self.seen), "attr_list", 8)


class _Recorder(AttrListTreeprocessor):
    def __init__(self, md: markdown.Markdown, seen: list[str]) -> None:
        super().__init__(md)
        self.seen = seen

    def assign_attrs(self, elem: Any, attrs_string: str, *args: Any, **kwargs: Any) -> str:
        self.seen.append(attrs_string)  # (keywords differ between Markdown releases)
        return str(super().assign_attrs(elem, attrs_string, *args, **kwargs) or "")


class _RenderedParser(HTMLParser):
    """Walks Python-Markdown's output: event handlers, script links, images from elsewhere.
    (Raw HTML is checked on the text itself, where its line is known.)"""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []  # (text to locate, code, what)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.append((name, "unsafe-html", f"sets the event handler {quote(name)}"))
            elif name in ("href", "src"):
                image = tag == "img" and name == "src"
                self.found += [(value, code, what) for _, code, what
                               in check_address(0, value, image, entities=False)]

    handle_startendtag = handle_starttag
