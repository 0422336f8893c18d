"""Where each record and entity lives in the site. Ids are checked safe before they get here."""

from __future__ import annotations

import posixpath

from .kinds import KINDS

#: Folder of each kind of page; records use their collection name.



def page_uri(kind: str, item_id: str) -> str:
    """Source path of a record or entity page, e.g. ``page_uri("people", "rob-wilson")``."""
    return f"{KINDS[kind].folder}/{item_id}.md"


def index_uri(kind: str) -> str:
    """Source path of the index page that lists every item of ``kind``."""
    return f"{KINDS[kind].folder}/index.md"


def site_path(src_uri: str) -> str:
    """The URL path (directory URLs) of a source path: ``people/x.md`` -> ``people/x/``."""
    if src_uri == "index.md":
        return ""
    if src_uri.endswith("/index.md"):
        return src_uri[: -len("index.md")]
    return src_uri[:-3] + "/"


def relative(from_uri: str, to_uri: str) -> str:
    """A Markdown link target from one source page to another (MkDocs resolves and checks it).

    Equivalent to ``posixpath.relpath(to_uri, dirname(from_uri))`` for our paths, without its
    cost (it is called for every link of every page).
    """
    folder = posixpath.dirname(from_uri)
    if not folder:
        return to_uri
    if to_uri.startswith(folder + "/"):
        return to_uri[len(folder) + 1:]
    return "../" * (folder.count("/") + 1) + to_uri


def root_prefix(src_uri: str) -> str:
    """``../`` repeated to reach the site root from the built page of ``src_uri``."""
    return "../" * site_path(src_uri).count("/") or "./"
