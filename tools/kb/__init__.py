"""The knowledge base pipeline: load -> validate -> resolve -> graph -> render pages.

Nothing in this package imports MkDocs except :mod:`kb.plugin`.
"""

from __future__ import annotations

from .corpus import Corpus, load_corpus
from .model import Diagnostic, Document, Entity, PersonRef, Record, Source

__all__ = [
    "Corpus", "Diagnostic", "Document", "Entity", "PersonRef", "Record", "Source", "load_corpus",
]
