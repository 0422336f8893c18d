"""Make the HTML of contributed text safe: no script, no event handlers, no javascript: links."""

from __future__ import annotations

from collections.abc import Callable

import nh3

from .addresses import is_same_site

#: The elements and attributes contributed HTML may keep; the validator's body policy
#: (kb.unsafe_html) allows exactly these, so a body it accepts loses nothing here.
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
