"""Find raw HTML and Markdown links in contributed text that could run script in a browser or
make it fetch something from another host.

The text is *parsed* as HTML (:class:`html.parser.HTMLParser`, which tokenises tags and quoted
attributes as a browser does), not matched against a pattern: a ``<`` inside a quoted
attribute cannot end a tag early. Raw HTML may use only the elements and attributes the site's
sanitiser keeps (:mod:`kb.html_safety`), so a body that passes is safe in any engine that passes
raw HTML through. Markdown link targets and reference definitions are found wherever they
stand (in block quotes and lists too). Every check runs in linear time on any text.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ..addresses import is_same_site, runs_script
from ..html_safety import ALLOWED_ATTRIBUTES, ALLOWED_TAGS
from ..names import quote

#: (offset in the text, diagnostic code, what the text does), e.g.
#: ``(120, "unsafe-html", "contains '<script>'")``.
Finding = tuple[int, str, str]

#: Python-Markdown's ``md_in_html`` reads this attribute and removes it.
_MARKDOWN_ATTR = "markdown"
_URL_ATTRS = frozenset({"href", "src", "cite"})
#: Where a browser starts a tag, end tag, comment or declaration.
_TAG_OPEN = re.compile(r"<[A-Za-z!?/]")
#: Autolinks (``<https://...>``, ``<a@b.org>``) are links in every Markdown engine, not tags.
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\x00-\x20<>]*)>"
                       r"|<[^\x00-\x20<>@]+@[^\x00-\x20<>@]+>")
_NOT_MARKUP = re.compile(r"<(?![A-Za-z!?/])")
_NAME_TOKEN = re.compile(r"[A-Za-z0-9_\-]+\Z")
#: An inline link target ``](url``; a reference definition ``[x]: url`` at the start of a line
#: or after block-quote and list markers (the URL may start on the next line).
_MD_URL = re.compile(r"\]\(\s*<?([^\n>]*)")
_REF_DEF = re.compile(r"^(?:[ \t]*(?:>|[-*+]|\d{1,9}[.)]))*[ \t]*\[([^\]\n]{1,999})\]:"
                      r"[ \t]*\n?[ \t>]*<?([^\s>]*)", re.M)
_IMAGE_REF = re.compile(r"!\[([^\]\n]{0,999})\](?:[ \t]?\[([^\]\n]{0,999})\])?")
_BRACKET = re.compile(r"[\[\]]")

#: A simple pattern of unsafe HTML, also run in the browser by the proposal form
#: (kb.pages.propose), so it stays JavaScript-compatible. ``kb validate`` runs the thorough
#: check, :func:`find_unsafe_html`.
BROWSER_PATTERN = re.compile(
    r"<\s*(script|iframe|object|embed|style|form|link|meta|base)\b"
    r"|<[^>]*\son[a-z]+\s*="
    r"|(?:href|src|action|formaction)\s*=\s*[\"']?\s*(?:javascript|vbscript|data):"
    r"|\]\(\s*<?\s*(?:javascript|vbscript|data):",
    re.I,
)


def find_unsafe_html(text: str) -> list[Finding]:
    """Every raw HTML construct, link or image in ``text`` (Markdown) that the body policy
    refuses, in order. Newlines must already be ``\\n``
    (see :func:`kb.corpus.body_policy.lines`)."""
    if "<" in text:  # a '<' before anything but a letter, '!', '?' or '/' is text to a browser
        found = _html_findings(_NOT_MARKUP.sub(" ", _AUTOLINK.sub(_blank_autolink, text)))
    else:
        found = []
    found += _autolink_findings(text) if "<" in text else []
    if "](" in text or "]:" in text:
        found += _markdown_link_findings(text)
    return sorted(set(found))


def check_address(offset: int, url: str, image: bool, entities: bool = True) -> list[Finding]:
    """A link (or, when ``image``, an image) address: no script, and images from the site."""
    if runs_script(url, entities=entities):
        return [(offset, "unsafe-html", f"links to {quote(url)}")]
    if image and not is_same_site(url, entities=entities):
        return [(offset, "remote-image", f"shows an image from another host, {quote(url)}")]
    return []


def _blank_autolink(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


def _autolink_findings(text: str) -> list[Finding]:
    return [f for m in _AUTOLINK.finditer(text) if m.group(1)
            for f in check_address(m.start(), m.group(1), image=False, entities=False)]


class _Unfinished(Exception):
    """Raised at the first unfinished tag: html.parser would rescan the rest of the text for
    every later ``<`` (quadratic time), and the text is refused already."""


def _html_findings(text: str, nested: bool = False) -> list[Finding]:
    parser = _PolicyParser(text, nested)
    try:
        parser.feed(text)
        parser.close()
    except _Unfinished:
        pass
    return parser.found


class _PolicyParser(HTMLParser):
    """Reports every tag, attribute and address outside the allow-list, and every ``<`` that a
    browser would read as markup but this parser could not (an unfinished tag)."""

    def __init__(self, text: str, nested: bool) -> None:
        super().__init__(convert_charrefs=False)  # data stays as written: &lt; is not a tag
        self.nested = nested
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.found: list[Finding] = []

    def _where(self) -> int:
        line, column = self.getpos()
        return self.starts[min(line, len(self.starts)) - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        where, text = self._where(), self.get_starttag_text() or f"<{tag}>"
        shown = f"contains {quote(_short(text))}"
        if tag not in ALLOWED_TAGS:
            self.found.append((where, "unsafe-html", shown))
            return
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ALLOWED_ATTRIBUTES["*"]
        for name, value in attrs:
            value = value or ""
            if name == _MARKDOWN_ATTR:
                continue
            if name not in allowed or not _plain_value(name, value):
                self.found.append((where, "unsafe-html", shown))
            elif name in _URL_ATTRS:  # already decoded by the parser
                self.found += check_address(where, value, tag == "img" and name == "src",
                                            entities=False)

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        """A ``<`` left as text, where a browser would start a tag (html.parser gives up on
        an unfinished tag and passes its ``<`` on alone)."""
        if "<" not in data:
            return
        start = self._where()
        for lt in re.finditer("<", data):
            at = start + lt.start()
            if _TAG_OPEN.match(self.text, at):
                self.found.append((at, "unsafe-html", "has an unfinished HTML tag, "
                                   + quote(_short(self.text[at:at + 80]))))
                raise _Unfinished

    def parse_html_declaration(self, i: int) -> int:
        try:
            return super().parse_html_declaration(i)
        except AssertionError:
            # before Python 3.13, a malformed "<![" stops html.parser with an AssertionError;
            # it is an unfinished tag (the whole text was fed at once: ``i`` is its offset)
            self.found.append((i, "unsafe-html", "has an unfinished HTML tag, "
                               + quote(_short(self.text[i:i + 80]))))
            raise _Unfinished from None

    def handle_comment(self, data: str) -> None:
        self._inner(data)

    def unknown_decl(self, data: str) -> None:
        self._inner(data)

    def handle_pi(self, data: str) -> None:
        self._inner(data)

    def handle_decl(self, decl: str) -> None:
        self._inner(decl)

    def _inner(self, data: str) -> None:
        """Browsers end comments and declarations in places this parser does not (``--!>``,
        ``<!-->``, the first ``>`` of ``<![CDATA[``): what is inside must pass as markup too."""
        if "<" in data or ">" in data:
            where = self._where()
            if self.nested:  # markup in a comment in a comment: refused, not parsed again
                self.found.append((where, "unsafe-html", "has markup inside an HTML comment"))
                return
            self.found += [(where, code, what) for _, code, what in _html_findings(data, True)]


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "..."


def _plain_value(name: str, value: str) -> bool:
    """``id`` and ``class`` hold plain names only (no quotes, spaces or markup)."""
    if name == "id":
        return bool(_NAME_TOKEN.match(value))
    if name == "class":
        return all(_NAME_TOKEN.match(token) for token in value.split())
    return True


def _markdown_link_findings(text: str) -> list[Finding]:
    found: list[Finding] = []
    openers = _openers(text) if "](" in text else {}
    for link in _MD_URL.finditer(text):
        opener = openers.get(link.start(), 0)
        image = opener > 0 and text[opener - 1] == "!"
        found += check_address(link.start(), _balanced(link.group(1)), image)
    images = {_label(m.group(2) or m.group(1)) for m in _IMAGE_REF.finditer(text)}
    for ref in _REF_DEF.finditer(text):
        found += check_address(ref.start(), ref.group(2), _label(ref.group(1)) in images)
    return found


def _label(text: str) -> str:
    return " ".join(text.split()).casefold()


def _openers(text: str) -> dict[int, int]:
    """Offset of each ``]`` -> offset of the ``[`` it closes (one pass, any nesting)."""
    stack: list[int] = []
    pairs = {}
    for bracket in _BRACKET.finditer(text):
        if bracket.group() == "[":
            stack.append(bracket.start())
        elif stack:
            pairs[bracket.start()] = stack.pop()
    return pairs


def _balanced(url: str) -> str:
    """A link target up to the ``)`` that closes the link: ``alert(1)).`` -> ``alert(1)``."""
    depth = 0
    for i, char in enumerate(url):
        if char == "(":
            depth += 1
        elif char == ")":
            if not depth:
                return url[:i]
            depth -= 1
    return url

