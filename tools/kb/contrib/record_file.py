"""How a new record's file is written: frontmatter (via python-frontmatter, with our quoting
and the schema comment) and body, as the contributing guide shows them."""

from __future__ import annotations

import re
from typing import Any

import frontmatter
import yaml

_PLAIN = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*\Z")
#: Words YAML 1.1 reads as yes/no or null: they are quoted even though they look like ids.
_YAML_WORDS = frozenset("y n yes no on off true false null".split())


def record_text(meta: dict[str, Any], body: str, schema_url: str | None = None) -> str:
    """The file: ``meta`` as YAML frontmatter, in its order, then ``body``; with
    ``schema_url``, a ``# yaml-language-server: $schema=...`` comment on the first line."""
    post = frontmatter.Post(body, **meta)
    return frontmatter.dumps(post, handler=_Handler(schema_url)) + "\n"


class _Handler(frontmatter.YAMLHandler):
    """python-frontmatter's YAML handler with our quoting and the schema comment."""

    def __init__(self, schema_url: str | None) -> None:
        super().__init__()
        self.schema_url = schema_url

    def export(self, metadata: dict[str, object], **kwargs: object) -> str:
        text = yaml.dump(metadata, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                         default_flow_style=False, width=10**9).strip()
        if self.schema_url:
            text = f"# yaml-language-server: $schema={self.schema_url}\n{text}"
        return text


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # "  - item" under a field, as in the guide

    def ignore_aliases(self, data: Any) -> bool:
        return True  # never write &anchors, even when two values are the same object

    def represent_mapping(self, tag: str, mapping: Any,
                          flow_style: bool | None = None) -> yaml.MappingNode:
        node = super().represent_mapping(tag, mapping, flow_style)
        for key, _ in node.value:
            key.style = None  # field names stay plain
        return node


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    plain = bool(_PLAIN.match(value)) and value not in _YAML_WORDS
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=None if plain else '"')


_Dumper.add_representer(str, _represent_str)
