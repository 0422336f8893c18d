"""The downloads as research data: a Frictionless Data Package and one zip of every file.

``datapackage.json`` describes every file: for each CSV, a Table Schema whose fields, types
and descriptions are the codebook (:mod:`kb.network.codebook`), with keys between the tables;
for the others, their format. It states the licence, version, sources and how to credit the
data, and each file's size and SHA-256, so ``frictionless validate datapackage.json`` checks
the lot. ``isipp-network.zip`` holds every file with the package, so one download is a valid
package. Both are byte-identical for the same corpus: no date but the data's own.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import zipfile
from importlib.metadata import PackageNotFoundError, version
from typing import BinaryIO

from .codebook import column
from .export import LICENCE, LICENCE_URL, STEM
from .files import BLOCK, Files

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


def package_files(files: Files, last_modified: str) -> None:
    """Add ``datapackage.json`` for ``files``, and the zip of them all with it, to ``files``.

    Both read the files back in blocks (sizes, SHA-256, the CSV headers, the zip's content),
    so no file is held whole in memory."""
    names = sorted(files.names)
    descriptor = data_package({name: _described(files, name) for name in names})
    with files.create(PACKAGE) as out:
        out.write((json.dumps(descriptor, ensure_ascii=False, indent=1) + "\n").encode())
    with files.create(ZIP, digest=False) as out:  # the zip seeks back to finish each entry
        bundle(files, sorted([*names, PACKAGE]), last_modified, out)


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


def bundle(files: Files, names: list[str], last_modified: str, out: BinaryIO) -> None:
    """A zip of ``names`` (in this order, dated ``last_modified``, the same bytes every
    time), each streamed from its file in blocks."""
    stamp = tuple(int(p) for p in last_modified.split("-")) + (0, 0, 0)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=ZIP_LEVEL) as archive:
        for name in names:
            info = zipfile.ZipInfo(f"{STEM}/{name}", date_time=stamp[:6])  # type: ignore[arg-type]
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            # what ZipFile.writestr(info, data, compresslevel) sets; open() takes it from info
            info._compresslevel = ZIP_LEVEL  # type: ignore[attr-defined]
            # the size as writestr gives it: the header records it, and so the same bytes
            info.file_size = files.size(name)
            with files.open(name) as source, archive.open(info, "w") as target:
                shutil.copyfileobj(source, target, BLOCK)


def citation(version_: str | None = None) -> str:
    """The reference to the data in words (Markdown, no user content)."""
    return (f"{ATTRIBUTION}. *{TITLE}* (version {version_ or data_version()}) [data set]. "
            f"Licensed under {LICENCE}. <{REPOSITORY}>")
