"""The documentation keeps up with the code: every field and every plugin option is described."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

from kb.schema import COLLECTION_FIELDS, REGISTRY_FIELDS

REFERENCE = (ROOT / "docs" / "contribute" / "fields.md").read_text(encoding="utf-8")
ALL_FIELDS = sorted({f.name for fields in COLLECTION_FIELDS.values() for f in fields}
                    | {f.name for fields in REGISTRY_FIELDS.values() for f in fields})


@pytest.mark.parametrize("name", ALL_FIELDS)
def test_every_field_is_in_the_field_reference(name):
    assert f"`{name}`" in REFERENCE, f"field '{name}' is missing from docs/contribute/fields.md"


def test_every_plugin_option_is_documented():
    source = (ROOT / "tools" / "kb" / "plugin.py").read_text()
    options = re.findall(r"^    (\w+) = c\.", source, re.M)
    assert options, "no plugin options found"
    for option in options:
        assert f"| `{option}` |" in REFERENCE, f"plugin option '{option}' is not documented"


@pytest.mark.parametrize("registry", sorted(REGISTRY_FIELDS))
def test_every_registry_is_in_the_field_reference(registry):
    assert f"`{registry}.yml`" in REFERENCE


def test_every_diagnostic_code_is_explained():
    """Every code the golden files show a contributor is in the field reference."""
    golden = ROOT / "tests" / "golden" / "validate"
    codes = {m for f in golden.glob("*/expected.txt")
             for m in re.findall(r"\[([a-z0-9-]+)\]$", f.read_text(), re.M)}
    assert codes, "no golden outputs found"
    missing = sorted(c for c in codes if f"`{c}`" not in REFERENCE)
    assert not missing, f"codes missing from docs/contribute/fields.md: {missing}"
