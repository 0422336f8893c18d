"""Find raw HTML and links in contributed Markdown that could run script in a browser.

``kb validate`` reports them with their lines, so contributors fix them before the page is
built (where the renderer escapes and sanitises regardless). Every check runs in linear time,
whatever the text: no regular expression here can backtrack across the whole input.
"""

from __future__ import annotations

import html
import re

from .names import quote

_UNSAFE_TAGS = frozenset("script iframe frame frameset object embed applet style form link meta "
                         "base svg math template noscript".split())
#: An HTML tag: ``<`` and a letter, up to ``>`` or the next ``<``; linear time on any text.
_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)([^<>]*)>?")
_HANDLER = re.compile(r"[\s/\"']on[a-z]+\s*=", re.I)
_URL_ATTR = re.compile(r"(?:href|src|action|formaction|xlink:href|data|poster|background)"
                       r"""\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
#: Markdown links and images ``](url)`` and reference definitions ``[x]: url``.
# An inline link target, or a link definition (whose URL may start on the next line).
_MD_URL = re.compile(r"\]\(\s*<?([^\s>]*)|^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*\n?[ \t]*<?([^\s>]*)",
                     re.M)
_SCHEME_JUNK = re.compile(r"[\x00-\x20]+")
_BAD_SCHEMES = ("javascript:", "vbscript:", "data:")


#: A simple pattern of unsafe HTML, also run in the browser by the proposal form
#: (kb.contrib_pages), so it stays JavaScript-compatible. ``kb validate`` runs the thorough
#: check, :func:`find_unsafe_html`.
BROWSER_PATTERN = re.compile(
    r"<\s*(script|iframe|object|embed|style|form|link|meta|base)\b"
    r"|<[^>]*\son[a-z]+\s*="
    r"|(?:href|src|action|formaction)\s*=\s*[\"']?\s*(?:javascript|vbscript|data):"
    r"|\]\(\s*<?\s*(?:javascript|vbscript|data):",
    re.I,
)


def find_unsafe_html(text: str) -> list[tuple[int, str]]:
    """Where ``text`` has a dangerous tag, event handler or script link: (offset, what),
    e.g. ``(120, "contains '<script>'")`` or ``(300, "links to 'javascript:alert(1)'")``.

    Tags may span lines and URLs may hide their scheme behind character references
    (``&#106;avascript:``) or spaces, as browsers allow. Runs in linear time.
    """
    found = []
    if "<" in text:
        for tag in _TAG_RE.finditer(text):
            if not tag.group(1) and _unsafe_tag(tag.group(2), tag.group(3)):
                found.append((tag.start(), f"contains {quote(' '.join(tag.group(0).split()))}"))
    if "](" in text or "]:" in text:
        for link in _MD_URL.finditer(text):
            url = _balanced(link.group(1) or link.group(2) or "")
            if _unsafe_url(url):
                found.append((link.start(), f"links to {quote(url)}"))
    return sorted(found)


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


def _unsafe_tag(name: str, attributes: str) -> bool:
    if name.lower() in _UNSAFE_TAGS or _HANDLER.search(attributes):
        return True
    return any(_unsafe_url(next(v for v in m.groups() if v is not None))
               for m in _URL_ATTR.finditer(attributes))


def _unsafe_url(url: str) -> bool:
    url = _SCHEME_JUNK.sub("", html.unescape(url)).lower()
    return url.startswith(_BAD_SCHEMES)
