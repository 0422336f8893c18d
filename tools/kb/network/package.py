"""The downloads as research data: a Frictionless Data Package and one zip of every file.

``datapackage.json`` describes every file: for each CSV, a Table Schema whose fields, types
and descriptions are the codebook (:mod:`kb.network.codebook`), with keys between the tables;
for the others, their format. It states the licence, version, sources and how to credit the
data, and each file's size and SHA-256, so ``frictionless validate datapackage.json`` checks
the lot. ``isipp-network.zip`` holds every file with the package, so one download is a valid
package. Both are byte-identical for the same corpus: no date but the data's own.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import queue
import shutil
import threading
import zipfile
from importlib.metadata import PackageNotFoundError, version

from .codebook import column
from .export import LICENCE, LICENCE_URL, STEM
from .files import Files

#: What the package, CITATION.cff and the data page call the work and its makers (the
#: attribution the data page has always asked for).
TITLE = "Information Sharing in Policy and Practice: knowledge base and collaboration network"
ATTRIBUTION = "Information Sharing in Policy and Practice knowledge base"
REPOSITORY = "https://github.com/information-sharing/knowledge-base"
SITE = "https://information-sharing.github.io/knowledge-base/"
LICENCE_ID = "CC-BY-4.0"
PACKAGE = "datapackage.json"
ZIP = f"{STEM}.zip"
#: Zip compression: fast (level 1 is about five times as fast as the default, 10% larger).
ZIP_LEVEL = 1
#: Bytes the zip's thread reads and compresses at a time.
ZIP_BLOCK = 8 << 20

_FORMATS = {"graphml": ("application/graphml+xml", "GraphML: Gephi, Cytoscape, yEd, networkx, "
                        "igraph."),
            "gexf": ("application/gexf+xml", "GEXF 1.2 for Gephi: the site's layout, colours "
                     "and sizes, and time as spells."),
            "json": ("application/json", "networkx node-link JSON (edges=\"edges\")."),
            "csv": ("text/csv", "")}
_TABLES = {"csv/nodes.csv": ("nodes", "Nodes: people, organisations, records, themes, "
                             "barriers, places, sectors and projects, with their measures."),
           "csv/edges.csv": ("edges", "Ties, typed by relation, with the records that assert "
                             "them.")}


def data_version() -> str:
    """The version of the data: the knowledge base's own (pyproject.toml, CITATION.cff)."""
    try:
        return version("isipp-kb")
    except PackageNotFoundError:  # run from a source tree that is not installed
        return "0+unknown"


def write_package(files: Files) -> None:
    """Add ``datapackage.json``, describing every file written so far."""
    descriptor = data_package({name: _described(files, name) for name in sorted(files.names)})
    with files.create(PACKAGE) as out:
        out.write((json.dumps(descriptor, ensure_ascii=False, indent=1) + "\n").encode())


class Bundler:
    """The zip of the downloads, made in a second thread from each file as soon as it is
    written, so that its compression overlaps the writing of the next file.

    Reading, checksumming, compressing and writing a block all run in C without Python's
    global lock, so on a machine with two cores the zip costs the writers almost nothing (at
    10,000 records it is 1.4 s of deflate, otherwise added at the end). Members are in the
    order they are added (the files in name order, ``datapackage.json`` last, since it
    describes them all), dated ``last_modified``: the same bytes every time.
    """

    def __init__(self, files: Files, last_modified: str) -> None:
        self.files = files
        self.stamp = tuple(int(p) for p in last_modified.split("-")) + (0, 0, 0)
        self._queue: queue.SimpleQueue[str | None] = queue.SimpleQueue()
        self._error: BaseException | None = None
        self._stack = contextlib.ExitStack()
        self._thread = threading.Thread(target=self._run, name="kb-zip", daemon=True)

    def __enter__(self) -> Bundler:
        # the zip seeks back to finish each entry, so it is not hashed as it is written
        out = self._stack.enter_context(self.files.create(ZIP, digest=False))
        self._archive = self._stack.enter_context(zipfile.ZipFile(
            out, "w", zipfile.ZIP_DEFLATED, compresslevel=ZIP_LEVEL))
        self._thread.start()
        return self

    def add(self, name: str) -> None:
        """Zip the file ``name`` (already written and closed), in the background."""
        self._queue.put(name)

    def __exit__(self, *exc: object) -> None:
        self._queue.put(None)
        self._thread.join()
        self._stack.close()
        if self._error is not None and exc[0] is None:
            raise self._error

    def _run(self) -> None:
        while (name := self._queue.get()) is not None:
            if self._error is None:
                try:
                    self._zip(name)
                except BaseException as error:  # raised again in the writing thread
                    self._error = error

    def _zip(self, name: str) -> None:
        info = zipfile.ZipInfo(f"{STEM}/{name}", date_time=self.stamp[:6])  # type: ignore[arg-type]
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        # what ZipFile.writestr(info, data, compresslevel) sets; open() takes it from info
        info._compresslevel = ZIP_LEVEL  # type: ignore[attr-defined]
        # the size as writestr gives it: the header records it, and so the same bytes
        info.file_size = self.files.size(name)
        with self.files.open(name) as source, self._archive.open(info, "w") as target:
            # large blocks: the thread takes the global lock back after each call into C,
            # and waits for it while the writers run Python
            shutil.copyfileobj(source, target, ZIP_BLOCK)


