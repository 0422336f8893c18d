"""Safety by construction for everything contributed: escaping and sanitising in one place.

Every value from a file passes through :func:`esc` (Markdown text) or :func:`attr` (an HTML
attribute) before it reaches a page, so no value can become markup, script or a link. The
HTML of contributed text is cleaned by :func:`clean_html` (no script, no event handlers, no
javascript: links), between the markers :func:`sanitise_between` looks for.
"""

from __future__ import annotations

import html
import json
import re
import urllib.parse
from collections.abc import Callable
from typing import Any

import nh3

from .addresses import is_same_site

# Characters Python-Markdown treats specially; a backslash makes each literal.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def esc(value: Any) -> str:
    """Make any value safe as inline Markdown text: HTML-escaped, Markdown specials backslashed."""
    text = " ".join(str(value).split())
    # Backslashes first: the entities html.escape makes (&lt;) must stay intact.
    return html.escape(_MD_SPECIAL.sub(r"\\\1", text), quote=False)


def attr(value: Any) -> str:
    """Escape a value for a double-quoted HTML attribute."""
    return html.escape(str(value), quote=True)


def href(url: str) -> str:
    """An external address made safe as a Markdown link target: everything Markdown or HTML
    could read as syntax (brackets, braces, quotes, spaces, angle brackets) is percent-encoded,
    so the address can neither end the link early nor add attributes or links of its own."""
    return urllib.parse.quote(url, safe=":/?#@!$&*+,;=%-._~")


def link(text: Any, target: str) -> str:
    """A Markdown link whose text is escaped; ``target`` must be built by :mod:`kb.urls`."""
    return f"[{esc(text)}]({target})"


def json_script(data: Any) -> str:
    """JSON that is safe inside ``<script>``: no ``</script>``, ``<!--`` or ``&`` survives."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


# --- sanitising the HTML of contributed text --------------------------------------------------

#: The elements and attributes contributed HTML may keep; the validator's body policy
#: (kb.corpus.unsafe_html) allows exactly these, so a body it accepts loses nothing here.
ALLOWED_TAGS = set(nh3.ALLOWED_TAGS) | {"details", "summary", "figure", "figcaption", "mark",
                                         "section"}
ALLOWED_ATTRIBUTES = {tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()} | {
    "*": {"id", "class", "title", "lang", "dir"}}
ALLOWED_ATTRIBUTES.setdefault("a", set()).update({"href", "title"})
ALLOWED_ATTRIBUTES.setdefault("img", set()).update({"src", "alt", "width", "height"})
ALLOWED_ATTRIBUTES.setdefault("td", set()).update({"align", "colspan", "rowspan"})
ALLOWED_ATTRIBUTES.setdefault("th", set()).update({"align", "colspan", "rowspan", "scope"})


def sanitise_between(html: str, marker: str, clean: Callable[[str], str]) -> str:
    """Clean the part of ``html`` between ``<!-- marker -->`` and ``<!-- /marker -->``.

    The marker is random per build, so contributed text cannot close it early. If the end
    marker is missing, everything after the start is cleaned (failing safe).
    """
    start_tag, end_tag = f"<!-- {marker} -->", f"<!-- /{marker} -->"
    head, found, rest = html.partition(start_tag)
    if not found:
        return clean(html)
    body, found_end, tail = rest.partition(end_tag)
    if not found_end:
        return head + clean(rest)
    return head + clean(body) + tail


def clean_html(html: str) -> str:
    """nh3 (ammonia) with the tags and attributes Markdown output needs, and no more.

    Heading ids and classes stay, so the table of contents and code highlighting keep working;
    URLs may only be http(s), mailto or relative, and images only from the site.
    """
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel=None,
                     attribute_filter=_local_images_only)


def _local_images_only(tag: str, attribute: str, value: str) -> str | None:
    """Images may come only from the site itself: a picture from another host would make
    every reader's browser contact that host. The address is read as a browser reads it
    (``\\\\host/x.png`` and ``/\\host`` are ``//host``), after nh3 has decoded it."""
    if tag == "img" and attribute == "src" and not is_same_site(value):
        return None
    return value
