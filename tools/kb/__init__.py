"""The knowledge base pipeline: load -> validate -> resolve (``kb.corpus``) -> graph
(``kb.network``) -> pages (``kb.pages``), with the CLI (``kb.cli``) and the MkDocs plugin
(``kb.plugin``) as thin adapters.

The names in ``__all__`` are the public surface; everything else may change. Nothing in this
package imports MkDocs except :mod:`kb.plugin`. The network and pages stages are imported on
first use, so that ``kb validate`` does not pay for networkx and pyvis.
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from .corpus import Corpus, load_corpus
from .kinds import KINDS, RECORD_KINDS, Kind, RecordKind
from .model import Citation, Claim, Diagnostic, Document, Entity, PersonRef, Record

if TYPE_CHECKING:
    from .network import Network, export_files, plan_network, write_exports
    from .pages import Site, SiteOptions, plan_site

try:
    __version__ = version("isipp-kb")
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"

#: Public names of the later stages, and the module each comes from.
_LAZY = {"Network": "network", "export_files": "network", "plan_network": "network",
         "write_exports": "network", "Site": "pages", "SiteOptions": "pages",
         "plan_site": "pages"}

__all__ = [
    "KINDS", "RECORD_KINDS", "Citation", "Claim", "Corpus", "Diagnostic", "Document", "Entity",
    "Kind", "Network", "PersonRef", "Record", "RecordKind", "Site", "SiteOptions", "__version__",
    "export_files", "load_corpus", "plan_network", "plan_site", "write_exports",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
