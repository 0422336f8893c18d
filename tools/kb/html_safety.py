"""Escaping for values that come from contributed files.

Every value from a file passes through :func:`esc` (Markdown text) or :func:`attr` (an HTML
attribute) before it reaches a page, so no value can become markup, script or a link.
"""

from __future__ import annotations

import html
import json
import re
import urllib.parse
from typing import Any

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