def _described(files: Files, name: str) -> tuple[int, str, bytes]:
    first = files.first_line(name) if name.endswith(".csv") else b""
    return files.size(name), files.sha256(name), first


def data_package(files: dict[str, tuple[int, str, bytes]]) -> dict[str, object]:
    """The Data Package descriptor (Frictionless Data Package 1.0, with Table Schemas) of
    files given as their size, SHA-256 and (for CSV) header line."""
    return {
        "profile": "data-package",
        "name": STEM,
        "title": TITLE,
        "description": "The collaboration network of the knowledge base: who spoke at, "
                       "organised and hosted which events, which organisations worked on "
                       "which case studies, and what they discussed, with network measures. "
                       "People who asked to be named only by their role are not nodes; people "
                       "who withdrew consent appear nowhere.",
        "version": data_version(),
        "homepage": SITE,
        "licenses": [{"name": LICENCE_ID, "path": LICENCE_URL,
                      "title": "Creative Commons Attribution 4.0 International"}],
        "contributors": [{"title": ATTRIBUTION, "path": REPOSITORY, "role": "author"}],
        "sources": [{"title": f"{ATTRIBUTION}: seminar, event and case study records and "
                              "registries of people, organisations, themes, places, sectors "
                              "and projects", "path": REPOSITORY}],
        "keywords": ["information sharing", "public services", "social network analysis",
                     "boundary spanning"],
        "resources": [_resource(name, *described)
                      for name, described in sorted(files.items())],
    }


def _resource(path: str, size: int, digest: str, header_line: bytes) -> dict[str, object]:
    extension = path.rsplit(".", 1)[-1]
    mediatype, description = _FORMATS[extension]
    name = path.rsplit("/", 1)[-1].replace(".", "-").replace("_", "-").lower()
    found: dict[str, object] = {"name": name, "path": path, "format": extension,
                                "mediatype": mediatype, "encoding": "utf-8",
                                "bytes": size, "hash": "sha256:" + digest}
    if extension != "csv":
        return found | {"description": description}
    table, description = _TABLES.get(path, ("projection", "A one-mode projection: pairs of "
                                            "nodes and the records they share."))
    header = next(csv.reader(io.StringIO(header_line.decode())), [])
    return found | {"profile": "tabular-data-resource", "description": description,
                    "schema": _schema(table, header)}


def _schema(table: str, header: list[str]) -> dict[str, object]:
    fields = []
    for name in header:
        c = column(table, name)
        fields.append({"name": name, "type": c.type, "description": c.description,
                       **({"constraints": {"pattern": c.pattern}} if c.pattern else {})})
    schema: dict[str, object] = {"fields": fields, "missingValues": [""]}
    if table == "nodes":
        schema["primaryKey"] = ["id"]
    else:
        schema["foreignKeys"] = [{"fields": [end], "reference": {"resource": "nodes-csv",
                                                                 "fields": ["id"]}}
                                 for end in ("source", "target") if end in header]
    return schema


def citation(version_: str | None = None) -> str:
    """The reference to the data in words (Markdown, no user content)."""
    return (f"{ATTRIBUTION}. *{TITLE}* (version {version_ or data_version()}) [data set]. "
            f"Licensed under {LICENCE}. <{REPOSITORY}>")
