"""The form's JSON Schema checker (propose.js) understands every keyword kb.json_schema emits.

propose.js walks the schema that kb.pages.propose puts in the page, so its rules come from
kb.json_schema; what could drift is the set of keywords. The script lists the ones it checks
(``SCHEMA_KEYWORDS``) and refuses a value under any other; this test fails first, when
kb.json_schema starts to emit a keyword the script does not know.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kb.corpus import corpus_vocabulary, load_corpus
from kb.json_schema import all_schemas

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tools" / "kb" / "pages" / "assets" / "propose.js"


def script_keywords() -> set[str]:
    match = re.search(r"var SCHEMA_KEYWORDS = (\[[^\]]*\]);", SCRIPT.read_text(encoding="utf-8"))
    assert match, "propose.js should list the keywords it checks in SCHEMA_KEYWORDS"
    return set(json.loads(match[1]))


def keywords(schema: dict[str, Any]) -> Iterator[str]:
    """Every keyword in a schema and the schemas inside it."""
    yield from schema
    inner = [*schema.get("anyOf", []), *schema.get("properties", {}).values()]
    if "items" in schema:
        inner.append(schema["items"])
    for sub in inner:
        yield from keywords(sub)


def test_the_script_knows_every_keyword_the_schemas_use():
    vocab = corpus_vocabulary(load_corpus(ROOT))
    used = {k for vocabulary in (None, vocab) for schema in all_schemas(vocabulary).values()
            for k in keywords(schema)}
    assert used - script_keywords() == set()
    assert {"anyOf", "pattern", "enum", "required", "errorMessage"} <= used
