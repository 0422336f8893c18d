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
import hashlib
import io
import json
import zipfile
from importlib.metadata import PackageNotFoundError, version

from .codebook import column
from .export import LICENCE, LICENCE_URL, STEM

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


def package_files(files: dict[str, bytes], last_modified: str) -> dict[str, bytes]:
    """``datapackage.json`` for ``files``, and the zip of them all with it."""
    descriptor = (json.dumps(data_package(files), ensure_ascii=False, indent=1) + "\n").encode()
    with_package = {**files, PACKAGE: descriptor}
    return {PACKAGE: descriptor, ZIP: bundle(with_package, last_modified)}


def data_package(files: dict[str, bytes]) -> dict[str, object]:
    """The Data Package descriptor (Frictionless Data Package 1.0, with Table Schemas)."""
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
        "resources": [_resource(name, content) for name, content in sorted(files.items())],
    }


def _resource(path: str, content: bytes) -> dict[str, object]:
    extension = path.rsplit(".", 1)[-1]
    mediatype, description = _FORMATS[extension]
    name = path.rsplit("/", 1)[-1].replace(".", "-").replace("_", "-").lower()
    found: dict[str, object] = {"name": name, "path": path, "format": extension,
                                "mediatype": mediatype, "encoding": "utf-8",
                                "bytes": len(content),
                                "hash": "sha256:" + hashlib.sha256(content).hexdigest()}
    if extension != "csv":
        return found | {"description": description}
    table, description = _TABLES.get(path, ("projection", "A one-mode projection: pairs of "
                                            "nodes and the records they share."))
    header = next(csv.reader(io.StringIO(content.split(b"\n", 1)[0].decode())), [])
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


def bundle(files: dict[str, bytes], last_modified: str) -> bytes:
    """A zip of ``files`` (sorted, dated ``last_modified``, the same bytes every time)."""
    stamp = tuple(int(p) for p in last_modified.split("-")) + (0, 0, 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=ZIP_LEVEL) as archive:
        for name, content in sorted(files.items()):
            info = zipfile.ZipInfo(f"{STEM}/{name}", date_time=stamp[:6])  # type: ignore[arg-type]
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content, compresslevel=ZIP_LEVEL)
    return buffer.getvalue()


def citation(version_: str | None = None) -> str:
    """The reference to the data in words (Markdown, no user content)."""
    return (f"{ATTRIBUTION}. *{TITLE}* (version {version_ or data_version()}) [data set]. "
            f"Licensed under {LICENCE}. <{REPOSITORY}>")
