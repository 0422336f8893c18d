"""Addresses as a browser reads them, for deciding whether a link can run script and whether
an image or other media would be fetched from another host.

Browsers remove tabs, newlines and carriage returns anywhere in an address, trim leading and
trailing control characters and spaces, and read backslashes as slashes in web addresses. So
``\\\\host/x.png``, ``/\\host/x.png`` and ``/<tab>/host`` all mean ``//host/...``: another
host. Every check here looks at the address after that normalisation.
"""

from __future__ import annotations

import html
import re

_EDGES = "".join(chr(c) for c in range(0x21))
_REMOVED = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"[a-z][a-z0-9+.\-]*:", re.I)
_ALL_CONTROLS = re.compile(r"[\x00-\x20]+")
#: Schemes that run script or carry a document of their own when followed.
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")


def as_browser_reads(url: str, *, entities: bool = False) -> str:
    """``url`` normalised as a browser's URL parser would read it (character references
    decoded first when ``entities``, as in HTML attributes and Markdown link targets)."""
    if entities:
        url = html.unescape(url)
    return _REMOVED.sub("", url.strip(_EDGES)).replace("\\", "/")


def is_same_site(url: str, *, entities: bool = False) -> bool:
    """True when ``url`` can only name something on the site itself: no scheme (``https:``,
    ``data:``) and no host (``//host``), after normalising it as a browser does."""
    url = as_browser_reads(url, entities=entities)
    return not (_SCHEME.match(url) or url.startswith("//"))


def runs_script(url: str, *, entities: bool = False) -> bool:
    """True when following ``url`` could run script (``javascript:``, also written
    ``&#106;ava script:`` or with control characters inside)."""
    url = _ALL_CONTROLS.sub("", as_browser_reads(url, entities=entities)).lower()
    return url.startswith(SCRIPT_SCHEMES)
